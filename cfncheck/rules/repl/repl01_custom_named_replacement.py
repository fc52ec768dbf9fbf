"""REPL-01: a change that replaces a deployed resource that has a custom physical name.

## What it does
With `--previous`, reports a resource that the update replaces (its type changes, or a create-only property
of its resource provider schema changes, as cfn-lint ships them) while the property that names it (the
writable primary identifier such as `BucketName`, `TableName`, `RoleName`, or a create-only `Name` /
`<Type>Name` / `<Type>Identifier`) stays the same. ECS services are UPD-06.

## Why is this bad?
CloudFormation creates the replacement before it deletes the old resource, and both cannot have one name. The
update fails:

    CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename <name> and
    update the stack again.

## Example
```yaml
# deployed: Table: {TableName: orders, KeySchema: [{AttributeName: id, KeyType: HASH}]}
# next:     Table: {TableName: orders, KeySchema: [{AttributeName: orderId, KeyType: HASH}]}
```

## Use instead
Give the resource a new name in the same change (its data does not move: see REPL-03), or drop the custom
name and let CloudFormation generate one.

## CDK (Python) fix
```python
dynamodb.Table(self, "OrdersTable", table_name="orders-v2", partition_key=...)   # or no table_name
# data: export and import it, or keep the old table (removal_policy=RETAIN) and migrate
```

## CDK (TypeScript) fix
```ts
new dynamodb.Table(this, 'OrdersTable', { tableName: 'orders-v2', partitionKey /* , ... */ });   // or no tableName
// data: export and import it, or keep the old table (removalPolicy: RemovalPolicy.RETAIN) and migrate
```

## Source
https://repost.aws/knowledge-center/cloudformation-custom-name ;
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-name.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.rules.base import ERROR, Rule, Violation

ECS_SERVICE = "AWS::ECS::Service"


class CustomNamedReplacement(Rule):
    code = "9D71"
    name = "REPL-01"
    title = "A change that replaces a deployed resource with a custom physical name fails"
    severity = ERROR
    severities = (ERROR,)
    fix = ("Change the name in the same deployment (e.g. table_name=\"orders-v2\"), or remove the fixed name so "
           "CloudFormation generates one; plan how the data moves (REPL-03).")
    fix_typescript = ("Change the name in the same deployment (e.g. tableName: 'orders-v2'), or remove the fixed name "
                      "so CloudFormation generates one; plan how the data moves (REPL-03).")
    source_url = "https://repost.aws/knowledge-center/cloudformation-custom-name"

    def check(self, model: Model) -> Iterable[Violation]:
        update = model.update
        if update is None:
            return
        for change in update.resources():
            if not change.replaced or change.type == ECS_SERVICE or change.next is None:
                continue
            named = update.name_of(change.next)
            if named is None or change.changed(named[0]) is not None:
                continue
            causes = change.replacing
            why = ", ".join(f"{p.key} ({p.reason})" for p in causes) or "its type"
            key = causes[0].key if causes else named[0]
            shown = named[1] if isinstance(named[1], str) else f"its {named[0]}"
            yield Violation(ERROR, change.next_at("Properties", key),
                            f"this update replaces {change.logical_id} ({change.type}): it changes {why}, while "
                            f"{named[0]} stays {shown!r}; CloudFormation refuses: \"CloudFormation cannot update a "
                            f"stack when a custom-named resource requires replacing. Rename {shown} and update the "
                            "stack again.\"", [change.previous_at("Properties", key),
                                               change.next_at("Properties", named[0])])
