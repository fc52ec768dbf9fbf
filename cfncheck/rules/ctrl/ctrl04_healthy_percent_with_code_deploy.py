"""CTRL-04: `MinimumHealthyPercent` / `MaximumPercent` on a CODE_DEPLOY or EXTERNAL service.

## What it does
For a service whose controller is `CODE_DEPLOY` or `EXTERNAL` and that sets
`DeploymentConfiguration.MinimumHealthyPercent` or `MaximumPercent` to something other than the ECS defaults
(100 / 200): on EC2 it warns, because custom values are not allowed there; on Fargate (launch type `FARGATE`,
or only `FARGATE`/`FARGATE_SPOT` capacity providers, or a cluster default strategy of those) it tells you the
values are ignored (info), but only for values the user chose.

**What the CDK renders by itself is not the user's choice.** aws-cdk-lib's ECS service constructs always write
`MaximumPercent: 200` and, when `min_healthy_percent` is not given, `MinimumHealthyPercent: 50`. A value is taken
as rendered by the CDK when it equals that default and the resource was made by an ECS service construct, not
written as an L1 (`ecs.CfnService`): the construct type in `tree.json`, or without it the resource's construct
path ending in the construct's own child ID `Service`. Where that can be wrong: a user who passes
`min_healthy_percent=50` explicitly looks exactly like the default (no note on Fargate, where the value is
ignored anyway); an escape hatch (`add_property_override`) that writes 50 is taken as the default too. On EC2
the rendered 50 is still a warning, and the message says the CDK wrote it.

## Why is this bad?
With CodeDeploy, the deployment config decides how many tasks run during a deployment. AWS documents
(for `MinimumHealthyPercent` and `MaximumPercent`):
"You can't specify a custom ... value for a service that uses either the
blue/green (CODE_DEPLOY) or EXTERNAL deployment types and has tasks that use the EC2 launch type." On
Fargate the values are accepted and not used, which misleads readers into thinking they bound the
deployment; values that equal the ECS defaults or the CDK's rendering mislead nobody and get no note. No AWS
error text has been captured for the EC2 case.

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

## CDK (TypeScript) fix
```ts
new ecs.Ec2Service(this, 'Svc', { /* ... */ minHealthyPercent: 100, maxHealthyPercent: 200,
  deploymentController: { type: ecs.DeploymentControllerType.CODE_DEPLOY } });
```

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-deploymentconfiguration.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.base import Fact, reason
from cfncheck.model.ecs import ECS_DEFAULT_PERCENTS, Service
from cfncheck.rules.base import INFO, WARNING, Rule, Violation
from cfncheck.template.values import MISSING, Lit, number


class HealthyPercentWithCodeDeploy(Rule):
    code = "9C04"
    name = "CTRL-04"
    title = "MinimumHealthyPercent/MaximumPercent are ignored (Fargate) or restricted (EC2) with CODE_DEPLOY/EXTERNAL"
    severity = WARNING
    severities = (WARNING, INFO)
    fix = ("On EC2 set min_healthy_percent=100, max_healthy_percent=200 (or add_property_deletion_override("
           "\"DeploymentConfiguration.MinimumHealthyPercent\") and the same for MaximumPercent); on Fargate the "
           "values can stay but do nothing: the CodeDeploy deployment config controls the rollout.")
    fix_typescript = ("On EC2 set minHealthyPercent: 100, maxHealthyPercent: 200 (or "
                      "addPropertyDeletionOverride('DeploymentConfiguration.MinimumHealthyPercent') and the same for "
                      "MaximumPercent); on Fargate the values can stay but do nothing: the CodeDeploy deployment "
                      "config controls the rollout.")
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
                    for prop in ECS_DEFAULT_PERCENTS:
                        for br in service.prop("DeploymentConfiguration", prop, conds=fargate.conds):
                            if br.value is not MISSING:
                                found[prop] = br
                    custom = {k: f for k, f in found.items() if number(f.value) != ECS_DEFAULT_PERCENTS[k]}
                    if fargate.value == Lit(False):
                        if custom:
                            yield Violation(WARNING, next(iter(custom.values())).where,
                                            f"{service.label} uses the EC2 launch type with the {kind} controller; "
                                            f"custom {_shown(service, custom)} is not allowed there (use 100/200 or "
                                            "leave them out)", service.related_groups, fargate.conds)
                        continue
                    # Fargate, or not known: only what the user chose is worth a note, not what the CDK renders
                    chosen = {k: f for k, f in custom.items() if not service.rendered_by_cdk(k, f.value)}
                    if not chosen:
                        continue
                    where, shown = next(iter(chosen.values())).where, _shown(service, chosen)
                    related = service.related_groups
                    if fargate.value == Lit(True):
                        yield Violation(INFO, where,
                                        f"{service.label} runs on Fargate with the {kind} controller; {shown} is not "
                                        "used (the deployment configuration of the deployment decides how tasks are "
                                        "replaced)", related, fargate.conds)
                    else:
                        yield Violation(INFO, where,
                                        f"cannot verify {service.label} ({shown} with the {kind} controller): whether "
                                        f"it runs on Fargate or EC2 is unknown: {reason(fargate.value)}",
                                        related, fargate.conds)


def _shown(service: Service, found: dict[str, Fact]) -> str:
    """``MinimumHealthyPercent=50 (what the CDK renders when min_healthy_percent is not set), MaximumPercent=300``."""
    parts = []
    for prop, f in found.items():
        text = f"{prop}={f.value.value if isinstance(f.value, Lit) else '?'}"
        if service.rendered_by_cdk(prop, f.value):
            knob = "min_healthy_percent" if prop == "MinimumHealthyPercent" else "max_healthy_percent"
            text += f" (what the CDK renders when {knob} is not set)"
        parts.append(text)
    return ", ".join(parts)
