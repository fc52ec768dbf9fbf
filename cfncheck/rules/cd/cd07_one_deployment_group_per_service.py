"""CD-07: one CodeDeploy deployment group per ECS service.

## What it does
Resolves the `ECSServices` entry of every `AWS::CodeDeploy::DeploymentGroup` in every stack of the run to
its `AWS::ECS::Service` (by `Fn::GetAtt`, name, ARN or cross-stack reference) and reports (error) each further
deployment group that deploys a service another group already deploys. Two groups that name the same
(cluster, service) by literal names that are not defined in the run are compared by those names.
Groups on mutually exclusive `Fn::If`/`Condition` branches do not clash.

## Why is this bad?
CodeDeploy allows one deployment group per ECS service; creating the second one fails and CloudFormation
rolls back its stack:

    ECSServiceMappingLimitExceededException: The Amazon ECS service is associated with more than one
    deployment groups. An Amazon ECS service can be associated with only one deployment group.

Deployment groups created outside the run (in the console, another app) are invisible here.

## Example
```yaml
DeploymentGroup:
  Type: AWS::CodeDeploy::DeploymentGroup
  Properties:
    ECSServices: [{ClusterName: !Ref Cluster, ServiceName: !GetAtt Service.Name}]
PipelineDeploymentGroup:
  Type: AWS::CodeDeploy::DeploymentGroup
  Properties:
    ECSServices: [{ClusterName: !Ref Cluster, ServiceName: !GetAtt Service.Name}]
```

## Use instead
```yaml
DeploymentGroup:
  Type: AWS::CodeDeploy::DeploymentGroup
  Properties:
    ECSServices: [{ClusterName: !Ref Cluster, ServiceName: !GetAtt Service.Name}]
# reuse DeploymentGroup (its name) wherever a second one was declared
```

## CDK (Python) fix
```python
dg = codedeploy.EcsDeploymentGroup(self, "DG", service=service, blue_green_deployment_config=...)
# elsewhere (e.g. a pipeline stack), import it instead of creating another one
codedeploy.EcsDeploymentGroup.from_ecs_deployment_group_attributes(self, "ImportedDG",
    application=app, deployment_group_name="web")
```

## CDK (TypeScript) fix
```ts
const dg = new codedeploy.EcsDeploymentGroup(this, 'DG', { service, blueGreenDeploymentConfig: { /* ... */ } });
// elsewhere (e.g. a pipeline stack), import it instead of creating another one
codedeploy.EcsDeploymentGroup.fromEcsDeploymentGroupAttributes(this, 'ImportedDG', {
  application: app, deploymentGroupName: 'web' });
```

## Source
https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html ; kayac/ecspresso#827
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.codedeploy import DeploymentGroup, Target
from cfncheck.model.ecs import Service
from cfncheck.rules.base import ERROR, Rule, Violation
from cfncheck.template.values import Conds, Where, merge

AWS_ERROR = ("ECSServiceMappingLimitExceededException: The Amazon ECS service is associated with more than one "
             "deployment groups. An Amazon ECS service can be associated with only one deployment group.")
Entry = tuple[DeploymentGroup, Target, Conds]


class OneDeploymentGroupPerService(Rule):
    code = "9C47"
    name = "CD-07"
    title = "One CodeDeploy deployment group per ECS service"
    severity = ERROR
    severities = (ERROR,)
    fix = ("Create exactly one codedeploy.EcsDeploymentGroup per service; where another one is needed (e.g. in a "
           "pipeline stack) use codedeploy.EcsDeploymentGroup.from_ecs_deployment_group_attributes(...).")
    fix_typescript = ("Create exactly one codedeploy.EcsDeploymentGroup per service; where another one is needed "
                      "(e.g. in a pipeline stack) use "
                      "codedeploy.EcsDeploymentGroup.fromEcsDeploymentGroupAttributes(...).")
    source_url = "https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for service in model.services:
            entries = [(g, t, t.conds) for g, t in service.deployers]
            yield from self._clashes(entries, f"{service.label} of stack {service.stack.name}", [service.at()],
                                     service)
        outside: dict[tuple, list[Entry]] = {}
        for group in model.groups:
            for target in group.targets:
                if target.service is None and target.outside is not None:
                    outside.setdefault(target.outside, []).append((group, target, target.conds))
        for key, entries in outside.items():
            yield from self._clashes(entries, f"ECS service {key[1]!r} of cluster {key[0]!r}", [], None)

    def _clashes(self, entries: list[Entry], what: str, extra: list[Where],
                 service: Service | None) -> Iterable[Violation]:
        """Report each group after the first; a group in the service's own stack counts as the first."""
        if len({g.node for g, _, _ in entries}) < 2:
            return
        entries = sorted(entries, key=lambda e: (service is not None and e[0].stack is not service.stack,
                                                 e[0].stack.name, e[0].logical_id, e[1].index))
        for i, (group, target, conds) in enumerate(entries):
            for other, other_target, other_conds in entries[:i]:
                if other.node == group.node:
                    continue
                both = merge(conds, other_conds)
                if both is None:
                    continue
                yield Violation(ERROR, target.where,
                                f"{group.label} deploys {what}, which {other.label} already deploys; creating the "
                                f"second deployment group fails: \"{AWS_ERROR}\"", [other_target.where, *extra], both)
                break
