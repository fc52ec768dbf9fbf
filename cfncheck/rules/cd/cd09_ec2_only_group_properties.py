"""CD-09: no EC2/on-premises-only properties on an ECS deployment group.

## What it does
Reports, on every `AWS::CodeDeploy::DeploymentGroup` that has `ECSServices`, each of the EC2/on-premises
properties `AutoScalingGroups`, `Ec2TagFilters`, `Ec2TagSet`, `OnPremisesInstanceTagFilters`,
`OnPremisesTagSet`, `OutdatedInstancesStrategy`, `TerminationHookEnabled` and `Deployment` (a revision
to deploy; its `RevisionLocation` supports only S3 and GitHub) when it is set to something (warning; an
empty list or `false` is ignored). `Deployment` together with `AutoRollbackConfiguration` is CD-08's error
and is not repeated here.

## Why is this bad?
These properties select or manage EC2 instances, or deploy an EC2/on-premises revision; an ECS deployment
group targets a service and its task sets. At best CodeDeploy ignores them and the template misleads its
readers; whether CodeDeploy rejects them for ECS is unconfirmed. AWS error text: unconfirmed.

## Example
```yaml
DeploymentGroup:
  Type: AWS::CodeDeploy::DeploymentGroup
  Properties:
    AutoScalingGroups: [!Ref WebAsg]
    ECSServices: [{ClusterName: !Ref Cluster, ServiceName: !GetAtt Service.Name}]
```

## Use instead
```yaml
DeploymentGroup:
  Type: AWS::CodeDeploy::DeploymentGroup
  Properties:
    ECSServices: [{ClusterName: !Ref Cluster, ServiceName: !GetAtt Service.Name}]
```

## CDK (Python) fix
```python
# EcsDeploymentGroup has no EC2 settings; with L1 drop them:
dg = codedeploy.CfnDeploymentGroup(self, "DG", application_name=app.application_name, service_role_arn=role.role_arn,
    ecs_services=[codedeploy.CfnDeploymentGroup.ECSServiceProperty(cluster_name=cluster.cluster_name,
                                                                     service_name=service.service_name)], ...)
dg.add_property_deletion_override("AutoScalingGroups")
```

## CDK (TypeScript) fix
```ts
// EcsDeploymentGroup has no EC2 settings; with L1 drop them:
const dg = new codedeploy.CfnDeploymentGroup(this, 'DG', { applicationName: app.applicationName,
  serviceRoleArn: role.roleArn, /* ..., */
  ecsServices: [{ clusterName: cluster.clusterName, serviceName: service.serviceName }] });  // ECSServiceProperty
dg.addPropertyDeletionOverride('AutoScalingGroups');
```

## Source
https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.base import present
from cfncheck.rules.base import WARNING, Rule, Violation

EC2_ONLY = ("AutoScalingGroups", "Ec2TagFilters", "Ec2TagSet", "OnPremisesInstanceTagFilters", "OnPremisesTagSet",
            "OutdatedInstancesStrategy", "TerminationHookEnabled", "Deployment")


class Ec2OnlyGroupProperties(Rule):
    code = "9C49"
    name = "CD-09"
    title = "No EC2/on-premises-only properties on an ECS deployment group"
    severity = WARNING
    severities = (WARNING,)
    fix = ("Use codedeploy.EcsDeploymentGroup, which has no EC2 settings; with L1 CfnDeploymentGroup drop "
           "auto_scaling_groups, ec2_tag_filters, ec2_tag_set, on_premises_*, outdated_instances_strategy, "
           "termination_hook_enabled and deployment (or add_property_deletion_override(...) for each).")
    fix_typescript = ("Use codedeploy.EcsDeploymentGroup, which has no EC2 settings; with L1 CfnDeploymentGroup drop "
                      "autoScalingGroups, ec2TagFilters, ec2TagSet, onPremises*, outdatedInstancesStrategy, "
                      "terminationHookEnabled and deployment (or addPropertyDeletionOverride(...) for each).")
    source_url = "https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            for key in EC2_ONLY:
                for br in group.raw(key):
                    if not present(br.value):
                        continue
                    if key == "Deployment" and group.has("AutoRollbackConfiguration", conds=br.conds):
                        continue  # CD-08 reports Deployment with AutoRollbackConfiguration as an error
                    yield Violation(WARNING, br.where,
                                    f"{group.label} deploys ECS services but sets {key}, an EC2/on-premises setting "
                                    "that does not apply to ECS; remove it", conds=br.conds)
