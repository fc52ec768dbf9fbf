"""cfncheck graph: each deployment drawn as Mermaid (or dot), with the offending edges and nodes marked."""

import re

from helpers import SAMPLES, run_cli

SAMPLE = SAMPLES / "payment-platform"


def _blocks(text: str) -> dict[str, str]:
    blocks = re.findall(r"```mermaid\n(.*?)```", text, flags=re.S)
    return {re.search(r"%% (\S+)", b).group(1): b for b in blocks}


def test_broken_sample_marks_what_is_wrong():
    proc = run_cli("graph", str(SAMPLE / "cdk.out.broken-sibling"))
    assert proc.returncode == 0
    blocks = _blocks(proc.stdout)
    assert sorted(blocks) == ["LedgerDeploymentGroupBDEEAFF5", "NotificationsDeploymentGroup",
                              "PaymentsApiDeploymentGroupD15B6391"]
    payments = blocks["PaymentsApiDeploymentGroupD15B6391"]
    assert re.search(r'n1 -->\|"deploys ✗ E9C01"\| n2', payments)
    assert "linkStyle 0 stroke:#d1242f" in payments
    notifications = blocks["NotificationsDeploymentGroup"]
    assert '-->|"registered in ✗ E9C22"|' in notifications and '-->|"test route ✗ E9C27"|' in notifications
    assert "LegacyTargetGroupEA3E39BA" in notifications and "LedgerLoadBalancerTestListener0CE2596D" in notifications
    assert "class n1,n2 bad" in notifications  # the group (E9C44) and the service (E9C02)
    assert "<b>E9C03 E9C21</b>" in blocks["LedgerDeploymentGroupBDEEAFF5"]


def test_fixed_sample_draws_the_same_wiring_without_marks():
    proc = run_cli("graph", str(SAMPLE / "cdk.out.fixed-nested"))
    blocks = _blocks(proc.stdout)
    assert len(blocks) == 3
    assert "✗" not in proc.stdout and "linkStyle" not in proc.stdout and "class " not in proc.stdout
    for block in blocks.values():
        assert '"prod route"' in block and '"test route"' in block and '"blue"' in block and '"green"' in block


def test_dot_output():
    proc = run_cli("graph", "--format", "dot", str(SAMPLE / "cdk.out.broken-nested"))
    assert proc.stdout.startswith("digraph cfncheck {") and proc.stdout.rstrip().endswith("}")
    assert proc.stdout.count("subgraph cluster_") == 3
    assert re.search(r'n1_\d -> n2_\d \[label="deploys ✗ E9C01", color="#d1242f"', proc.stdout)
