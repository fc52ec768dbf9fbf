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

## Source
https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-steps-ecs.html ;
hashicorp/terraform-provider-aws#6802, #6803
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model.legacy import APPLICATION, Model, nearest
from cfncheck.rules._codedeploy import show
from cfncheck.rules._legacy_base import ERROR, INFO, Rule, Violation, group_label, unknown_reason
from cfncheck.template.values import MISSING, Conds, Lit, Node, ResRef, text

AWS_ERROR = "InvalidECSServiceException: Should not specify ECS services parameter for Server deployment group"
PATH = ("Properties", "ApplicationName")


class ApplicationComputePlatform(Rule):
    code = "9C41"
    name = "CD-01"
    title = "The CodeDeploy application of an ECS deployment group must have ComputePlatform ECS"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Use codedeploy.EcsApplication(self, \"App\") (or let codedeploy.EcsDeploymentGroup create its own "
           "application); with L1 set codedeploy.CfnApplication(..., compute_platform=\"ECS\"). ComputePlatform is "
           "create-only: the application and its deployment groups are replaced.")
    source_url = "https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-steps-ecs.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            label = group_label(group.node)
            for br in model.values(group.node, "ApplicationName", conds=group.conds):
                value = br.value
                if value is MISSING:
                    continue  # a schema error (required property), reported by cfn-lint
                if isinstance(value, ResRef):
                    yield from self._application(model, group.node, value.node, label, br.conds)
                    continue
                name = text(value)
                if name is None:
                    yield Violation(INFO, group.node, PATH,
                                    f"cannot verify the compute platform of the application of {label}: "
                                    f"{unknown_reason(value)}", conds=br.conds)
                    continue
                apps = nearest(group.node.stack, model.names(APPLICATION, "ApplicationName").get(name, []))
                if len(apps) == 1:
                    yield from self._application(model, group.node, apps[0], label, br.conds)
                else:
                    why = "several applications in this run have that name" if apps else \
                        "it is not defined in this run"
                    yield Violation(INFO, group.node, PATH,
                                    f"cannot verify that CodeDeploy application {name!r} of {label} uses the ECS "
                                    f"compute platform: {why}", conds=br.conds)

    def _application(self, model: Model, dg: Node, app: Node, label: str, conds: Conds) -> Iterable[Violation]:
        if app.type != APPLICATION:
            yield Violation(INFO, dg, PATH,
                            f"cannot verify the application of {label}: ApplicationName refers to {show(app)}, "
                            f"a {app.type or 'resource of unknown type'}", conds=conds)
            return
        for platform in model.values(app, "ComputePlatform", conds=conds):
            value = platform.value
            if value == Lit("ECS"):
                continue
            related = [(app, ("Properties", "ComputePlatform") if value is not MISSING else ("Properties",))]
            if value is MISSING or isinstance(value, Lit):
                shown = "Server (ComputePlatform is not set)" if value is MISSING else repr(value.value)  # type: ignore[union-attr]
                yield Violation(ERROR, dg, PATH,
                                f"{label} deploys ECS services, but its CodeDeploy application {show(app)} has the "
                                f"compute platform {shown}, not ECS; creating the deployment group fails: "
                                f"\"{AWS_ERROR}\"", related, platform.conds)
            else:
                yield Violation(INFO, dg, PATH,
                                f"cannot verify the compute platform of CodeDeploy application {show(app)} used by "
                                f"{label}: {unknown_reason(value)}", related, platform.conds)
