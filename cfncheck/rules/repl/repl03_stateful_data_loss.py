"""REPL-03: a deployed resource that holds data is replaced or removed.

## What it does
With `--previous`, warns about a resource of a data-holding type (databases and clusters, DynamoDB and
Keyspaces tables, S3 buckets, EFS/FSx file systems, EBS volumes, log groups, Kinesis streams, SQS queues, MSK
clusters, KMS keys, Cognito user pools, secrets, ECR repositories, OpenSearch domains, backup vaults) that the
update:
- removes, with `DeletionPolicy` `Delete` (the default; RDS instances and clusters default to `Snapshot`),
  also when its nested stack is removed: its data is deleted;
- replaces with `UpdateReplacePolicy` `Delete` (the default): the old resource and its data are deleted;
- replaces with `Snapshot` or `Retain`: the new resource starts empty (the data is in the snapshot or the
  retained resource, outside the stack).
A replacement that REPL-01 already reports (it fails) is left to REPL-01.

## Why is this bad?
CloudFormation deletes what the template no longer has and what it replaced, after the update; nothing fails,
the data is gone. Why these types: each stores what the application wrote (rows, objects, files, log events,
messages, images, key material whose loss makes encrypted data unreadable, user identities).

## Example
```yaml
# deployed: ReceiptsBucket: {Type: AWS::S3::Bucket, DeletionPolicy: Delete}
# next:     (removed)
```

## Use instead
`DeletionPolicy: Retain` / `UpdateReplacePolicy: Retain` (or `Snapshot`), deployed before the change; move the
data before a replacement.

## CDK (Python) fix
```python
bucket.apply_removal_policy(cdk.RemovalPolicy.RETAIN)   # deploy this first, then remove the construct
# renaming a construct replaces: keep the id with cfn.override_logical_id(...) or use `cdk refactor`
```

## CDK (TypeScript) fix
```ts
bucket.applyRemovalPolicy(RemovalPolicy.RETAIN);   // deploy this first, then remove the construct
// renaming a construct replaces: keep the id with cfn.overrideLogicalId(...) or use `cdk refactor`
```

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html ;
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-updatereplacepolicy.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.rules.base import WARNING, Rule, Violation

RDS_SNAPSHOT_BY_DEFAULT = ("AWS::RDS::DBInstance", "AWS::RDS::DBCluster")


class StatefulDataLoss(Rule):
    code = "9D73"
    name = "REPL-03"
    title = "A deployed resource that holds data is replaced or removed"
    severity = WARNING
    severities = (WARNING,)
    fix = ("Deploy removal_policy=cdk.RemovalPolicy.RETAIN (or SNAPSHOT) first, and move the data; to rename a "
           "construct without a replacement, keep its logical ID (override_logical_id) or use `cdk refactor`.")
    fix_typescript = ("Deploy removalPolicy: RemovalPolicy.RETAIN (or SNAPSHOT) first, and move the data; to rename "
                      "a construct without a replacement, keep its logical ID (overrideLogicalId) or use "
                      "`cdk refactor`.")
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html"

    def check(self, model: Model) -> Iterable[Violation]:
        update = model.update
        if update is None:
            return
        renamed = {id(rn.removed) for rn in update.renames}
        for change in update.resources():
            if not update.stateful(change.type) or id(change) in renamed:
                continue
            if change.status == "removed" and change.previous is not None:
                policy = update.policy(change.previous, "DeletionPolicy")
                if "DeletionPolicy" not in change.previous.resource and change.type in RDS_SNAPSHOT_BY_DEFAULT:
                    continue  # RDS defaults to a final snapshot
                if policy != "Delete":
                    continue
                how = (f"with its nested stack {change.removed_with.logical_id}" if change.removed_with else
                       "from the template")
                yield Violation(WARNING, change.previous_at(),
                                f"this update removes {change.logical_id} ({change.type}, stack "
                                f"{change.previous.stack.name}) {how}, and its DeletionPolicy is Delete: "
                                "CloudFormation deletes it and its data")
            elif change.replaced and change.next is not None:
                named = update.name_of(change.next)
                if named is not None and change.changed(named[0]) is None:
                    continue  # the replacement fails (REPL-01)
                policy = update.policy(change.next, "UpdateReplacePolicy")
                causes = ", ".join(p.key for p in change.replacing) or "its type"
                if policy == "Delete":
                    what = "its UpdateReplacePolicy is Delete: the deployed one is deleted with its data"
                else:
                    what = (f"with UpdateReplacePolicy {policy} the data stays in the "
                            f"{'snapshot' if policy == 'Snapshot' else 'retained resource'}, and the new one "
                            "starts empty")
                yield Violation(WARNING, change.next_at("Properties", change.replacing[0].key)
                                if change.replacing else change.next_at(),
                                f"this update replaces {change.logical_id} ({change.type}; it changes {causes}); "
                                f"{what}", [change.previous_at()])

