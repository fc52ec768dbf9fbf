"""CD-03: an ECS deployment group needs a sensible `BlueGreenDeploymentConfiguration`.

## What it does
Checks `BlueGreenDeploymentConfiguration` of every `AWS::CodeDeploy::DeploymentGroup` that has
`ECSServices`:
- missing → error;
- `TerminateBlueInstancesOnDeploymentSuccess.TerminationWaitTimeInMinutes` above 2880 → error;
- `DeploymentReadyOption.ActionOnTimeout: STOP_DEPLOYMENT` with `WaitTimeInMinutes` 0 or not set → warning
  (every deployment waits for a manual `ContinueDeployment` that it gives no time for; the exact
  behaviour at 0 is unconfirmed);
- `GreenFleetProvisioningOption` (an EC2 concept: how replacement instances are provisioned) → warning
  (whether CodeDeploy rejects it for ECS is unconfirmed).
A termination wait that is not known from the templates cannot be verified (info).

## Why is this bad?
Without the block, CreateDeploymentGroup fails and CloudFormation rolls back:

    InvalidBlueGreenDeploymentConfigurationException: For ECS deployment group,
    blueGreenDeploymentConfiguration must be specified

The termination wait is capped by the API ("The maximum setting is 2880 minutes (2 days)"), so a larger
value is rejected too. The two warnings are about deployments that stop or settings ECS ignores.
AWS error text for the warnings: unconfirmed.

## Example
```yaml
DeploymentGroup:
  Type: AWS::CodeDeploy::DeploymentGroup
  Properties:
    DeploymentStyle: {DeploymentType: BLUE_GREEN, DeploymentOption: WITH_TRAFFIC_CONTROL}
    ECSServices: [{ClusterName: !Ref Cluster, ServiceName: !GetAtt Service.Name}]
    # no BlueGreenDeploymentConfiguration
```

## Use instead
```yaml
    BlueGreenDeploymentConfiguration:
      DeploymentReadyOption:
        ActionOnTimeout: CONTINUE_DEPLOYMENT
      TerminateBlueInstancesOnDeploymentSuccess:
        Action: TERMINATE
        TerminationWaitTimeInMinutes: 5
```

## CDK (Python) fix
```python
codedeploy.EcsDeploymentGroup(self, "DG", service=service,
    blue_green_deployment_config=codedeploy.EcsBlueGreenDeploymentConfig(
        blue_target_group=blue_tg, green_target_group=green_tg, listener=prod_listener,
        test_listener=test_listener, termination_wait_time=Duration.minutes(5),
        deployment_approval_wait_time=Duration.minutes(30)))   # at most 2 days each
```

## CDK (TypeScript) fix
```ts
new codedeploy.EcsDeploymentGroup(this, 'DG', {
  service,
  blueGreenDeploymentConfig: {   // a codedeploy.EcsBlueGreenDeploymentConfig
    blueTargetGroup: blueTg, greenTargetGroup: greenTg, listener: prodListener,
    testListener, terminationWaitTime: Duration.minutes(5),
    deploymentApprovalWaitTime: Duration.minutes(30),   // at most 2 days each
  },
});
```

## Source
https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html ;
https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-codedeploy/lib/ecs/deployment-group.ts
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.base import present, reason
from cfncheck.model.codedeploy import DeploymentGroup
from cfncheck.rules.base import ERROR, INFO, WARNING, Rule, Violation
from cfncheck.template.values import MISSING, Conds, Lit, number

AWS_ERROR = ("InvalidBlueGreenDeploymentConfigurationException: For ECS deployment group, "
             "blueGreenDeploymentConfiguration must be specified")
BG = "BlueGreenDeploymentConfiguration"
TERMINATE = ("TerminateBlueInstancesOnDeploymentSuccess", "TerminationWaitTimeInMinutes")
READY = "DeploymentReadyOption"
MAX_WAIT = 2880


class BlueGreenDeploymentConfiguration(Rule):
    code = "9C43"
    name = "CD-03"
    title = "An ECS deployment group needs a sensible BlueGreenDeploymentConfiguration"
    severity = ERROR
    severities = (ERROR, WARNING, INFO)
    fix = ("Pass blue_green_deployment_config=codedeploy.EcsBlueGreenDeploymentConfig(blue_target_group=..., "
           "green_target_group=..., listener=..., test_listener=..., termination_wait_time=Duration.minutes(5)) "
           "to codedeploy.EcsDeploymentGroup; keep termination_wait_time and deployment_approval_wait_time at "
           "most 2 days, and do not set a green fleet provisioning option.")
    fix_typescript = ("Pass blueGreenDeploymentConfig: { blueTargetGroup: ..., greenTargetGroup: ..., listener: ..., "
                      "testListener: ..., terminationWaitTime: Duration.minutes(5) } (a "
                      "codedeploy.EcsBlueGreenDeploymentConfig) to new codedeploy.EcsDeploymentGroup(...); keep "
                      "terminationWaitTime and deploymentApprovalWaitTime at most 2 days, and do not set a green "
                      "fleet provisioning option.")
    source_url = "https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            for block in group.raw(BG):
                if block.value is MISSING:
                    yield Violation(ERROR, group.at("Properties"),
                                    f"{group.label} deploys ECS services but has no BlueGreenDeploymentConfiguration; "
                                    f"creating the deployment group fails: \"{AWS_ERROR}\"", conds=block.conds)
                    continue
                yield from self._termination(group, block.conds)
                yield from self._ready(group, block.conds)
                yield from self._green_fleet(group, block.conds)

    def _termination(self, group: DeploymentGroup, conds: Conds) -> Iterable[Violation]:
        for br in group.prop(BG, *TERMINATE, conds=conds):
            if br.value is MISSING:
                continue
            minutes = number(br.value)
            if minutes is None:
                yield Violation(INFO, br.where,
                                f"cannot verify that the termination wait of {group.label} is at most {MAX_WAIT} "
                                f"minutes: {reason(br.value)}", conds=br.conds)
            elif minutes > MAX_WAIT:
                yield Violation(ERROR, br.where,
                                f"{group.label} waits {minutes:g} minutes before terminating the blue tasks; the "
                                f"maximum setting is {MAX_WAIT} minutes (2 days) and CodeDeploy rejects the "
                                "deployment group", conds=br.conds)

    def _ready(self, group: DeploymentGroup, conds: Conds) -> Iterable[Violation]:
        for action in group.prop(BG, READY, "ActionOnTimeout", conds=conds):
            if action.value != Lit("STOP_DEPLOYMENT"):
                continue
            for wait in group.prop(BG, READY, "WaitTimeInMinutes", conds=action.conds):
                minutes = number(wait.value)
                if wait.value is not MISSING and (minutes is None or minutes > 0):
                    continue
                shown = "no WaitTimeInMinutes" if wait.value is MISSING else "WaitTimeInMinutes 0"
                yield Violation(WARNING, wait.where if wait.value is not MISSING else action.where,
                                f"{group.label} stops every deployment until ContinueDeployment is called "
                                f"(ActionOnTimeout STOP_DEPLOYMENT) but has {shown}, so there is no time to approve "
                                "and deployments end up Stopped; set WaitTimeInMinutes or use CONTINUE_DEPLOYMENT",
                                conds=wait.conds)

    def _green_fleet(self, group: DeploymentGroup, conds: Conds) -> Iterable[Violation]:
        for br in group.raw(BG, "GreenFleetProvisioningOption", conds=conds):
            if present(br.value):
                yield Violation(WARNING, br.where,
                                f"{group.label} deploys ECS services but sets GreenFleetProvisioningOption, an EC2 "
                                "setting (how replacement instances are provisioned) that does not apply to ECS; "
                                "remove it", conds=br.conds)
