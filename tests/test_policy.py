"""The policy: re-grades and suppressions agree, whichever way a rule is named."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import TESTS

from cfncheck.engine import check_paths
from cfncheck.findings import Severity
from cfncheck.policy import Policy
from cfncheck.rules import find_rule

BAD = TESTS / "rules" / "ctrl02" / "bad_enabled.yaml"  # one E9C02 on the service


def test_two_entries_for_one_rule_give_one_severity_for_report_and_suppressions() -> None:
    policy = Policy((), (("LB-07", "info"), ("E9C27", "error")))  # the later entry wins
    rule = find_rule("LB-07")
    assert policy.severity_of(rule, Severity.WARNING) is Severity.ERROR
    found = check_paths([BAD], policy=Policy((), (("CTRL-02", "info"), ("E9C02", "warning")))).findings
    assert [(f.rule, f.severity) for f in found] == [("W9C02", Severity.WARNING)]


@pytest.mark.parametrize("suppressed", ["W9C02", "E9C02"])
def test_a_regraded_rule_is_suppressed_by_its_new_or_its_original_id(tmp_path: Path, suppressed: str) -> None:
    service = "  Service:\n    Type: AWS::ECS::Service\n"
    assert service in BAD.read_text()
    path = tmp_path / "suppressed.yaml"
    path.write_text(BAD.read_text().replace(
        service, f"{service}    Metadata: {{cfn-lint: {{config: {{ignore_checks: [{suppressed}]}}}}}}\n"))
    policy = Policy((), (("CTRL-02", "warning"),))
    assert [f.rule for f in check_paths([BAD], policy=policy).findings] == ["W9C02"]
    assert check_paths([path], policy=policy).findings == []
