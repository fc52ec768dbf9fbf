"""Resolution across stacks: exports and imports between plain template files of one run."""

from pathlib import Path

from helpers import findings, line_of, summary

from cfncheck.inputs.files import load_inputs
from cfncheck.template.resolve import Resolver
from cfncheck.template.values import Lit, ResRef, Unknown

HERE = Path(__file__).parent
IMPORTS = HERE / "imports"


def test_deployment_group_in_another_stack_finds_the_service_through_imports():
    found = findings(IMPORTS)
    service = IMPORTS / "service.yaml"
    assert summary(found) == [("E9C01", "Service", line_of(service, "Properties:"))]
    f = found[0]
    assert f.location.stack == "service"
    assert [(r.stack, r.resource) for r in f.related] == [("deploy", "DeploymentGroup")]
    # the target group pair, listeners and config resolved too: no other finding, no "cannot verify"


def test_one_stack_alone_cannot_verify_its_imports():
    found = findings(IMPORTS / "deploy.yaml")
    # nothing is guessed: every check that needs an import says "cannot verify" at info
    assert [(f.rule, f.location.resource) for f in found] == [("I9C01", "DeploymentGroup"),
                                                              ("I9C27", "DeploymentGroup")]
    assert "no stack in this run exports 'service-ServiceName'" in found[0].message
    assert "no stack in this run exports 'network-ProdListener'" in found[1].message


def _resolver(*paths: Path) -> tuple[Resolver, dict]:
    loaded = load_inputs(list(paths))
    assert not loaded.errors
    return Resolver(loaded.stacks), {s.name: s for s in loaded.stacks}


def test_export_names_built_with_sub_and_join_over_the_stack_name():
    r, stacks = _resolver(IMPORTS)
    exports = r.exports()
    assert set(exports) >= {"network-BlueTargetGroupArn", "network:BlueTargetGroupName", "network-ProdListener",
                            "service-ServiceName"}
    value = r.resolve(stacks["deploy"], {"Fn::ImportValue": "network-ProdListener"})
    assert [b.value for b in value] == [ResRef(next(n for n in [_node(stacks["network"], "ProdListener")]), None)]


def _node(stack, logical_id):
    from cfncheck.template.values import Node
    return Node(stack, logical_id)


def test_fn_if_yields_every_branch_with_its_condition(tmp_path):
    t = tmp_path / "t.yaml"
    t.write_text("Parameters: {Env: {Type: String}}\n"
                 "Conditions: {IsProd: !Equals [!Ref Env, prod], Always: !Equals [a, a]}\n"
                 "Resources:\n  Q: {Type: AWS::SQS::Queue}\n"
                 "Outputs:\n  O: {Value: !If [IsProd, !Ref Q, !If [Always, literal, never]]}\n")
    r, stacks = _resolver(t)
    out = r.resolve(stacks["t"], stacks["t"].template["Outputs"]["O"]["Value"])
    assert [(b.value, sorted(b.conds)) for b in out] == [
        (ResRef(_node(stacks["t"], "Q")), [("t", "IsProd", True)]),
        (Lit("literal"), [("t", "IsProd", False)]),  # Always is decided from the files: no choice recorded
    ]


def test_circular_imports_and_parameters_are_unknown_not_a_hang(tmp_path):
    (tmp_path / "a.yaml").write_text(
        "Resources: {Q: {Type: AWS::SQS::Queue}}\n"
        "Outputs: {X: {Value: !ImportValue b-x, Export: {Name: a-x}}}\n")
    (tmp_path / "b.yaml").write_text(
        "Resources: {Q: {Type: AWS::SQS::Queue}}\n"
        "Outputs: {X: {Value: !ImportValue a-x, Export: {Name: b-x}}}\n")
    r, stacks = _resolver(tmp_path)
    out = r.resolve(stacks["a"], {"Fn::ImportValue": "b-x"})
    assert len(out) == 1 and isinstance(out[0].value, Unknown)
    assert "circular" in out[0].value.reason


def test_select_split_and_find_in_map(tmp_path):
    t = tmp_path / "t.yaml"
    t.write_text("Mappings: {M: {eu: {name: svc-eu}}}\n"
                 "Resources: {Q: {Type: AWS::SQS::Queue}}\n"
                 "Outputs:\n"
                 "  A: {Value: !Select [2, !Split ['/', 'arn:aws:ecs:eu-west-1:1:service/cluster/web']]}\n"
                 "  B: {Value: !FindInMap [M, eu, name]}\n"
                 "  C: {Value: !Sub '${AWS::Region}-x'}\n")
    r, stacks = _resolver(t)
    outputs = stacks["t"].template["Outputs"]
    assert r.resolve(stacks["t"], outputs["A"]["Value"])[0].value == Lit("web")
    assert r.resolve(stacks["t"], outputs["B"]["Value"])[0].value == Lit("svc-eu")
    c = r.resolve(stacks["t"], outputs["C"]["Value"])[0].value
    assert isinstance(c, Unknown) and "AWS::Region" in c.reason
