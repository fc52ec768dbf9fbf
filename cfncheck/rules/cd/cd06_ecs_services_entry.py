"""CD-06: `ECSServices` holds exactly one service, by name, and the group is created after it.

## What it does
Checks `ECSServices` of every `AWS::CodeDeploy::DeploymentGroup` that has it:
- not exactly one entry → error;
- `ClusterName` an ARN (`Fn::GetAtt Cluster.Arn`, a literal `arn:...`) or `ServiceName` an ARN
  (`Ref Service` returns the service ARN, as does `Fn::GetAtt Service.ServiceArn`) → warning: the API
  fields take names (`Ref Cluster` and `Fn::GetAtt Service.Name` give them);
- the service is in the same template but the deployment group does not wait for it (no `Ref`/`GetAtt`
  to it and no `DependsOn` on it, directly or through other resources; e.g. `ServiceName: web` as a
  literal) → warning.
A service that cannot be matched in the run is reported (info) by CTRL-01, not here.

## Why is this bad?
A deployment group deploys exactly one ECS service: CDK and the CloudFormation blue/green hook model one,
and a CodeDeploy deployment's target list "must have exactly one item"
(`DeploymentTargetListSizeExceededException`). AWS error text for two services in one group: unconfirmed.
CreateDeploymentGroup looks the service up, so a group that CloudFormation creates before (in parallel
with) the service can fail; the message seen when the lookup fails is
`Could not load ECS service information for cluster: <c>, service: <s>. Cause: ...` (the text for a
service that does not exist yet is unconfirmed).

## Example
```yaml
DeploymentGroup:
  Type: AWS::CodeDeploy::DeploymentGroup
  Properties:
    ECSServices:
      - ClusterName: !GetAtt Cluster.Arn
        ServiceName: web            # literal name, no DependsOn on the service
```

## Use instead
```yaml
DeploymentGroup:
  Type: AWS::CodeDeploy::DeploymentGroup
  Properties:
    ECSServices:
      - ClusterName: !Ref Cluster
        ServiceName: !GetAtt Service.Name
```

## CDK (Python) fix
```python
codedeploy.EcsDeploymentGroup(self, "DG", service=service, blue_green_deployment_config=...)  # Ref + GetAtt
# an imported service of the same app: order it explicitly
imported = ecs.FargateService.from_fargate_service_attributes(self, "Imp", cluster=cluster, service_name="web")
dg.node.add_dependency(service)
```

## CDK (TypeScript) fix
```ts
new codedeploy.EcsDeploymentGroup(this, 'DG', { service, blueGreenDeploymentConfig: { /* ... */ } });  // Ref + GetAtt
// an imported service of the same app: order it explicitly
const imported = ecs.FargateService.fromFargateServiceAttributes(this, 'Imp', { cluster, serviceName: 'web' });
dg.node.addDependency(service);
```

## Source
https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html ;
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/blue-green.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.codedeploy import DeploymentGroup
from cfncheck.model.ecs import CLUSTER, SERVICE
from cfncheck.rules.base import ERROR, WARNING, Rule, Violation
from cfncheck.template.values import ResRef, Unknown, text


class EcsServicesEntry(Rule):
    code = "9C46"
    name = "CD-06"
    title = "ECSServices holds exactly one service, by name, and the deployment group is created after it"
    severity = ERROR
    severities = (ERROR, WARNING)
    fix = ("Create one codedeploy.EcsDeploymentGroup per service and pass the service object (service=service): "
           "the CDK renders Ref Cluster and GetAtt Service.Name, which also orders the group after the service; "
           "for an imported service of the same app add dg.node.add_dependency(service).")
    fix_typescript = ("Create one codedeploy.EcsDeploymentGroup per service and pass the service object ({ service "
                      "}): the CDK renders Ref Cluster and GetAtt Service.Name, which also orders the group after the "
                      "service; for an imported service of the same app add dg.node.addDependency(service).")
    source_url = "https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            yield from self._count(group)
            yield from self._names(group)
            yield from self._ordering(model, group)

    def _count(self, group: DeploymentGroup) -> Iterable[Violation]:
        for entries in group.counted("ECSServices"):
            if isinstance(entries.members, Unknown):
                continue
            count = len({m.value[0] for m in entries.members})
            if count == 1:
                continue
            what = f"{count} services" if count else "no service"
            yield Violation(ERROR, entries.at(1) if count > 1 else entries.where,
                            f"{group.label} lists {what} in ECSServices; an ECS deployment group deploys exactly "
                            "one service: create one deployment group per service", conds=entries.conds)

    def _names(self, group: DeploymentGroup) -> Iterable[Violation]:
        for entry in group.elements("ECSServices"):
            if isinstance(entry.value, Unknown):
                continue
            index = entry.value[0]
            for br in group.prop("ECSServices", index, "ClusterName", conds=entry.conds):
                if _is_arn(br.value, CLUSTER, ("Arn",)):
                    yield Violation(WARNING, br.where,
                                    f"{group.label} gives the cluster as an ARN; ECSServices.ClusterName is the name "
                                    "of the cluster (use Ref Cluster)", conds=br.conds)
            for br in group.prop("ECSServices", index, "ServiceName", conds=entry.conds):
                if _is_arn(br.value, SERVICE, (None, "ServiceArn")):
                    yield Violation(WARNING, br.where,
                                    f"{group.label} gives the service as an ARN (Ref on an ECS service returns its "
                                    "ARN); ECSServices.ServiceName is the name of the service (use "
                                    "Fn::GetAtt Service.Name)", conds=br.conds)

    def _ordering(self, model: Model, group: DeploymentGroup) -> Iterable[Violation]:
        for target in group.targets:
            service = target.service
            if service is None or service.stack is not group.stack:
                continue  # another stack: ordered by the stack dependency, or an import
            if not service.exists or model.created_before(group, [service]):
                continue
            yield Violation(WARNING, target.where,
                            f"{group.label} names {service.label} without referring to it (no Ref/Fn::GetAtt and no "
                            "DependsOn), so CloudFormation may create the deployment group before the service, and "
                            "CreateDeploymentGroup, which looks the service up, fails; use Fn::GetAtt "
                            f"{service.logical_id}.Name or add DependsOn: {service.logical_id}",
                            [service.at()], target.conds)


def _is_arn(value: object, rtype: str, arn_attrs: tuple[str | None, ...]) -> bool:
    if isinstance(value, ResRef):
        return value.node.type == rtype and value.attr in arn_attrs
    name = text(value)
    return name is not None and name.startswith("arn:")
