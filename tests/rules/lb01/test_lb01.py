"""LB-01: a CODE_DEPLOY service needs exactly one ELBv2 load balancer entry."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_no_load_balancer_is_an_error_naming_the_group():
    path = HERE / "bad_no_load_balancer.yaml"
    found = findings(path)
    assert summary(found) == [("E9C21", "Service", line_of(path, "Properties:", 7))]
    assert "has no LoadBalancers entry" in found[0].message
    assert [r.resource for r in found[0].related] == ["DeploymentGroup"]


def test_two_entries_is_an_error_at_the_second():
    path = HERE / "bad_two_load_balancers.yaml"
    found = findings(path)
    assert summary(found) == [("E9C21", "Service", line_of(path, "- ContainerName: web", 2))]
    assert "2 LoadBalancers entries" in found[0].message


def test_conditional_load_balancer_names_the_branch():
    path = HERE / "bad_conditional_load_balancer.yaml"
    found = findings(path)
    assert summary(found) == [("E9C21", "Service", line_of(path, "LoadBalancers: !If"))]
    assert found[0].message.endswith("(when UseLb=false)")


def test_one_entry_on_the_blue_target_group_is_fine():
    assert findings(HERE / "good_one_load_balancer.yaml") == []


def test_a_classic_load_balancer_on_one_branch_is_an_error_on_that_branch():
    # read per Fn::If branch (LoadBalancerEntry.kinds, as NBG-04 does), not from the entry as written
    path = HERE / "bad_classic_load_balancer_on_one_branch.yaml"
    found = findings(path)
    assert summary(found) == [("E9C21", "Service", line_of(path, "LoadBalancerName: !If"))]
    assert "with a Classic Load Balancer" in found[0].message
    assert found[0].message.endswith("(when UseClassic=true)")


def test_a_classic_load_balancer_is_an_error():
    path = HERE / "bad_classic_load_balancer.yaml"
    found = findings(path)
    assert summary(found) == [("E9C21", "Service", line_of(path, "LoadBalancerName: legacy-elb"))]
    assert "with a Classic Load Balancer" in found[0].message
