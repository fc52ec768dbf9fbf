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

## Source
https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html ;
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/blue-green.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model.legacy import CLUSTER, SERVICE, DeploymentGroup, Model, scenarios
from cfncheck.rules._legacy_base import ERROR, WARNING, Rule, Violation, group_label, service_label
from cfncheck.rules._topology import created_before
from cfncheck.template.values import MISSING, Branch, ResRef, Unknown, merge, text

ENTRIES = ("Properties", "ECSServices")


class EcsServicesEntry(Rule):
    code = "9C46"
    name = "CD-06"
    title = "ECSServices holds exactly one service, by name, and the deployment group is created after it"
    severity = ERROR
    severities = (ERROR, WARNING)
    fix = ("Create one codedeploy.EcsDeploymentGroup per service and pass the service object (service=service): "
           "the CDK renders Ref Cluster and GetAtt Service.Name, which also orders the group after the service; "
           "for an imported service of the same app add dg.node.add_dependency(service).")
    source_url = "https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            yield from self._count(model, group)
            yield from self._names(model, group)
            yield from self._ordering(model, group)

    def _count(self, model: Model, group: DeploymentGroup) -> Iterable[Violation]:
        for lst in model.raw(group.node, "ECSServices", conds=group.conds):
            if lst.value is MISSING:
                continue  # not an ECS deployment group on this branch
            entries = []
            for item in model.r.items(group.node.stack, lst.value):
                merged = merge(lst.conds, item.conds)
                if merged is not None:
                    entries.append(Branch(item.value, merged))
            if any(isinstance(br.value, Unknown) for br in entries):
                continue
            for choice, members in scenarios(entries):
                conds = merge(choice, lst.conds)
                if conds is None:
                    continue
                count = len({br.value[0] for br in members})
                if count == 1:
                    continue
                path = ENTRIES + (1,) if count > 1 else ENTRIES
                what = f"{count} services" if count else "no service"
                yield Violation(ERROR, group.node, path,
                                f"{group_label(group.node)} lists {what} in ECSServices; an ECS deployment group "
                                "deploys exactly one service: create one deployment group per service", conds=conds)

    def _names(self, model: Model, group: DeploymentGroup) -> Iterable[Violation]:
        label = group_label(group.node)
        for entry in model.elements(group.node, "ECSServices", conds=group.conds):
            if isinstance(entry.value, Unknown):
                continue
            index = entry.value[0]
            for br in model.values(group.node, "ECSServices", index, "ClusterName", conds=entry.conds):
                if _is_arn(br.value, CLUSTER, ("Arn",)):
                    yield Violation(WARNING, group.node, ENTRIES + (index, "ClusterName"),
                                    f"{label} gives the cluster as an ARN; ECSServices.ClusterName is the name of "
                                    "the cluster (use Ref Cluster)", conds=br.conds)
            for br in model.values(group.node, "ECSServices", index, "ServiceName", conds=entry.conds):
                if _is_arn(br.value, SERVICE, (None, "ServiceArn")):
                    yield Violation(WARNING, group.node, ENTRIES + (index, "ServiceName"),
                                    f"{label} gives the service as an ARN (Ref on an ECS service returns its ARN); "
                                    "ECSServices.ServiceName is the name of the service (use "
                                    "Fn::GetAtt Service.Name)", conds=br.conds)

    def _ordering(self, model: Model, group: DeploymentGroup) -> Iterable[Violation]:
        for target in group.targets:
            service = target.service
            if service is None or service.stack is not group.node.stack:
                continue  # another stack: ordered by the stack dependency, or an import
            if model.exists(service) is None or created_before(model, group.node, [service]):
                continue
            yield Violation(WARNING, group.node, ENTRIES + (target.index, "ServiceName"),
                            f"{group_label(group.node)} names {service_label(model, service)} without referring to "
                            "it (no Ref/Fn::GetAtt and no DependsOn), so CloudFormation may create the deployment "
                            "group before the service, and CreateDeploymentGroup, which looks the service up, fails; "
                            f"use Fn::GetAtt {service.logical_id}.Name or add DependsOn: {service.logical_id}",
                            [(service, ())], target.conds)


def _is_arn(value: object, rtype: str, arn_attrs: tuple[str | None, ...]) -> bool:
    if isinstance(value, ResRef):
        return value.node.type == rtype and value.attr in arn_attrs
    name = text(value)
    return name is not None and name.startswith("arn:")
