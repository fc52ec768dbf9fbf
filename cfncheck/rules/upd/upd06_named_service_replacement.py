"""UPD-06: a change that replaces a deployed ECS service with `ServiceName` or Service Connect names set.

## What it does
With `--previous`, reports an `AWS::ECS::Service` that the update replaces (a create-only property changes:
`Cluster`, `Role`, `SchedulingStrategy`, `ServiceName`, or the type) while the service keeps a fixed
`ServiceName`, or has Service Connect services with names. A `LaunchType` change (conditionally create-only)
with a fixed name is a warning.

## Why is this bad?
CloudFormation creates the new service before it deletes the old one, and both would carry the same name:
"The stack update fails if you change any properties that require replacement and the ServiceName is
configured" (resource reference); likewise for Service Connect names.

## Example
```yaml
# deployed: Service: {ServiceName: orders-api, Cluster: !Ref Cluster}
# next:     Service: {ServiceName: orders-api, Cluster: !Ref Cluster2}
```

## Use instead
Drop `ServiceName` (CloudFormation names the service), or give the new service another name and move the
traffic.

## CDK (Python) fix
```python
ecs.FargateService(self, "Service", cluster=cluster2, task_definition=td)   # no service_name=
# or service_name="orders-api-v2", and delete the old one after the cut-over
```

## CDK (TypeScript) fix
```ts
new ecs.FargateService(this, 'Service', { cluster: cluster2, taskDefinition: td });   // no serviceName
// or serviceName: 'orders-api-v2', and delete the old one after the cut-over
```

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.rules.base import ERROR, WARNING, Rule, Violation


class NamedServiceReplacement(Rule):
    code = "9D66"
    name = "UPD-06"
    title = "A change that replaces a deployed ECS service with a fixed ServiceName or Service Connect names"
    severity = ERROR
    severities = (ERROR, WARNING)
    fix = ("Remove service_name= (CloudFormation then names the service), or give the replacement a new "
           "service_name and move the traffic; keep cluster, role and scheduling strategy as deployed.")
    fix_typescript = ("Remove serviceName (CloudFormation then names the service), or give the replacement a new "
                      "serviceName and move the traffic; keep cluster, role and scheduling strategy as deployed.")
    source_url = ("https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
                  "aws-resource-ecs-service.html")

    def check(self, model: Model) -> Iterable[Violation]:
        if model.update is None:
            return
        for su in model.update.services:
            change = su.change
            if change is None:
                continue
            named = [k for k in ("ServiceName",) if su.service.given(k) and su.before.given(k)
                     and su.changed(k) is None]
            if su.service.given("ServiceConnectConfiguration", "Services"):
                named.append("ServiceConnectConfiguration")
            if not named:
                continue
            causes = change.replacing or [p for p in change.properties.values() if p.may_replace]
            if not causes and not change.type_changed:
                continue
            severity = ERROR if change.replaced else WARNING
            why = ", ".join(f"{p.key} ({p.reason})" for p in causes) or "the type"
            key = causes[0].key if causes else "ServiceName"
            yield Violation(severity, su.at(key),
                            f"this update {'replaces' if change.replaced else 'may replace'} {su.label} (it changes "
                            f"{why}) while {' and '.join(named)} stay set: the new service is created before the "
                            "old one is deleted and the stack update fails (\"The stack update fails if you change "
                            "any properties that require replacement and the ServiceName is configured\")",
                            [su.before_at(key), su.at(named[0])])
