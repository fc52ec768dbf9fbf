"""CD-01: the CodeDeploy application of an ECS deployment group must have `ComputePlatform: ECS`.

## What it does
Follows `ApplicationName` of every `AWS::CodeDeploy::DeploymentGroup` that has `ECSServices` to its
`AWS::CodeDeploy::Application` (by `Ref`, `Fn::ImportValue`, `Fn::GetStackOutput`, a nested-stack
parameter, or the application's literal `ApplicationName`, in any stack of the run) and reports an
application whose `ComputePlatform` is not `ECS` (error). A missing `ComputePlatform` means `Server`. An
application that is not defined in the run (a pre-existing name, a parameter) cannot be verified (info).

## Why is this bad?
A deployment group inherits the compute platform of its application. In a `Server` (or `Lambda`)
application, CodeDeploy rejects the ECS settings and CloudFormation fails creating the deployment group:

    InvalidECSServiceException: Should not specify ECS services parameter for Server deployment group

The same root cause also shows up as `InvalidLoadBalancerInfoException ... The deploymentOption value is
set to WITH_TRAFFIC_CONTROL, but either no load balancer was specified in elbInfoList or no target group
was specified in targetGroupInfoList.`

## Example
```yaml
App:
  Type: AWS::CodeDeploy::Application      # no ComputePlatform: Server
DeploymentGroup:
  Type: AWS::CodeDeploy::DeploymentGroup
  Properties:
    ApplicationName: !Ref App
    ECSServices: [{ClusterName: !Ref Cluster, ServiceName: !GetAtt Service.Name}]
```

## Use instead
```yaml
App:
  Type: AWS::CodeDeploy::Application
  Properties:
    ComputePlatform: ECS
```

## CDK (Python) fix
```python
app = codedeploy.EcsApplication(self, "App")   # or let EcsDeploymentGroup create one
codedeploy.EcsDeploymentGroup(self, "DG", application=app, service=service, blue_green_deployment_config=...)
# L1: codedeploy.CfnApplication(self, "App", compute_platform="ECS")
```

## CDK (TypeScript) fix
```ts
const app = new codedeploy.EcsApplication(this, 'App');   // or let EcsDeploymentGroup create one
new codedeploy.EcsDeploymentGroup(this, 'DG', { application: app, service, blueGreenDeploymentConfig: { /* ... */ } });
// L1: new codedeploy.CfnApplication(this, 'App', { computePlatform: 'ECS' });
```

## Source
https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-steps-ecs.html ;
hashicorp/terraform-provider-aws#6802, #6803
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.base import Entity, reason
from cfncheck.model.codedeploy import Application, DeploymentGroup
from cfncheck.rules.base import ERROR, INFO, Rule, Violation
from cfncheck.template.values import MISSING, Conds, Lit, Where

AWS_ERROR = "InvalidECSServiceException: Should not specify ECS services parameter for Server deployment group"


class ApplicationComputePlatform(Rule):
    code = "9C41"
    name = "CD-01"
    title = "The CodeDeploy application of an ECS deployment group must have ComputePlatform ECS"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Use codedeploy.EcsApplication(self, \"App\") (or let codedeploy.EcsDeploymentGroup create its own "
           "application); with L1 set codedeploy.CfnApplication(..., compute_platform=\"ECS\"). ComputePlatform is "
           "create-only: the application and its deployment groups are replaced.")
    fix_typescript = ("Use new codedeploy.EcsApplication(this, 'App') (or let codedeploy.EcsDeploymentGroup create "
                      "its own application); with L1 set new codedeploy.CfnApplication(this, 'App', { "
                      "computePlatform: 'ECS' }). ComputePlatform is create-only: the application and its deployment "
                      "groups are replaced.")
    source_url = "https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-steps-ecs.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            for app in group.applications():
                value = app.value
                if value is MISSING:
                    continue  # a schema error (required property), reported by cfn-lint
                if isinstance(value, Entity):
                    yield from self._application(group, value, app.where, app.conds)
                elif isinstance(value, tuple):
                    name, found = value[0].value, value[1]
                    why = "several applications in this run have that name" if found else \
                        "it is not defined in this run"
                    yield Violation(INFO, app.where,
                                    f"cannot verify that CodeDeploy application {name!r} of {group.label} uses the "
                                    f"ECS compute platform: {why}", conds=app.conds)
                else:
                    yield Violation(INFO, app.where,
                                    f"cannot verify the compute platform of the application of {group.label}: "
                                    f"{reason(value)}", conds=app.conds)

    def _application(self, group: DeploymentGroup, app: Entity, where: Where, conds: Conds) -> Iterable[Violation]:
        label, shown = group.label, f"{app.logical_id} (stack {app.stack.name})"
        if not isinstance(app, Application):
            yield Violation(INFO, where,
                            f"cannot verify the application of {label}: ApplicationName refers to {shown}, "
                            f"a {app.type or 'resource of unknown type'}", conds=conds)
            return
        for platform in app.platforms(conds):
            value = platform.value
            if value == Lit("ECS"):
                continue
            related = [platform.where if value is not MISSING else app.at("Properties")]
            if value is MISSING or isinstance(value, Lit):
                platform_name = "Server (ComputePlatform is not set)" if value is MISSING else repr(value.value)
                yield Violation(ERROR, where,
                                f"{label} deploys ECS services, but its CodeDeploy application {shown} has the "
                                f"compute platform {platform_name}, not ECS; creating the deployment group fails: "
                                f"\"{AWS_ERROR}\"", related, platform.conds)
            else:
                yield Violation(INFO, where,
                                f"cannot verify the compute platform of CodeDeploy application {shown} used by "
                                f"{label}: {reason(value)}", related, platform.conds)
