"""HOOK-03: an update that starts a hook-driven green deployment must change nothing else.

## What it does
With `--previous`, reports a stack with the `AWS::CodeDeployBlueGreen` transform when the update changes one of
the hook's task definitions or task sets (what starts a blue/green deployment) and, in the same update, any
other resource of that stack (the target service and its primary task set do not count).

## Why is this bad?
"When you update the task definition or task set ... you can't include updates to other resources in the same
stack update" (CloudFormation User Guide, blue/green deployments). The hook fails the update:

    Additional resource diff other than Amazon ECS application related resource update is detected,
    CodeDeploy can't perform BlueGreen style update properly. Diff resource logical Ids: [...]

## Example
```yaml
# next changes the image of BlueTaskDefinition and, in the same update, the Description of a security group
```

## Use instead
Two updates: the task definition or task set change alone, then the other resources.

## CDK (Python) fix
```python
# deploy the image change with nothing else in the stack's diff (cdk diff shows only the task definition),
# then the other changes in a second cdk deploy
```

## CDK (TypeScript) fix
```ts
// deploy the image change with nothing else in the stack's diff (cdk diff shows only the task definition),
// then the other changes in a second cdk deploy
```

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/blue-green.html ;
https://repost.aws/knowledge-center/cloudformation-blue-green-errors
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.rules.base import ERROR, Rule, Violation

AWS_ERROR = ("Additional resource diff other than Amazon ECS application related resource update is detected,"
             "CodeDeploy can't perform BlueGreen style update properly.")


class MixedGreenUpdate(Rule):
    code = "9D53"
    name = "HOOK-03"
    title = "An update that starts a hook-driven green deployment must change nothing else"
    severity = ERROR
    severities = (ERROR,)
    fix = ("Split the deployment: first the task definition / task set change alone (cdk diff shows nothing "
           "else), then the other resources in a second cdk deploy.")
    fix_typescript = ("Split the deployment: first the task definition / task set change alone (cdk diff shows "
                      "nothing else), then the other resources in a second cdk deploy.")
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        if model.update is None:
            return
        for hu in model.update.hooks:
            if not hu.other_changes:
                continue
            app = ", ".join(sorted(c.logical_id for c in hu.app_changes))
            others = sorted(c.logical_id for c in hu.other_changes)
            shown = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
            related = [c.next_at() if c.next is not None else c.previous_at() for c in hu.other_changes[:5]]
            yield Violation(ERROR, hu.hook.at(),
                            f"this update changes {app}, which starts a green deployment of {hu.hook.label}, and "
                            f"also {shown}; the hook fails the update: \"{AWS_ERROR} Diff resource logical Ids: "
                            f"[{', '.join(others)}]\"", related)
