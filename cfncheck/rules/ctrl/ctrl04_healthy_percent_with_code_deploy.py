"""CTRL-04: `MinimumHealthyPercent` / `MaximumPercent` on a CODE_DEPLOY or EXTERNAL service.

## What it does
For a service whose controller is `CODE_DEPLOY` or `EXTERNAL` and that sets
`DeploymentConfiguration.MinimumHealthyPercent` or `MaximumPercent`: on Fargate (launch type `FARGATE`, or
only `FARGATE`/`FARGATE_SPOT` capacity providers, or a cluster default strategy of those) it tells you the
values are ignored (info); on EC2 it warns when they differ from the REPLICA defaults (100 / 200).

## Why is this bad?
With CodeDeploy, the deployment config decides how many tasks run during a deployment. AWS documents
(for `MinimumHealthyPercent` and `MaximumPercent`):
"You can't specify a custom ... value for a service that uses either the
blue/green (CODE_DEPLOY) or EXTERNAL deployment types and has tasks that use the EC2 launch type." On
Fargate the values are accepted and not used, which misleads readers into thinking they bound the
deployment. The CDK always renders `MinimumHealthyPercent: 50` and `MaximumPercent: 200` unless told
otherwise. No AWS error text has been captured for the EC2 case.

## Example
```json
"Service": {"Type": "AWS::ECS::Service", "Properties": {"LaunchType": "EC2",
  "DeploymentController": {"Type": "CODE_DEPLOY"},
  "DeploymentConfiguration": {"MinimumHealthyPercent": 50, "MaximumPercent": 200}}}
```

## Use instead
```json
"Service": {"Type": "AWS::ECS::Service", "Properties": {"LaunchType": "EC2",
  "DeploymentController": {"Type": "CODE_DEPLOY"},
  "DeploymentConfiguration": {"MinimumHealthyPercent": 100, "MaximumPercent": 200}}}
```

## CDK (Python) fix
```python
ecs.Ec2Service(self, "Svc", ..., min_healthy_percent=100, max_healthy_percent=200,
    deployment_controller=ecs.DeploymentController(type=ecs.DeploymentControllerType.CODE_DEPLOY))
```

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-deploymentconfiguration.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.base import reason
from cfncheck.rules.base import INFO, WARNING, Rule, Violation
from cfncheck.template.values import MISSING, Lit

DEFAULTS = {"MinimumHealthyPercent": 100, "MaximumPercent": 200}


class HealthyPercentWithCodeDeploy(Rule):
    code = "9C04"
    name = "CTRL-04"
    title = "MinimumHealthyPercent/MaximumPercent are ignored (Fargate) or restricted (EC2) with CODE_DEPLOY/EXTERNAL"
    severity = WARNING
    severities = (WARNING, INFO)
    fix = ("On EC2 set min_healthy_percent=100, max_healthy_percent=200 (or add_property_deletion_override("
           "\"DeploymentConfiguration.MinimumHealthyPercent\") and the same for MaximumPercent); on Fargate the "
           "values can stay but do nothing: the CodeDeploy deployment config controls the rollout.")
    source_url = ("https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
                  "aws-properties-ecs-service-deploymentconfiguration.html")

    def check(self, model: Model) -> Iterable[Violation]:
        for service in model.services:
            for ctrl in service.controllers():
                kind = ctrl.value.kind
                if not ctrl.value.not_ecs:
                    continue  # ECS controller, or unknown: these values are valid there
                if kind == "EXTERNAL" and not (service.has("LaunchType", conds=ctrl.conds)
                                               or service.has("CapacityProviderStrategy", conds=ctrl.conds)):
                    continue  # EXTERNAL: the launch type lives on each task set; nothing to judge here
                for fargate in service.fargate(ctrl.conds):
                    found = {}
                    for prop in DEFAULTS:
                        for br in service.prop("DeploymentConfiguration", prop, conds=fargate.conds):
                            if br.value is not MISSING:
                                found[prop] = br
                    if not found:
                        continue
                    where = next(iter(found.values())).where
                    shown = ", ".join(f"{k}={f.value.value if isinstance(f.value, Lit) else '?'}"
                                      for k, f in found.items())
                    related = service.related_groups
                    if fargate.value == Lit(True):
                        yield Violation(INFO, where,
                                        f"{service.label} runs on Fargate with the {kind} controller; {shown} is not "
                                        "used (the deployment configuration of the deployment decides how tasks are "
                                        "replaced)", related, fargate.conds)
                    elif fargate.value == Lit(False):
                        custom = [k for k, f in found.items()
                                  if not (isinstance(f.value, Lit) and str(f.value.value) == str(DEFAULTS[k]))]
                        if custom:
                            yield Violation(WARNING, where,
                                            f"{service.label} uses the EC2 launch type with the {kind} controller; "
                                            f"custom {shown} is not allowed there (use 100/200 or leave them out)",
                                            related, fargate.conds)
                    else:
                        yield Violation(INFO, where,
                                        f"cannot verify {service.label} ({shown} with the {kind} controller): whether "
                                        f"it runs on Fargate or EC2 is unknown: {reason(fargate.value)}",
                                        related, fargate.conds)
