"""CD-02: an ECS deployment group's `DeploymentStyle` must be `BLUE_GREEN` with `WITH_TRAFFIC_CONTROL`.

## What it does
Checks `DeploymentStyle` of every `AWS::CodeDeploy::DeploymentGroup` that has `ECSServices`:
`DeploymentType` must be `BLUE_GREEN` and `DeploymentOption` must be `WITH_TRAFFIC_CONTROL`. A missing
`DeploymentStyle` (or a missing key in it) means `IN_PLACE` / `WITHOUT_TRAFFIC_CONTROL` and is reported
too. These are errors. A value that is not known from the templates (a parameter) cannot be verified (info).

## Why is this bad?
CodeDeploy only does blue/green deployments with traffic shifting for ECS. CreateDeploymentGroup fails
and CloudFormation rolls the stack back:

    InvalidDeploymentStyleException: For ECS deployment, the deployment type must be BLUE_GREEN, and
    deployment option must be WITH_TRAFFIC_CONTROL.

The CDK's `EcsDeploymentGroup` hard-codes the pair; an L1 `CfnDeploymentGroup` does not.

## Example
```yaml
DeploymentGroup:
  Type: AWS::CodeDeploy::DeploymentGroup
  Properties:
    DeploymentStyle:
      DeploymentType: IN_PLACE
      DeploymentOption: WITHOUT_TRAFFIC_CONTROL
    ECSServices: [{ClusterName: !Ref Cluster, ServiceName: !GetAtt Service.Name}]
```

## Use instead
```yaml
    DeploymentStyle:
      DeploymentType: BLUE_GREEN
      DeploymentOption: WITH_TRAFFIC_CONTROL
```

## CDK (Python) fix
```python
codedeploy.EcsDeploymentGroup(self, "DG", service=service, blue_green_deployment_config=...)  # sets the pair
# L1:
codedeploy.CfnDeploymentGroup(self, "DG", ..., deployment_style=codedeploy.CfnDeploymentGroup.DeploymentStyleProperty(
    deployment_type="BLUE_GREEN", deployment_option="WITH_TRAFFIC_CONTROL"))
```

## CDK (TypeScript) fix
```ts
new codedeploy.EcsDeploymentGroup(this, 'DG', { service, blueGreenDeploymentConfig: { /* ... */ } });  // sets the pair
// L1:
new codedeploy.CfnDeploymentGroup(this, 'DG', { /* ..., */
  deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' } });
```

## Source
https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html ;
https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-codedeploy/lib/ecs/deployment-group.ts
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.base import reason
from cfncheck.model.codedeploy import DeploymentGroup
from cfncheck.rules.base import ERROR, INFO, Rule, Violation
from cfncheck.template.values import MISSING, Conds, Lit, Unknown, Where

AWS_ERROR = ("InvalidDeploymentStyleException: For ECS deployment, the deployment type must be BLUE_GREEN, "
             "and deployment option must be WITH_TRAFFIC_CONTROL.")
WANTED = {"DeploymentType": ("BLUE_GREEN", "IN_PLACE"), "DeploymentOption": ("WITH_TRAFFIC_CONTROL",
                                                                             "WITHOUT_TRAFFIC_CONTROL")}


class BlueGreenDeploymentStyle(Rule):
    code = "9C42"
    name = "CD-02"
    title = "An ECS deployment group's DeploymentStyle must be BLUE_GREEN with WITH_TRAFFIC_CONTROL"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Use codedeploy.EcsDeploymentGroup, which sets the pair; with L1 CfnDeploymentGroup set "
           "deployment_style=CfnDeploymentGroup.DeploymentStyleProperty(deployment_type=\"BLUE_GREEN\", "
           "deployment_option=\"WITH_TRAFFIC_CONTROL\").")
    fix_typescript = ("Use codedeploy.EcsDeploymentGroup, which sets the pair; with L1 CfnDeploymentGroup set "
                      "deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' } (a "
                      "CfnDeploymentGroup.DeploymentStyleProperty).")
    source_url = "https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            for style in group.raw("DeploymentStyle"):
                if style.value is MISSING:
                    yield Violation(ERROR, group.at("Properties"),
                                    f"{group.label} deploys ECS services but sets no DeploymentStyle, which means "
                                    "IN_PLACE without traffic control; creating the deployment group fails: "
                                    f"\"{AWS_ERROR}\"", conds=style.conds)
                    continue
                yield from self._style(group, style.where, style.conds)

    def _style(self, group: DeploymentGroup, style: Where, conds: Conds) -> Iterable[Violation]:
        label = group.label
        for kind in group.prop("DeploymentStyle", "DeploymentType", conds=conds):
            for option in group.prop("DeploymentStyle", "DeploymentOption", conds=kind.conds):
                problems: list[tuple[Where, str]] = []
                unknown: list[tuple[Where, str]] = []
                for key, fact in (("DeploymentType", kind), ("DeploymentOption", option)):
                    value = fact.value
                    wanted, default = WANTED[key]
                    where = fact.where if value is not MISSING else style
                    if value == Lit(wanted):
                        continue
                    if value is MISSING:
                        problems.append((where, f"{key} is not set (so {default})"))
                    elif isinstance(value, Unknown) or not isinstance(value, Lit):
                        unknown.append((where, f"{key}: {reason(value)}"))
                    else:
                        problems.append((where, f"{key} is {value.value!r}"))
                if problems:
                    what = " and ".join(p for _, p in problems)
                    yield Violation(ERROR, problems[0][0],
                                    f"{label} deploys ECS services but its {what}; ECS needs BLUE_GREEN with "
                                    f"WITH_TRAFFIC_CONTROL and creating the deployment group fails: \"{AWS_ERROR}\"",
                                    conds=option.conds)
                elif unknown:
                    yield Violation(INFO, unknown[0][0],
                                    f"cannot verify the DeploymentStyle of {label}: "
                                    f"{'; '.join(u for _, u in unknown)}", conds=option.conds)
