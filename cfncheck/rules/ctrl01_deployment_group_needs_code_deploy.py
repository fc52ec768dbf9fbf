"""CTRL-01: a service targeted by a CodeDeploy deployment group must use the CODE_DEPLOY controller.

## What it does
Follows every `AWS::CodeDeploy::DeploymentGroup` with `ECSServices` to the `AWS::ECS::Service` it
names (by `Fn::GetAtt Service.Name`, a literal name, an ARN, `Fn::ImportValue`, `Fn::GetStackOutput` or a
nested-stack parameter, in any stack of the run) and checks that the service's
`DeploymentController.Type` is `CODE_DEPLOY`. A missing `DeploymentController` means `ECS`. Any other
controller is an error; a service that cannot be found in the run, or whose controller is not known from
the templates (a parameter), gives an info (cannot verify).

The other way round, a `CODE_DEPLOY` service that no deployment group of the run deploys is a warning
("no deployment group found in this assembly"): CloudFormation creates it, but only CodeDeploy can ever
deploy a new task definition to it, so its group must exist elsewhere (another app or account, which is
fine) or it was forgotten. A custom resource that creates deployment groups, or a group whose service
cannot be resolved, keeps this quiet.

## Why is this bad?
CodeDeploy can only shift traffic for a service whose deployments it controls. CloudFormation creates
the service, then fails creating the deployment group and rolls the whole stack back:

    Deployment group's ECS service must be configured for a CODE_DEPLOY deployment controller.
    (InvalidECSServiceException)

The CDK checks this at synth time (`The ECS service associated with the deployment group must use the
CODE_DEPLOY deployment controller type`) only for services it owns: not for imported services
(`from_fargate_service_attributes`, `from_service_arn_with_cluster`), an L1 `CfnDeploymentGroup`, or a
service in another app. In the CDK a `circuit_breaker=` without an explicit controller renders
`DeploymentController: {Type: ECS}`.

## Example
```json
"Service": {"Type": "AWS::ECS::Service", "Properties": {
  "DeploymentController": {"Type": "ECS"},
  "DeploymentConfiguration": {"DeploymentCircuitBreaker": {"Enable": true, "Rollback": true}}}},
"DG": {"Type": "AWS::CodeDeploy::DeploymentGroup", "Properties": {
  "ECSServices": [{"ClusterName": {"Ref": "Cluster"}, "ServiceName": {"Fn::GetAtt": ["Service", "Name"]}}]}}
```

## Use instead
```json
"Service": {"Type": "AWS::ECS::Service", "Properties": {"DeploymentController": {"Type": "CODE_DEPLOY"}}}
```

## CDK (Python) fix
```python
service = ecs.FargateService(self, "Svc", cluster=cluster, task_definition=task_def,
    deployment_controller=ecs.DeploymentController(type=ecs.DeploymentControllerType.CODE_DEPLOY))
# and drop circuit_breaker= / deployment_alarms=: CODE_DEPLOY supports neither (CTRL-02, CTRL-03)
```

## Source
https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-steps-ecs.html ;
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html ; aws/aws-cdk#20199
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.rules.base import ERROR, INFO, WARNING, Rule, Violation, group_label, service_label
from cfncheck.template.values import MISSING, Lit, merge

AWS_ERROR = "Deployment group's ECS service must be configured for a CODE_DEPLOY deployment controller."


class DeploymentGroupNeedsCodeDeploy(Rule):
    code = "9C01"
    name = "CTRL-01"
    title = "A service targeted by a CodeDeploy deployment group must use the CODE_DEPLOY deployment controller"
    severity = ERROR
    severities = (ERROR, WARNING, INFO)
    fix = ("Set deployment_controller=ecs.DeploymentController(type=ecs.DeploymentControllerType.CODE_DEPLOY) "
           "on the service and remove circuit_breaker= and deployment_alarms= (CODE_DEPLOY supports neither).")
    source_url = "https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-steps-ecs.html"

    def check(self, model: Model) -> Iterable[Violation]:
        yield from self._groups_need_code_deploy(model)
        yield from self._code_deploy_needs_a_group(model)

    def _code_deploy_needs_a_group(self, model: Model) -> Iterable[Violation]:
        if any(target.service is None for group in model.groups for target in group.targets):
            return  # a group whose service is not resolved may be the one
        if any("DeploymentGroup" in rtype for rtype in model.by_type if not rtype.startswith("AWS::")):
            return  # a custom resource creates deployment groups (e.g. Custom::CodeDeployDeploymentGroup)
        for service in model.services:
            exists = model.exists(service)
            if exists is None or model.groups_for(service):
                continue
            for br in model.controller(service, exists):
                if br.value == Lit("CODE_DEPLOY"):
                    yield Violation(WARNING, service, ("Properties", "DeploymentController", "Type"),
                                    f"{service_label(model, service)} uses the CODE_DEPLOY deployment controller, but "
                                    "no deployment group found in this assembly deploys it; only CodeDeploy can "
                                    "deploy a new task definition to it, so its AWS::CodeDeploy::DeploymentGroup "
                                    "must exist in another app or account (then this is expected)",
                                    conds=br.conds)

    def _groups_need_code_deploy(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            for target in group.targets:
                dg_path = ("Properties", "ECSServices", target.index, "ServiceName")
                if target.service is None:
                    yield Violation(INFO, group.node, dg_path,
                                    "cannot verify the deployment controller of the service that "
                                    f"{group_label(group.node)} deploys: {target.reason}", conds=target.conds)
                    continue
                service = target.service
                exists = model.exists(service)
                conds = merge(target.conds, exists) if exists is not None else None
                if conds is None:
                    continue
                related = [(group.node, dg_path)]
                for br in model.controller(service, conds):
                    value = br.value
                    if not isinstance(value, Lit):
                        yield Violation(INFO, service, ("Properties", "DeploymentController", "Type"),
                                        f"cannot verify that {service_label(model, service)} uses CODE_DEPLOY, which "
                                        f"{group_label(group.node)} requires: {getattr(value, 'reason', value)}",
                                        related, br.conds)
                        continue
                    if value.value == "CODE_DEPLOY":
                        continue
                    explicit = any(b.value is not MISSING for b in model.raw(service, "DeploymentController"))
                    shown = f"{value.value}" if explicit else "ECS (the default: DeploymentController is not set)"
                    extra = ""
                    breaker = [b for b in model.raw(service, "DeploymentConfiguration", "DeploymentCircuitBreaker",
                                                    conds=br.conds) if b.value is not MISSING]
                    if breaker:
                        extra = " Its DeploymentCircuitBreaker must go too: CODE_DEPLOY does not support it."
                    yield Violation(
                        ERROR, service, ("Properties", "DeploymentController", "Type"),
                        f"{service_label(model, service)} uses the {shown} deployment controller, but "
                        f"{group_label(group.node)} deploys it with CodeDeploy; creating the deployment group "
                        f"fails: \"{AWS_ERROR}\"{extra}",
                        related, br.conds)
