"""`--previous`: real previous/next cloud assemblies synthesized with aws-cdk-lib (samples/update-pairs and the
seed migration of samples/payment-platform), each pair with the findings the update adds."""

import pytest
from helpers import SAMPLES, run_cli, run_json, update_findings

PAIRS = SAMPLES / "update-pairs"

# (previous, next) -> the findings --previous adds: (rule, logical id)
EXPECTED = {
    ("base", "base"): [],
    ("base", "image-changed"): [],
    ("base", "network-changed"): [("E9D63", "ServiceD69D759B")],
    ("base", "platform-changed"): [("E9D63", "ServiceD69D759B")],
    ("base", "registry-added"): [("E9D63", "ServiceD69D759B")],
    ("base", "lb-changed"): [("E9D62", "ServiceD69D759B")],
    ("base", "listener-changed"): [("W9D65", "LoadBalancerProdListenerC5803EFD")],
    ("base", "table-key-changed"): [("E9D71", "OrdersTable315BB997")],
    ("base", "bucket-removed"): [("W9D73", "ReceiptsBucket913676D9")],
    ("named-service", "named-service-renamed-construct"): [("E9D72", "OrdersService70141735")],
    ("named-service", "named-service-new-cluster"): [("E9D66", "ServiceD69D759B")],
    ("rolling", "base"): [("E9C10", "ServiceD69D759B")],
}


@pytest.mark.parametrize(("previous", "following"), list(EXPECTED), ids=lambda v: v)
def test_update_pair(previous, following):
    found = update_findings(PAIRS / f"cdk.out.{following}", PAIRS / f"cdk.out.{previous}")
    assert [(f.rule, f.location.resource) for f in found] == EXPECTED[(previous, following)]
    for f in found:  # both sides: the finding in one assembly, the deployed side in related
        sides = {f.location.template, *(r.template for r in f.related)}
        assert any(f"cdk.out.{previous}/" in s for s in sides), sides


def test_seed_migration_rolling_services_to_code_deploy():
    """The incident's fix deployed over the rolling services: every service fails the update (aws-cdk#36012)."""
    app = SAMPLES / "payment-platform"
    found = update_findings(app / "cdk.out.fixed-nested", app / "cdk.out.rolling-nested")
    assert sorted((f.rule, f.location.resource) for f in found) == [
        ("E9C10", "LedgerService4B131B90"), ("E9C10", "NotificationsServiceB95468EA"),
        ("E9C10", "PaymentsApiServiceB855542B")]
    assert all("Unable to update task definition" in f.message for f in found)


def test_every_assembly_against_itself_adds_nothing():
    for out in sorted(SAMPLES.glob("*/cdk.out.*")):
        assert update_findings(out, out) == [], out.name


def test_cli_previous_and_its_bad_input():
    code, report, _ = run_json(str(PAIRS / "cdk.out.lb-changed"), "--previous", str(PAIRS / "cdk.out.base"),
                               "--no-cfn-lint")
    assert code == 1 and [f["rule"] for f in report["findings"]] == ["E9D62"]
    proc = run_cli("check", str(PAIRS / "cdk.out.base"), "--previous", str(PAIRS / "missing"), "--no-cfn-lint")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].endswith("update-pairs/missing: no such file or directory"), lines


def test_the_deployed_side_shares_what_is_written_the_same(tmp_path):
    """With --previous, a template whose text is the same on both sides is parsed once (the benchmark's own pass
    with --previous against itself costs 1.2-1.6x the pass without it instead of about 2x); one written
    differently is parsed on its own."""
    from cfncheck.inputs.documents import load_document, shared_documents

    same_a, same_b, other = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "c.json"
    text = '{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}'
    same_a.write_text(text)
    same_b.write_text(text)
    other.write_text(text.replace("Queue", "Queue", 1) + " ")
    assert load_document(same_a).data is not load_document(same_b).data  # outside the block: nothing kept
    with shared_documents():
        a, b, c = load_document(same_a), load_document(same_b), load_document(other)
        assert a.data is b.data and a.positions is b.positions and b.path == same_b
        assert c.data is not a.data and c.data == a.data
    assert load_document(same_a).data is not a.data
