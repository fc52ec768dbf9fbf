"""The template layer and the blue/green model, one relation at a time, each on a short template.

The rule tests (tests/rules/) test judgements; these test the facts the rules ask for.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from cfncheck.inputs.files import load_inputs
from cfncheck.model import Model
from cfncheck.model.codedeploy import Shifting
from cfncheck.model.tasks import TaskDefinition
from cfncheck.template.values import ALWAYS, MISSING, Lit, Node, ResRef, Unknown


@pytest.fixture
def model_of(tmp_path: Path):  # noqa: ANN201
    count = iter(range(1000))

    def build(*templates: str) -> Model:
        paths = []
        for text in templates:
            path = tmp_path / f"t{next(count)}.yaml"
            path.write_text("Resources:\n" + textwrap.indent(textwrap.dedent(text), "  ")
                            if not text.lstrip().startswith(("Resources:", "Parameters:", "Conditions:", "Outputs:"))
                            else textwrap.dedent(text))
            paths.append(path)
        loaded = load_inputs(paths)
        assert not loaded.errors, loaded.errors
        return Model(loaded.stacks)
    return build


def _only(items: list) -> object:
    assert len(items) == 1, items
    return items[0]


# ---------------------------------------------------------------------- the template layer
def test_references_resolve_across_stacks_and_fn_if_branches(model_of) -> None:
    m = model_of("""
        Conditions: {Prod: {"Fn::Equals": [{Ref: Env}, prod]}}
        Parameters: {Env: {Type: String}}
        Resources:
          Tg: {Type: AWS::ElasticLoadBalancingV2::TargetGroup}
        Outputs:
          TgArn: {Value: {Ref: Tg}, Export: {Name: net-tg}}
        """, """
        Svc:
          Type: AWS::ECS::Service
          Properties:
            ServiceName: {"Fn::Sub": "web-${AWS::Region}"}
            LoadBalancers: [{TargetGroupArn: {"Fn::ImportValue": net-tg}}]
        """)
    service = _only(m.services)
    tg = _only(service.target_groups()).value
    assert isinstance(tg, Node) and tg.logical_id == "Tg"
    assert isinstance(_only(service.prop("ServiceName")).value, Unknown)  # the Region is known at deploy time


def test_conditions_give_static_values_and_exclude_impossible_choices(model_of) -> None:
    m = model_of("""
        Parameters: {Mode: {Type: String, AllowedValues: [bg, rolling]}}
        Conditions:
          Always: {"Fn::Equals": [a, a]}
          IsBG: {"Fn::Equals": [{Ref: Mode}, bg]}
          IsRolling: {"Fn::Not": [{Condition: IsBG}]}
        Resources:
          Svc: {Type: AWS::ECS::Service, Condition: Always}
        """)
    stack = m.stacks[0]
    assert m.t.conditions.value(stack, "Always") is True and m.t.conditions.value(stack, "IsBG") is None
    name = stack.name
    assert not m.satisfiable(frozenset({(name, "IsBG", True), (name, "IsRolling", True)}))
    assert m.satisfiable(frozenset({(name, "IsBG", False), (name, "IsRolling", True)}))
    assert _only(m.services).conds == ALWAYS


@pytest.mark.parametrize("join", [
    ["-", ["a", {"Ref": "AWS::NoValue"}, "b"]],
    ["-", ["a", {"Fn::If": ["C", "x", {"Ref": "AWS::NoValue"}]}, "b"]],
    [":", ["a", True, 8080]],
])
def test_lenient_string_patterns_read_fn_join_as_the_resolver_does(model_of, join: list) -> None:
    m = model_of("""
        Parameters: {E: {Type: String}}
        Conditions: {C: {"Fn::Equals": [{Ref: E}, x]}}
        Resources: {}
        """)
    r, stack = m.t.r, m.stacks[0]
    resolved = {(b.value.value, b.conds) for b in r.resolve(stack, {"Fn::Join": join})}
    assert {("".join(b.value), b.conds) for b in r.patterns(stack, {"Fn::Join": join})} == resolved


def test_a_parameter_is_used_by_ref_or_by_a_sub_variable_not_by_literal_text() -> None:
    from cfncheck.template.intrinsics import scan

    props = {"A": "plain ${Secret} text", "B": {"Fn::Sub": "escaped ${!Secret}"},
             "C": {"Fn::Sub": ["${Secret}-${X}", {"X": "x"}]}, "D": {"Ref": "Other"}}
    found = scan(props, ("Properties",), {"Secret", "Other", "X"})
    assert found.parameters == {"Secret": ("Properties", "C", "Fn::Sub", 0), "Other": ("Properties", "D")}


def test_creation_order_follows_depends_on_and_references(model_of) -> None:
    m = model_of("""
        Listener: {Type: AWS::ElasticLoadBalancingV2::Listener}
        Rule: {Type: AWS::ElasticLoadBalancingV2::ListenerRule, Properties: {ListenerArn: {Ref: Listener}}}
        Svc: {Type: AWS::ECS::Service, DependsOn: Rule}
        Other: {Type: AWS::ECS::Service}
        """)
    svc, other = m.services
    listener = _only(m.listeners)
    assert m.created_before(svc, [listener]) and not m.created_before(other, [listener])


# ---------------------------------------------------------------------- ECS services
def test_controller_default_explicit_and_parameter(model_of) -> None:
    m = model_of("""
        Parameters: {Ctrl: {Type: String, AllowedValues: [CODE_DEPLOY, EXTERNAL]}}
        Resources:
          Default: {Type: AWS::ECS::Service}
          Explicit: {Type: AWS::ECS::Service, Properties: {DeploymentController: {Type: CODE_DEPLOY}}}
          Param: {Type: AWS::ECS::Service, Properties: {DeploymentController: {Type: {Ref: Ctrl}}}}
        """)
    default, explicit, param = (_only(s.controllers()).value for s in m.services)
    assert (default.kind, default.explicit) == ("ECS", False)
    assert (explicit.kind, explicit.not_ecs) == ("CODE_DEPLOY", True)
    assert param.kind is None and param.may_be("EXTERNAL") and not param.may_be("ECS")
    assert [len(s.on_ecs()) for s in m.services] == [1, 0, 0]


def test_strategy_and_native_strategies(model_of) -> None:
    m = model_of("""
        Rolling: {Type: AWS::ECS::Service}
        Native: {Type: AWS::ECS::Service, Properties: {DeploymentConfiguration: {Strategy: BLUE_GREEN}}}
        """)
    rolling, native = m.services
    assert _only(rolling.strategies()).value.shown == "ROLLING (the default: Strategy is not set)"
    assert not rolling.native_strategies() and _only(native.native_strategies()).value.name == "BLUE_GREEN"


def test_fargate_from_launch_type_capacity_providers_and_the_cluster_default(model_of) -> None:
    m = model_of("""
        Cluster:
          Type: AWS::ECS::Cluster
          Properties: {DefaultCapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOT}]}
        ByType: {Type: AWS::ECS::Service, Properties: {LaunchType: EC2}}
        ByStrategy: {Type: AWS::ECS::Service, Properties: {CapacityProviderStrategy: [{CapacityProvider: FARGATE}]}}
        ByCluster: {Type: AWS::ECS::Service, Properties: {Cluster: {Ref: Cluster}}}
        """)
    assert [_only(s.fargate()).value for s in m.services] == [Lit(False), Lit(True), Lit(True)]


def test_a_service_without_cluster_runs_in_the_default_cluster(model_of) -> None:
    m = model_of("""
        Default:
          Type: AWS::ECS::Cluster
          Properties: {ClusterName: default, DefaultCapacityProviderStrategy: [{CapacityProvider: FARGATE}]}
        Svc: {Type: AWS::ECS::Service, Properties: {ServiceName: web}}
        """)
    service = _only(m.services)
    assert _only(service.clusters()).value == Node(m.stacks[0], "Default")
    assert _only(service.fargate()).value == Lit(True)  # the default cluster's strategy (FEAT-03 reads the same)


def test_fargate_per_fn_if_choice_of_the_capacity_provider_strategy(model_of) -> None:
    m = model_of("""
        Parameters: {Spot: {Type: String}}
        Conditions: {IsSpot: {"Fn::Equals": [{Ref: Spot}, "yes"]}}
        Resources:
          Provider: {Type: AWS::ECS::CapacityProvider}
          Svc:
            Type: AWS::ECS::Service
            Properties:
              CapacityProviderStrategy:
                - "Fn::If": [IsSpot, {CapacityProvider: FARGATE_SPOT}, {CapacityProvider: {Ref: Provider}}]
        """)
    spot = m.stacks[0].name, "IsSpot"
    assert {(f.value, f.conds) for f in _only(m.services).fargate()} == {
        (Lit(True), frozenset({(*spot, True)})), (Lit(False), frozenset({(*spot, False)}))}


def test_task_definition_by_ref_and_by_family_and_its_network_mode(model_of) -> None:
    m = model_of("""
        Fargate:
          Type: AWS::ECS::TaskDefinition
          Properties: {Family: web, RequiresCompatibilities: [FARGATE]}
        Ec2: {Type: AWS::ECS::TaskDefinition, Properties: {Family: worker}}
        ByFamily: {Type: AWS::ECS::Service, Properties: {TaskDefinition: "web:3"}}
        ByRef: {Type: AWS::ECS::Service, Properties: {TaskDefinition: {Ref: Ec2}}}
        Outside: {Type: AWS::ECS::Service, Properties: {TaskDefinition: elsewhere, LaunchType: FARGATE}}
        """)
    by_family, by_ref, outside = m.services
    td = _only(by_family.task_definitions()).value
    assert isinstance(td, TaskDefinition) and td.logical_id == "Fargate"
    assert _only(by_family.network_modes()).value is None  # Fargate without NetworkMode: ECS rejects it
    assert _only(by_ref.network_modes()).value == Lit("bridge")
    assert _only(outside.network_modes()).value == Lit("awsvpc")  # a Fargate service runs awsvpc tasks


# ---------------------------------------------------------------------- CodeDeploy
GROUP = """
Svc: {Type: AWS::ECS::Service, Properties: {ServiceName: web, Cluster: {Ref: Cluster}}}
Cluster: {Type: AWS::ECS::Cluster, Properties: {ClusterName: main}}
Blue: {Type: AWS::ElasticLoadBalancingV2::TargetGroup, Properties: {Name: blue}}
Green: {Type: AWS::ElasticLoadBalancingV2::TargetGroup}
Prod: {Type: AWS::ElasticLoadBalancingV2::Listener}
Group:
  Type: AWS::CodeDeploy::DeploymentGroup
  Properties:
    DeploymentConfigName: %s
    ECSServices: [{ServiceName: web, ClusterName: main}]
    LoadBalancerInfo:
      TargetGroupPairInfoList:
        - TargetGroups: [{Name: blue}, {Name: {"Fn::GetAtt": [Green, TargetGroupName]}}]
          ProdTrafficRoute: {ListenerArns: [{Ref: Prod}]}
