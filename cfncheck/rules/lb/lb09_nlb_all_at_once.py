"""LB-09: behind a Network Load Balancer, CodeDeploy supports only `CodeDeployDefault.ECSAllAtOnce`.

## What it does
For every deployment group that deploys ECS services, finds the load balancer of its production listener
(`LoadBalancer.Type: network`, or a `TCP`/`UDP`/`TCP_UDP`/`TLS` listener when the load balancer is not in
the run) and its deployment configuration. With a Network Load Balancer it reports a canary or linear
configuration (`CodeDeployDefault.ECSCanary*`/`ECSLinear*`, or a custom `AWS::CodeDeploy::DeploymentConfig`
with `TimeBasedCanary`/`TimeBasedLinear` routing) as an error, and a custom `AllAtOnce` configuration as a
warning. A listener, load balancer or configuration outside the run is reported as info; a listener given
by ARN has its load balancer's type in the ARN (`listener/net/...`).

The configuration name is read as CD-04 reads it: a name that differs from a predefined ECS configuration only
in letter case counts as that configuration (CD-04 warns to spell it exactly), a `CodeDeployDefault.` name that
is no ECS configuration (such as the misspelt `ECSLinear10PercentEvery1Minute`) is CD-04's error and not
judged here, and a custom name is matched in the deployment group's own Stage first.

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

## CDK (TypeScript) fix
```ts
new codedeploy.EcsDeploymentGroup(this, 'DG', { service,
  deploymentConfig: codedeploy.EcsDeploymentConfig.ALL_AT_ONCE,   // or move to an ALB for canary/linear
  blueGreenDeploymentConfig: {
    blueTargetGroup: blueTg, greenTargetGroup: greenTg, listener: nlbProdListener } });
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html ;
https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/37
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.codedeploy import ALL_AT_ONCE, DeploymentGroup, Shifting
from cfncheck.model.elb import show
from cfncheck.rules.base import ERROR, INFO, WARNING, Rule, Violation
from cfncheck.template.values import Conds, Node, Unknown, merge

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
    fix_typescript = ("With NLB listeners use deploymentConfig: codedeploy.EcsDeploymentConfig.ALL_AT_ONCE in "
                      "codedeploy.EcsDeploymentGroup, or put the service behind an Application Load Balancer for "
                      "canary or linear traffic shifting.")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            configs = [f for f in group.shifting() if f.value is not None
                       and not (isinstance(f.value, Shifting) and f.value.all_at_once and f.value.config is None)]
            if not configs:
                continue  # ECSAllAtOnce, or not an ECS configuration at all (CD-04)
            for br in group.routes("ProdTrafficRoute"):
                listener = br.value[1]
                for kind in model.listener_kinds(listener, br.conds):
                    for config in configs:
                        conds = merge(kind.conds, config.conds)
                        if conds is not None:
                            yield from self._judge(group, listener, kind.value, config.value, conds)

    def _judge(self, group: DeploymentGroup, listener: object, kind: object, config: object,
               conds: Conds) -> Iterable[Violation]:
        label, where = group.label, group.config_where
        related = [listener.at()] if isinstance(listener, Node) else []
        if kind == "network":
            if isinstance(config, Unknown):
                yield Violation(INFO, where,
                                f"cannot verify that {label}, whose production listener {show(listener)} is on a "
                                f"Network Load Balancer, uses {ALL_AT_ONCE}: {config.reason}", related, conds)
            elif isinstance(config, Shifting) and config.all_at_once:
                yield Violation(WARNING, where,
                                f"{label} routes production traffic through listener {show(listener)} on a Network "
                                f"Load Balancer with the custom AllAtOnce configuration {config.name}; AWS documents "
                                f"only {ALL_AT_ONCE} for NLBs: {QUOTE}",
                                related + ([config.config.at("Properties", "TrafficRoutingConfig")]
                                           if config.config else []), conds)
            elif isinstance(config, Shifting):
                yield Violation(ERROR, where,
                                f"{label} routes production traffic through listener {show(listener)} on a Network "
                                f"Load Balancer but uses the canary/linear configuration {config.name}; {QUOTE}",
                                related, conds)
        elif isinstance(kind, Unknown) and isinstance(config, Shifting) and not config.all_at_once:
            yield Violation(INFO, where,
                            f"cannot verify that {label} with configuration {config.name} is not behind a Network "
                            f"Load Balancer (NLBs support only {ALL_AT_ONCE}): {kind.reason}", related, conds)
