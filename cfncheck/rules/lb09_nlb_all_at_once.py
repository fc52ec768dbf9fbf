"""LB-09: behind a Network Load Balancer, CodeDeploy supports only `CodeDeployDefault.ECSAllAtOnce`.

## What it does
For every deployment group that deploys ECS services, finds the load balancer of its production listener
(`LoadBalancer.Type: network`, or a `TCP`/`UDP`/`TCP_UDP`/`TLS` listener when the load balancer is not in
the run) and its deployment configuration. With a Network Load Balancer it reports a canary or linear
configuration (`CodeDeployDefault.ECSCanary*`/`ECSLinear*`, or a custom `AWS::CodeDeploy::DeploymentConfig`
with `TimeBasedCanary`/`TimeBasedLinear` routing) as an error, and a custom `AllAtOnce` configuration as a
warning. A listener, load balancer or configuration outside the run is reported as info.

## Why is this bad?
AWS: "When a Network Load Balancer is used, only the CodeDeployDefault.ECSAllAtOnce deployment configuration
is supported." CodeDeploy cannot shift NLB traffic gradually, so every deployment with another
configuration fails. AWS error text: unconfirmed. Whether a custom configuration with `AllAtOnce` routing is
accepted is also unconfirmed (hence only a warning).

## Example
```yaml
DeploymentGroup:
  Properties:
    DeploymentConfigName: CodeDeployDefault.ECSCanary10Percent5Minutes
    LoadBalancerInfo:
      TargetGroupPairInfoList:
        - ProdTrafficRoute: {ListenerArns: [!Ref NlbProdListener]}
```

## Use instead
```yaml
DeploymentGroup:
  Properties:
    DeploymentConfigName: CodeDeployDefault.ECSAllAtOnce
```

## CDK (Python) fix
```python
codedeploy.EcsDeploymentGroup(self, "DG", service=service,
    deployment_config=codedeploy.EcsDeploymentConfig.ALL_AT_ONCE,   # or move to an ALB for canary/linear
    blue_green_deployment_config=codedeploy.EcsBlueGreenDeploymentConfig(
        blue_target_group=blue_tg, green_target_group=green_tg, listener=nlb_prod_listener))
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html ;
https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/37
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model, route_listeners
from cfncheck.rules._topology import ALL_AT_ONCE, ConfigKind, deployment_config, load_balancer_kind, show
from cfncheck.rules.base import ERROR, INFO, WARNING, Rule, Violation, group_label
from cfncheck.template.values import Lit, Node, Unknown, merge

PATH = ("Properties", "DeploymentConfigName")
QUOTE = ("\"When a Network Load Balancer is used, only the CodeDeployDefault.ECSAllAtOnce deployment configuration "
         "is supported\"")


class NlbAllAtOnce(Rule):
    code = "9C29"
    name = "LB-09"
    title = "Behind a Network Load Balancer, CodeDeploy supports only CodeDeployDefault.ECSAllAtOnce"
    severity = ERROR
    severities = (ERROR, WARNING, INFO)
    fix = ("With NLB listeners use deployment_config=codedeploy.EcsDeploymentConfig.ALL_AT_ONCE in "
           "codedeploy.EcsDeploymentGroup, or put the service behind an Application Load Balancer for canary or "
           "linear traffic shifting.")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            configs = [br for br in deployment_config(model, group)
                       if br.value is not None and not (isinstance(br.value, ConfigKind) and br.value.all_at_once
                                                        and br.value.config is None)]
            if not configs:
                continue  # ECSAllAtOnce, or not an ECS configuration at all (CD-04)
            label = group_label(group.node)
            for br in route_listeners(model, group, "ProdTrafficRoute"):
                _, listener = br.value
                for kind in load_balancer_kind(model, listener, br.conds):
                    for config in configs:
                        conds = merge(kind.conds, config.conds)
                        if conds is not None:
                            yield from self._judge(group.node, label, listener, kind.value, config.value, conds)

    def _judge(self, dg: Node, label: str, listener: object, kind: object, config: object,
               conds) -> Iterable[Violation]:  # noqa: ANN001
        related = [(listener, ())] if isinstance(listener, Node) else []
        if kind == Lit("network"):
            if isinstance(config, Unknown):
                yield Violation(INFO, dg, PATH,
                                f"cannot verify that {label}, whose production listener {show(listener)} is on a "
                                f"Network Load Balancer, uses {ALL_AT_ONCE}: {config.reason}", related, conds)
            elif isinstance(config, ConfigKind) and config.all_at_once:
                yield Violation(WARNING, dg, PATH,
                                f"{label} routes production traffic through listener {show(listener)} on a Network "
                                f"Load Balancer with the custom AllAtOnce configuration {config.name}; AWS documents "
                                f"only {ALL_AT_ONCE} for NLBs: {QUOTE}",
                                related + ([(config.config, ("Properties", "TrafficRoutingConfig"))]
                                           if config.config else []), conds)
            elif isinstance(config, ConfigKind):
                yield Violation(ERROR, dg, PATH,
                                f"{label} routes production traffic through listener {show(listener)} on a Network "
                                f"Load Balancer but uses the canary/linear configuration {config.name}; {QUOTE}",
                                related, conds)
        elif isinstance(kind, Unknown) and isinstance(config, ConfigKind) and not config.all_at_once:
            yield Violation(INFO, dg, PATH,
                            f"cannot verify that {label} with configuration {config.name} is not behind a Network "
                            f"Load Balancer (NLBs support only {ALL_AT_ONCE}): {kind.reason}", related, conds)