"""


def test_a_group_finds_its_service_by_name_and_cluster_its_pair_and_its_routes(model_of) -> None:
    m = model_of(GROUP % "CodeDeployDefault.ECSAllAtOnce")
    group, service = _only(m.groups), _only(m.services)
    target = _only(group.targets)
    assert target.service is service and service.deployers == [(group, target)]
    assert [(f.value[0], f.value[1].logical_id) for f in group.pair()] == [(0, "Blue"), (1, "Green")]
    assert _only(group.routes("ProdTrafficRoute")).value[1].logical_id == "Prod"
    assert group.pair_where("TargetGroups", 1).path[-4:] == ("TargetGroupPairInfoList", 0, "TargetGroups", 1)


def test_nested_fn_if_choices_that_contradict_each_other_are_dropped(model_of) -> None:
    # the inner Fn::If on Prod can only take its Prod=true branch inside the outer Prod=true branch
    m = model_of("""
        Parameters: {Env: {Type: String}}
        Conditions: {Prod: {"Fn::Equals": [{Ref: Env}, prod]}}
        Resources:
          A: {Type: AWS::ElasticLoadBalancingV2::TargetGroup, Properties: {Name: a}}
          B: {Type: AWS::ElasticLoadBalancingV2::TargetGroup, Properties: {Name: b}}
          L:
            Type: AWS::ElasticLoadBalancingV2::Listener
            Properties:
              DefaultActions:
                "Fn::If":
                  - Prod
                  - [{Type: forward, TargetGroupArn: {"Fn::If": [Prod, {Ref: A}, {Ref: B}]}}]
                  - [{Type: forward, TargetGroupArn: {Ref: B}}]
          Group:
            Type: AWS::CodeDeploy::DeploymentGroup
            Properties:
              ECSServices: [{ServiceName: web, ClusterName: main}]
              LoadBalancerInfo:
                TargetGroupPairInfoList:
                  - TargetGroups:
                      "Fn::If":
                        - Prod
                        - [{Name: {"Fn::If": [Prod, a, b]}}, {Name: b}]
                        - [{Name: b}, {Name: a}]
        """)
    prod, other = frozenset({(m.stacks[0].name, "Prod", True)}), frozenset({(m.stacks[0].name, "Prod", False)})
    forwards = {(f.tg.logical_id, f.conds) for f in _only(m.listeners).forwards}
    assert forwards == {("A", prod), ("B", other)}
    pair = {(f.value[0], f.value[1].logical_id, f.conds) for f in _only(m.groups).pair()}
    assert pair == {(0, "A", prod), (1, "B", prod), (0, "B", other), (1, "A", other)}


@pytest.mark.parametrize("name,ecs,exact,all_at_once", [
    ("CodeDeployDefault.ECSAllAtOnce", "CodeDeployDefault.ECSAllAtOnce", True, True),
    ("CodeDeployDefault.ECSCanary10percent5Minutes", "CodeDeployDefault.ECSCanary10Percent5Minutes", False, False),
    ("CodeDeployDefault.ECSLinear10PercentEvery1Minute", None, False, None),  # no such configuration
    ("codedeploydefault.OneAtATime", None, False, None),  # a Server one
])
def test_predefined_configuration_names(model_of, name: str, ecs: str | None, exact: bool,
                                        all_at_once: bool | None) -> None:
    group = _only(model_of(GROUP % name).groups)
    config = _only(group.configs()).value
    assert (config.predefined, config.ecs, config.exact) == (True, ecs, exact)
    found = _only(group.shifting()).value
    assert (found.all_at_once if found else None) == all_at_once


def test_a_custom_configuration_is_found_by_name_and_its_traffic_type(model_of) -> None:
    m = model_of(GROUP % "quotes" + """
