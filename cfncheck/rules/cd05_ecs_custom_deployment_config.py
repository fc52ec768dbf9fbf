"""CD-05: a custom `AWS::CodeDeploy::DeploymentConfig` for ECS must be an ECS traffic-routing configuration.

## What it does
Judges every `AWS::CodeDeploy::DeploymentConfig` that has `ComputePlatform: ECS`, and every one that an
ECS deployment group uses (by `Ref`, import or its `DeploymentConfigName`) while looking like an ECS one
(it has a `TrafficRoutingConfig`) but has no `ComputePlatform`:
- `ComputePlatform` must be `ECS` (omitted means `Server`);
- `TrafficRoutingConfig` is required, and its `Type` needs the matching object: `TimeBasedCanary` for
  `TimeBasedCanary`, `TimeBasedLinear` for `TimeBasedLinear`; an object of the other kind (or any with
  `AllAtOnce`) is a warning;
- `MinimumHealthyHosts` and `ZonalConfig` (Server-only settings) must be absent.
Each violation is an error except the warning above; a `Type` that is not known from the templates (a
parameter) gives an info.
Server and Lambda configurations that no ECS deployment group uses are left alone; a Server or Lambda
configuration that an ECS deployment group uses is reported on the group by CD-04. A `Type` that is not
one of `AllAtOnce`, `TimeBasedCanary`, `TimeBasedLinear` (or is missing) is a schema error that cfn-lint
reports (E3030/E3003).

## Why is this bad?
Creating the configuration fails and CloudFormation rolls back. With `ComputePlatform` forgotten, the
configuration is a Server one, which needs minimum healthy hosts:

    minimum healthy hosts argument is missing (Service: AmazonCodeDeploy; Status Code: 400;
    Error Code: InvalidMinimumHealthyHostValueException; ...)

The CDK refuses the other combinations (`Minimum healthy hosts config must only be specified for a
Server-base deployment configuration`, `Traffic routing config must not be specified for a Server-base
deployment configuration`); an L1 `CfnDeploymentConfig` does not. AWS error text for a missing
`TrafficRoutingConfig` or sub-object: unconfirmed.

## Example
```yaml
Config:
  Type: AWS::CodeDeploy::DeploymentConfig
  Properties:
    TrafficRoutingConfig:
      Type: TimeBasedCanary
      TimeBasedCanary: {CanaryPercentage: 10, CanaryInterval: 5}
DeploymentGroup:
  Type: AWS::CodeDeploy::DeploymentGroup
  Properties:
    DeploymentConfigName: !Ref Config
    ECSServices: [{ClusterName: !Ref Cluster, ServiceName: !GetAtt Service.Name}]
```

## Use instead
```yaml
Config:
  Type: AWS::CodeDeploy::DeploymentConfig
  Properties:
    ComputePlatform: ECS
    TrafficRoutingConfig:
      Type: TimeBasedCanary
      TimeBasedCanary: {CanaryPercentage: 10, CanaryInterval: 5}
```

## CDK (Python) fix
```python
config = codedeploy.EcsDeploymentConfig(self, "Config",
    traffic_routing=codedeploy.TimeBasedCanaryTrafficRouting(interval=Duration.minutes(5), percentage=10))
codedeploy.EcsDeploymentGroup(self, "DG", service=service, deployment_config=config, blue_green_deployment_config=...)
```

## Source
https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html ;
awsdocs/aws-cloudformation-user-guide PR #451
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model.legacy import DEPLOYMENT_CONFIG, DeploymentGroup, Model
from cfncheck.rules._codedeploy import config_users, present, users_label
from cfncheck.rules._legacy_base import ERROR, INFO, WARNING, Rule, Violation, unknown_reason
from cfncheck.template.values import MISSING, Conds, Lit, Node

AWS_ERROR = ("minimum healthy hosts argument is missing (Service: AmazonCodeDeploy; Status Code: 400; "
             "Error Code: InvalidMinimumHealthyHostValueException)")
TRC = ("Properties", "TrafficRoutingConfig")
KINDS = ("TimeBasedCanary", "TimeBasedLinear")
SERVER_ONLY = {
    "MinimumHealthyHosts": "Minimum healthy hosts config must only be specified for a Server-base deployment "
                           "configuration",
    "ZonalConfig": "zonal configuration applies only to Server (EC2/on-premises) deployments",
}


class EcsCustomDeploymentConfig(Rule):
    code = "9C45"
    name = "CD-05"
    title = "A custom DeploymentConfig for ECS must be an ECS traffic-routing configuration"
    severity = ERROR
    severities = (ERROR, WARNING, INFO)
    fix = ("Define it with codedeploy.EcsDeploymentConfig(self, \"Config\", traffic_routing=codedeploy."
           "TimeBasedCanaryTrafficRouting(interval=Duration.minutes(5), percentage=10)) (or "
           "TimeBasedLinearTrafficRouting / AllAtOnceTrafficRouting); with L1 CfnDeploymentConfig set "
           "compute_platform=\"ECS\", a traffic_routing_config, and no minimum_healthy_hosts or zonal_config.")
    source_url = "https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html"

    def check(self, model: Model) -> Iterable[Violation]:
        users = config_users(model)
        for config in model.by_type[DEPLOYMENT_CONFIG]:
            exists = model.exists(config)
            if exists is None:
                continue
            used = users.get(config, [])
            for platform in model.values(config, "ComputePlatform", conds=exists):
                if platform.value == Lit("ECS"):
                    yield from self._judge(model, config, platform.conds)
                elif platform.value is MISSING and used:
                    yield from self._forgotten_platform(model, config, used, platform.conds)

    def _forgotten_platform(self, model: Model, config: Node, used: list[tuple[DeploymentGroup, Conds]],
                            conds: Conds) -> Iterable[Violation]:
        for trc in model.raw(config, *TRC[1:], conds=conds):
            if trc.value is MISSING:
                continue  # a plain Server configuration: CD-04 reports the deployment group that uses it
            healthy = [b for b in model.raw(config, "MinimumHealthyHosts", conds=trc.conds) if present(b.value)]
            quote = "" if healthy else f"; creating it fails: \"{AWS_ERROR}\""
            yield Violation(ERROR, config, ("Properties",),
                            f"deployment configuration {config.logical_id} is used by {users_label(used)} and has a "
                            "TrafficRoutingConfig, but no ComputePlatform, so it is a Server configuration"
                            f"{quote}; set ComputePlatform: ECS",
                            [(g.node, ("Properties", "DeploymentConfigName")) for g, _ in used], trc.conds)
            yield from self._judge(model, config, trc.conds)

    def _judge(self, model: Model, config: Node, conds: Conds) -> Iterable[Violation]:
        label = f"ECS deployment configuration {config.logical_id}"
        for key, why in SERVER_ONLY.items():
            for br in model.raw(config, key, conds=conds):
                if present(br.value):
                    yield Violation(ERROR, config, ("Properties", key),
                                    f"{label} sets {key}, a Server-only setting ({why}); remove it",
                                    conds=br.conds)
        for trc in model.raw(config, *TRC[1:], conds=conds):
            if trc.value is MISSING:
                yield Violation(ERROR, config, ("Properties",),
                                f"{label} has no TrafficRoutingConfig; an ECS configuration needs one (Type "
                                "AllAtOnce, TimeBasedCanary or TimeBasedLinear)", conds=trc.conds)
                continue
            yield from self._routing(model, config, label, trc.conds)

    def _routing(self, model: Model, config: Node, label: str, conds: Conds) -> Iterable[Violation]:
        for kind in model.values(config, *TRC[1:], "Type", conds=conds):
            value = kind.value
            if value is MISSING or (isinstance(value, Lit) and value.value not in KINDS + ("AllAtOnce",)):
                continue  # a schema error: cfn-lint reports it
            if not isinstance(value, Lit):
                yield Violation(INFO, config, TRC + ("Type",),
                                f"cannot verify the traffic routing of {label}: {unknown_reason(value)}",
                                conds=kind.conds)
                continue
            for sub in KINDS:
                for br in model.raw(config, *TRC[1:], sub, conds=kind.conds):
                    has = present(br.value)
                    if sub == value.value and not has:
                        yield Violation(ERROR, config, TRC + ("Type",),
                                        f"{label} has TrafficRoutingConfig Type {sub} but no {sub} object with "
                                        f"its percentage and interval; add TrafficRoutingConfig.{sub}",
                                        conds=br.conds)
                    elif sub != value.value and has:
                        yield Violation(WARNING, config, TRC + (sub,),
                                        f"{label} has TrafficRoutingConfig Type {value.value} and a {sub} object, "
                                        f"which does not apply to that type; remove it or change the Type",
                                        conds=br.conds)
