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

## CDK (TypeScript) fix
```ts
const config = new codedeploy.EcsDeploymentConfig(this, 'Config', {
  trafficRouting: new codedeploy.TimeBasedCanaryTrafficRouting({ interval: Duration.minutes(5), percentage: 10 }),
});
new codedeploy.EcsDeploymentGroup(this, 'DG', {
  service, deploymentConfig: config, blueGreenDeploymentConfig: { /* ... */ },
});
```

## Source
https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html ;
awsdocs/aws-cloudformation-user-guide PR #451
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.base import present, reason
from cfncheck.model.codedeploy import DeploymentConfig, DeploymentGroup
from cfncheck.rules.base import ERROR, INFO, WARNING, Rule, Violation
from cfncheck.template.values import MISSING, Conds, Lit

AWS_ERROR = ("minimum healthy hosts argument is missing (Service: AmazonCodeDeploy; Status Code: 400; "
             "Error Code: InvalidMinimumHealthyHostValueException)")
TRC = "TrafficRoutingConfig"
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
    fix_typescript = ("Define it with new codedeploy.EcsDeploymentConfig(this, 'Config', { trafficRouting: new "
                      "codedeploy.TimeBasedCanaryTrafficRouting({ interval: Duration.minutes(5), percentage: 10 }) }) "
                      "(or TimeBasedLinearTrafficRouting / AllAtOnceTrafficRouting); with L1 CfnDeploymentConfig set "
                      "computePlatform: 'ECS', a trafficRoutingConfig, and no minimumHealthyHosts or zonalConfig.")
    source_url = "https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for config in model.configs:
            for platform in config.platforms():
                if platform.value == Lit("ECS"):
                    yield from self._judge(config, platform.conds)
                elif platform.value is MISSING and config.users:
                    yield from self._forgotten_platform(config, config.users, platform.conds)

    def _forgotten_platform(self, config: DeploymentConfig, used: list[tuple[DeploymentGroup, Conds]],
                            conds: Conds) -> Iterable[Violation]:
        users = ", ".join(sorted({g.label for g, _ in used}))
        for trc in config.has(TRC, conds=conds):
            healthy = [b for b in config.raw("MinimumHealthyHosts", conds=trc.conds) if present(b.value)]
            quote = "" if healthy else f"; creating it fails: \"{AWS_ERROR}\""
            yield Violation(ERROR, config.at("Properties"),
                            f"deployment configuration {config.logical_id} is used by {users} and has a "
                            "TrafficRoutingConfig, but no ComputePlatform, so it is a Server configuration"
                            f"{quote}; set ComputePlatform: ECS", [g.config_where for g, _ in used], trc.conds)
            yield from self._judge(config, trc.conds)

    def _judge(self, config: DeploymentConfig, conds: Conds) -> Iterable[Violation]:
        label = f"ECS deployment configuration {config.logical_id}"
        for key, why in SERVER_ONLY.items():
            for br in config.raw(key, conds=conds):
                if present(br.value):
                    yield Violation(ERROR, br.where, f"{label} sets {key}, a Server-only setting ({why}); remove it",
                                    conds=br.conds)
        for trc in config.raw(TRC, conds=conds):
            if trc.value is MISSING:
                yield Violation(ERROR, config.at("Properties"),
                                f"{label} has no TrafficRoutingConfig; an ECS configuration needs one (Type "
                                "AllAtOnce, TimeBasedCanary or TimeBasedLinear)", conds=trc.conds)
                continue
            yield from self._routing(config, label, trc.conds)

    def _routing(self, config: DeploymentConfig, label: str, conds: Conds) -> Iterable[Violation]:
        for kind in config.prop(TRC, "Type", conds=conds):
            value = kind.value
            if value is MISSING or (isinstance(value, Lit) and value.value not in KINDS + ("AllAtOnce",)):
                continue  # a schema error: cfn-lint reports it
            if not isinstance(value, Lit):
                yield Violation(INFO, kind.where, f"cannot verify the traffic routing of {label}: {reason(value)}",
                                conds=kind.conds)
                continue
            for sub in KINDS:
                for br in config.raw(TRC, sub, conds=kind.conds):
                    has = present(br.value)
                    if sub == value.value and not has:
                        yield Violation(ERROR, kind.where,
                                        f"{label} has TrafficRoutingConfig Type {sub} but no {sub} object with its "
                                        f"percentage and interval; add TrafficRoutingConfig.{sub}", conds=br.conds)
                    elif sub != value.value and has:
                        yield Violation(WARNING, br.where,
                                        f"{label} has TrafficRoutingConfig Type {value.value} and a {sub} object, "
                                        "which does not apply to that type; remove it or change the Type",
                                        conds=br.conds)