Config:
  Type: AWS::CodeDeploy::DeploymentConfig
  Properties: {DeploymentConfigName: quotes, ComputePlatform: ECS, TrafficRoutingConfig: {Type: TimeBasedLinear}}
""")
    group, config = _only(m.groups), _only(m.configs)
    assert _only(group.configs()).value.config is config and config.users == [(group, ALWAYS)]
    assert _only(group.shifting()).value == Shifting(False, "Config", config)


# ---------------------------------------------------------------------- load balancing
def test_forwards_carry_weights_and_the_forwarders_of_a_target_group(model_of) -> None:
    m = model_of("""
        A: {Type: AWS::ElasticLoadBalancingV2::TargetGroup}
        B: {Type: AWS::ElasticLoadBalancingV2::TargetGroup}
        L:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            DefaultActions:
              - Type: forward
                ForwardConfig: {TargetGroups: [{TargetGroupArn: {Ref: A}, Weight: 100}, {TargetGroupArn: {Ref: B}}]}
        """)
    listener = _only(m.listeners)
    a, b = listener.forwards
    assert (a.weight, a.serving, a.default_weight) == (100.0, True, False)
    assert (b.weight, b.serving, b.default_weight, b.omitted) == (1.0, True, True, (ALWAYS,))
    assert b.where.path[-3:] == ("ForwardConfig", "TargetGroups", 1)
    assert [e.logical_id for e in m.target_groups[0].forwarders] == ["L"]


def test_a_listeners_load_balancer_type_from_the_load_balancer_its_arn_or_its_protocol(model_of) -> None:
    m = model_of("""
        Nlb: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {Type: network}}
        OnNlb: {Type: AWS::ElasticLoadBalancingV2::Listener, Properties: {LoadBalancerArn: {Ref: Nlb}}}
        ByArn:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties: {LoadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/x/1"}
        ByProtocol: {Type: AWS::ElasticLoadBalancingV2::Listener, Properties: {Protocol: TLS}}
        """)
    assert [listener.kind for listener in m.listeners] == ["network", "application", "network"]
    arn = "arn:aws:elasticloadbalancing:eu-west-1:1:listener/net/x/1/2"
    assert _only(m.listener_kinds(arn, ALWAYS)).value == "network"


def test_a_listener_receives_through_its_rules(model_of) -> None:
    m = model_of("""
        Tg: {Type: AWS::ElasticLoadBalancingV2::TargetGroup}
        L: {Type: AWS::ElasticLoadBalancingV2::Listener, Properties: {DefaultActions: [{Type: fixed-response}]}}
        R:
          Type: AWS::ElasticLoadBalancingV2::ListenerRule
          Properties: {ListenerArn: {Ref: L}, Actions: [{Type: forward, TargetGroupArn: {Ref: Tg}}]}
        """)
    traffic = _only(_only(m.listeners).traffic())
    assert traffic.targets == [] and traffic.receives(m, m.target_groups[0].node) is True


def test_target_group_uses_of_a_service_include_the_green_target_group_of_its_deployer(model_of) -> None:
    m = model_of(GROUP % "CodeDeployDefault.ECSAllAtOnce" + """
Svc2:
  Type: AWS::ECS::Service
  Properties:
    LoadBalancers: [{TargetGroupArn: {Ref: Blue}, AdvancedConfiguration: {AlternateTargetGroupArn: {Ref: Green}}}]
""")
    uses = sorted((u.entry.owner.logical_id, u.role, u.tg.logical_id) for u in m.target_group_uses)
    assert uses == [("Svc2", "alternate", "Green"), ("Svc2", "service", "Blue")]
    m2 = model_of((GROUP % "CodeDeployDefault.ECSAllAtOnce").replace(
        "Properties: {ServiceName: web, Cluster: {Ref: Cluster}}",
        "Properties: {ServiceName: web, Cluster: {Ref: Cluster}, LoadBalancers: [{TargetGroupArn: {Ref: Blue}}]}"))
    assert sorted((u.role, u.tg.logical_id) for u in m2.target_group_uses) == [("green", "Green"), ("service", "Blue")]


def test_native_entry_reads_the_advanced_configuration(model_of) -> None:
    m = model_of("""
        Rule: {Type: AWS::ElasticLoadBalancingV2::ListenerRule}
        Svc:
          Type: AWS::ECS::Service
          Properties:
            DeploymentConfiguration: {Strategy: CANARY}
            LoadBalancers:
              - TargetGroupArn: blue-tg
                AdvancedConfiguration: {AlternateTargetGroupArn: green-tg, ProductionListenerRule: {Ref: Rule}}
        """)
    entry = _only(m.native_entries)
    assert (entry.strategy, entry.blue, entry.green, entry.prod.kind, entry.test) == (
        "CANARY", "blue-tg", "green-tg", "rule", None)


# ---------------------------------------------------------------------- IAM
def test_a_role_trusts_a_principal_and_is_granted_by_a_separate_policy(model_of) -> None:
    m = model_of("""
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement: [{Effect: Allow, Principal: {Service: {"Fn::Sub": "codedeploy.${AWS::URLSuffix}"}},
                           Action: sts:AssumeRole}]
        Policy:
          Type: AWS::IAM::Policy
          Properties:
            Roles: [{Ref: Role}]
            PolicyDocument: {Statement: [{Effect: Allow, Action: "ecs:*", Resource: "*"}]}
        """)
    view = _only(_only(m.roles).views(ALWAYS))
    assert view.trusts("codedeploy.amazonaws.com") is True and view.trusts("ecs.amazonaws.com") is False
    assert view.granted("ecs:CreateTaskSet") is True and view.granted("ecs:CreateTaskSet", separate=False) is False
    assert view.granted("elasticloadbalancing:ModifyListener") is False


# ---------------------------------------------------------------------- lists, places, hooks
def test_counted_lengths_and_places(model_of) -> None:
    m = model_of("""
        Conditions: {C: {"Fn::Equals": [{Ref: "AWS::Region"}, eu-west-1]}}
        Resources:
          Svc:
            Type: AWS::ECS::Service
            Properties:
              LoadBalancers: [{TargetGroupArn: a}, {"Fn::If": [C, {TargetGroupArn: b}, {Ref: "AWS::NoValue"}]}]
        """)
    service = _only(m.services)
    assert sorted((c.conds and next(iter(c.conds))[2], len(c.members)) for c in service.counted("LoadBalancers")) == \
        [(False, 1), (True, 2)]
    assert sorted(f.value for f in service.lengths("LoadBalancers")) == [1, 2]
    assert service.at("Properties", "LoadBalancers").logical_id == "Svc"
    assert _only(service.raw("Missing")).value is MISSING


def test_the_blue_green_hook_names_resources_of_its_template(model_of) -> None:
    m = model_of("""
        Resources:
          Svc: {Type: AWS::ECS::Service}
        Transform: [AWS::CodeDeployBlueGreen]
        Hooks:
          Hook:
            Type: AWS::CodeDeploy::BlueGreen
            Properties: {Applications: [{Target: {Type: AWS::ECS::Service, LogicalID: Svc}}]}
        """)
    stack, hooks = _only(m.hook_stacks)
    hook = _only(hooks)
    assert hook.target is m.services[0] and hook.anchor == m.services[0].node
    assert hook.at("Properties").path == ("Hooks", "Hook", "Properties")
    assert (ResRef(hook.target.node).written, ResRef(hook.target.node, "Name").written) == ("Ref", "Fn::GetAtt .Name")
