"""Output formats for CI: SARIF (validated against the official 2.1.0 schema), JUnit, GitHub annotations."""

import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from helpers import REPO, SAMPLES, SHARED, TESTS, run_cli

SCHEMA = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text())
BROKEN = SAMPLES / "payment-platform" / "cdk.out.broken-nested"


@pytest.mark.parametrize("target,lint", [
    (BROKEN, False),
    (SAMPLES / "payment-platform" / "cdk.out.fixed-sibling", True),  # cfn-lint results and dropped ones
    (SHARED / "corpus" / "aws-cdk" / "ecs-capacity-provider-codedeploy", True),
    (TESTS / "rules" / "lb01" / "bad_conditional_load_balancer.yaml", False),
    # a finding on a template section (Outputs), not on a resource
    (SAMPLES / "blue-green-scenarios" / "cdk.out.external-hook-broken", True),
])
def test_sarif_validates_against_the_official_schema(tmp_path, target, lint):
    out = tmp_path / "out.sarif"
    args = ["check", "--format", f"sarif:{out}", str(target)] + ([] if lint else ["--no-cfn-lint"])
    proc = run_cli(*args, cwd=REPO)
    assert proc.returncode in (0, 1), proc.stderr
    doc = json.loads(out.read_text())
    jsonschema.validate(doc, SCHEMA)
    run = doc["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert sorted({r["ruleId"] for r in run["results"]}) == rule_ids
    for result in run["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert not uri.startswith(("/", "file:")) and (REPO / uri).is_file(), uri  # repository-relative


def test_sarif_of_the_broken_sample_carries_rules_levels_and_construct_paths(tmp_path):
    out = tmp_path / "out.sarif"
    info_only = REPO / "tests" / "regressions" / "select_unicode_digit.json"  # one I9C01, a SARIF note
    run_cli("check", "--no-cfn-lint", "--format", f"sarif:{out}", str(BROKEN), str(info_only), cwd=REPO)
    run = json.loads(out.read_text())["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["E9C01"]["helpUri"].startswith("https://docs.aws.amazon.com/")
    assert "## Why is this bad?" in rules["E9C01"]["fullDescription"]["text"]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["E9C01"] == "error" and levels["I9C01"] == "note"
    e9c01 = next(r for r in run["results"] if r["ruleId"] == "E9C01")
    logical = e9c01["locations"][0]["logicalLocations"][0]
    assert logical == {"name": "PaymentsApiServiceB855542B", "kind": "resource",
                       "fullyQualifiedName": "PaymentPlatform/Ecs/PaymentsApiService/Service",
                       "decoratedName": "aws-cdk-lib.aws_ecs.FargateService"}
    # the sample records creation stacks: the result is on the app's line, the template position comes first in
    # relatedLocations (tests/test_source_lines.py has the line itself)
    assert e9c01["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("ecs_services.py")
    template = e9c01["relatedLocations"][0]
    assert template["physicalLocation"]["region"] == {"startLine": 154, "startColumn": 4}
    assert template["physicalLocation"]["artifactLocation"]["uri"].endswith("PaymentPlatformEcs1B9A4B17.nested."
                                                                           "template.json")
    assert e9c01["relatedLocations"][1]["logicalLocations"][0]["name"] == "PaymentsApiDeploymentGroupD15B6391"


def test_junit_has_a_testcase_per_rule_per_template(tmp_path):
    out = tmp_path / "out.xml"
    run_cli("check", "--no-cfn-lint", "--format", f"junit:{out}", str(BROKEN), cwd=REPO)
    root = ET.parse(out).getroot()
    suites = root.findall("testsuite")
    assert len(suites) == 8  # one per template of the assembly
    from cfncheck.rules import all_rules

    assert all(len(s.findall("testcase")) == len(all_rules()) for s in suites)  # one per cfncheck rule
    failed = {(s.get("name").rsplit("/", 1)[-1], c.get("name")) for s in suites for c in s.findall("testcase")
              if c.find("failure") is not None}
    ecs = "PaymentPlatformEcs1B9A4B17.nested.template.json"
    deploy = "PaymentPlatformDeploymentBB108E87.nested.template.json"
    assert failed == {(ecs, "CTRL-01"), (ecs, "CTRL-02"), (ecs, "CTRL-03"), (ecs, "LB-01"), (ecs, "LB-02"),
                      (deploy, "LB-07"), (deploy, "CD-04")}
    assert root.get("failures") == "7"
    failure = next(c for s in suites for c in s.findall("testcase") if c.get("name") == "CTRL-01"
                   and c.find("failure") is not None).find("failure")
    assert failure.get("type") == "error" and "ecs_services.py:" in failure.text
    assert ".nested.template.json:154:4): E9C01" in failure.text


def test_github_annotations_escape_and_locate():
    untraced = SAMPLES / "blue-green-scenarios" / "cdk.out.nlb-codedeploy-broken"  # no creation stacks
    proc = run_cli("check", "--no-cfn-lint", "--format", "github", str(untraced), cwd=REPO)
    lines = proc.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("::error file=samples/blue-green-scenarios/"
                                                   "cdk.out.nlb-codedeploy-broken/")
    assert ",line=" in lines[0] and ",col=" in lines[0]
    proc = run_cli("check", "--no-cfn-lint", "--format", "github", str(BROKEN), cwd=REPO)
    lines = proc.stdout.splitlines()
    assert len(lines) == 7 and all(line.startswith("::error ") for line in lines)
    first = next(line for line in lines if "title=E9C01" in line)
    # on the app's source line, the template position in the message
    assert first.startswith("::error file=samples/payment-platform/payment_platform/ecs_services.py,line=")
    template = "samples/payment-platform/cdk.out.broken-nested/PaymentPlatformEcs1B9A4B17.nested.template.json"
    assert f"template {template}:154" in first
    assert "%0AFix (CDK, Python): " in first and "\n" not in first


def test_several_formats_in_one_run(tmp_path):
    sarif, junit = tmp_path / "a.sarif", tmp_path / "a.xml"
    proc = run_cli("check", "--no-cfn-lint", "--format", "text", "--format", f"sarif:{sarif}",
                   "--format", f"junit:{junit}", str(BROKEN), cwd=REPO)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[-1].startswith("7 error(s)")
    assert json.loads(sarif.read_text())["version"] == "2.1.0" and ET.parse(junit).getroot().tag == "testsuites"
    two_on_stdout = run_cli("check", "--format", "text", "--format", "json", str(BROKEN))
    assert two_on_stdout.returncode == 2 and "only one format can go to standard output" in two_on_stdout.stderr


def test_colour_only_on_a_terminal_and_never_with_no_color():
    from cfncheck.cli import _color

    class Tty:
        def isatty(self):
            return True

    import os
    old = os.environ.pop("NO_COLOR", None)
    try:
        assert _color(Tty()) is True
        os.environ["NO_COLOR"] = "1"
        assert _color(Tty()) is False
    finally:
        os.environ.pop("NO_COLOR", None)
        if old is not None:
            os.environ["NO_COLOR"] = old
    proc = run_cli("check", "--no-cfn-lint", str(BROKEN))  # a pipe: no escape codes
    assert "\033[" not in proc.stdout
