"""REPL-02: a renamed logical ID whose resource keeps its custom physical name.

## What it does
With `--previous`, reports a resource that the update adds while it removes one of the same type, in the same
stack, with the same custom name (`ServiceName`, `BucketName`, `TableName`, `RoleName`...): what a changed
construct id, a construct moved in the tree, or a refactoring produces in the CDK.

## Why is this bad?
CloudFormation creates new resources first and deletes removed ones at the end of the update, so the new
resource is created while the old one still holds the name. The create fails (each service words it its own
way: "orders already exists", ECS "Creation of service was not idempotent") and the update rolls back.

## Example
```yaml
# deployed: ServiceD69D759B:      {Type: AWS::ECS::Service, Properties: {ServiceName: orders-api}}
# next:     OrdersService70141735: {Type: AWS::ECS::Service, Properties: {ServiceName: orders-api}}
```

## Use instead
Keep the logical ID: pin it, or move the deployed resource to the new ID with `cdk refactor` (a CloudFormation
stack refactoring) instead of a replace.

## CDK (Python) fix
```python
service.node.default_child.override_logical_id("ServiceD69D759B")   # the deployed logical ID
# or: cdk refactor --unstable=refactor (moves the resource to its new construct path)
# or two deployments: first remove the fixed name (or rename), then rename the construct
```

## CDK (TypeScript) fix
```ts
(service.node.defaultChild as CfnResource).overrideLogicalId('ServiceD69D759B');   // the deployed logical ID
// or: cdk refactor --unstable=refactor (moves the resource to its new construct path)
// or two deployments: first remove the fixed name (or rename), then rename the construct
```

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stack-refactoring.html ;
https://docs.aws.amazon.com/cdk/v2/guide/refactor.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.rules.base import ERROR, Rule, Violation


class RenamedLogicalId(Rule):
    code = "9D72"
    name = "REPL-02"
    title = "A renamed logical ID whose resource keeps its custom name fails to create"
    severity = ERROR
    severities = (ERROR,)
    fix = ("Keep the deployed logical ID (cfn.override_logical_id(\"<deployed id>\")), move the resource with "
           "`cdk refactor`, or deploy in two steps: first drop or change the fixed name, then rename the construct.")
    fix_typescript = ("Keep the deployed logical ID (cfn.overrideLogicalId('<deployed id>')), move the resource with "
                      "`cdk refactor`, or deploy in two steps: first drop or change the fixed name, then rename the "
                      "construct.")
    source_url = "https://docs.aws.amazon.com/cdk/v2/guide/refactor.html"

    def check(self, model: Model) -> Iterable[Violation]:
        if model.update is None:
            return
        for rn in model.update.renames:
            shown = rn.value if isinstance(rn.value, str) else f"the same {rn.key}"
            yield Violation(ERROR, rn.added.next_at("Properties", rn.key),
                            f"this update removes {rn.removed.logical_id} and adds {rn.added.logical_id} "
                            f"({rn.added.type}) with {rn.key} {shown!r}: CloudFormation creates the new one before "
                            "it deletes the old one, and the name is still taken, so the create fails",
                            [rn.removed.previous_at("Properties", rn.key)])
