"""HOOK-07: the blue/green hook is not available in every AWS Region.

## What it does
For a stack with an `AWS::CodeDeploy::BlueGreen` hook whose Region is known from the cloud assembly
(the stack's `environment` in `manifest.json`, e.g. `aws://123456789012/ap-northeast-3`), reports as info
when that Region is one the CodeDeploy user guide lists as without CloudFormation blue/green deployments:
Asia Pacific (Osaka), and, in an older note, Europe (Milan) and Africa (Cape Town). Stacks whose Region is
not known (plain templates, environment-agnostic CDK stacks) are not reported.

## Why is this bad?
Where the feature is missing, the stack operation that needs the hook cannot run there. The lists are
documentation notes that change over time, so this is information to double-check, not an error.
AWS error text: unconfirmed.

## Example
```json
"artifacts": {"WebStack": {"type": "aws:cloudformation:stack",
  "environment": "aws://123456789012/ap-northeast-3", "properties": {"templateFile": "WebStack.template.json"}}}
```

## Use instead
```json
"artifacts": {"WebStack": {"type": "aws:cloudformation:stack",
  "environment": "aws://123456789012/ap-northeast-1", "properties": {"templateFile": "WebStack.template.json"}}}
```

## CDK (Python) fix
```python
WebStack(app, "WebStack", env=cdk.Environment(account="123456789012", region="ap-northeast-1"))
# or, in that Region, deploy with codedeploy.EcsDeploymentGroup instead of the CloudFormation hook
```

## CDK (TypeScript) fix
```ts
new WebStack(app, 'WebStack', { env: { account: '123456789012', region: 'ap-northeast-1' } });
// or, in that Region, deploy with codedeploy.EcsDeploymentGroup instead of the CloudFormation hook
```

## Source
https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-steps-ecs.html
https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.rules.base import INFO, Rule, Violation

# Region -> (name, where the note is)
UNSUPPORTED = {
    "ap-northeast-3": ("Asia Pacific (Osaka)", "the CodeDeploy user guide"),
    "eu-south-1": ("Europe (Milan)", "an older note of the CodeDeploy user guide"),
    "af-south-1": ("Africa (Cape Town)", "an older note of the CodeDeploy user guide"),
}


class HookRegionAvailability(Rule):
    code = "9D57"
    name = "HOOK-07"
    title = "The blue/green hook is not available in every AWS Region"
    severity = INFO
    severities = (INFO,)
    fix = ("Deploy the stack with the CfnCodeDeployBlueGreenHook to a Region that supports CloudFormation blue/green "
           "deployments (env=cdk.Environment(region=...)), or use codedeploy.EcsDeploymentGroup there instead.")
    fix_typescript = ("Deploy the stack with the CfnCodeDeployBlueGreenHook to a Region that supports CloudFormation "
                      "blue/green deployments (env: { region: ... }), or use codedeploy.EcsDeploymentGroup there "
                      "instead.")
    source_url = "https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-steps-ecs.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for stack, found in model.hook_stacks:
            region = stack.region
            if region not in UNSUPPORTED or found[0].anchor is None:
                continue
            name, note = UNSUPPORTED[region]
            yield Violation(INFO, found[0].at(),
                            f"stack {stack.name} has {found[0].label} and is deployed to {region} ({name}); {note} "
                            "lists this Region as without CloudFormation blue/green deployments through CodeDeploy: "
                            "check that the hook is available there")
