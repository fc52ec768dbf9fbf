"""GEN-04: HealthCheckGracePeriodSeconds on a load-balanced service whose container needs start-up time.

## What it does
Reports (info) an `AWS::ECS::Service` with `LoadBalancers` but no `HealthCheckGracePeriodSeconds` when the
container behind a load-balancer entry declares that it needs time to start: its task definition (found by
`Ref`, family name or ARN, in any stack of the run) gives it a `HealthCheck.StartPeriod` above 0. A service
without that signal is not reported, since ordinary templates often leave the grace period out on purpose.

## Why is this bad?
Without `HealthCheckGracePeriodSeconds`, ECS uses 0: it acts on failing Elastic Load Balancing health checks from
the moment a task starts. The container health check waits `StartPeriod` seconds, the load balancer does not, so
a slow-starting task can be stopped before it is ready; during a blue/green deployment the green tasks keep
being replaced and the deployment stalls or rolls back. Nothing fails at deploy time. CDK sets 60 seconds
whenever a load balancer is attached.

## Example
```yaml
TaskDef:
  Properties:
    ContainerDefinitions:
      - Name: web
        HealthCheck: {Command: ["CMD-SHELL", "curl -f http://localhost:8080/health"], StartPeriod: 90}
Service:
  Properties:
    LoadBalancers: [{ContainerName: web, ContainerPort: 8080, TargetGroupArn: !Ref BlueTG}]
```

## Use instead
```yaml
Service:
  Properties:
    HealthCheckGracePeriodSeconds: 90
    LoadBalancers: [{ContainerName: web, ContainerPort: 8080, TargetGroupArn: !Ref BlueTG}]
```

## CDK (Python) fix
```python
service = ecs.FargateService(self, "Service", cluster=cluster, task_definition=task_def,
    health_check_grace_period=Duration.seconds(90))   # CDK's default with a load balancer is 60 s
```

## CDK (TypeScript) fix
```ts
const service = new ecs.FargateService(this, 'Service', { cluster, taskDefinition: taskDef,
  healthCheckGracePeriod: Duration.seconds(90) });   // CDK's default with a load balancer is 60 s
```

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html ;
https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-ecs/lib/base/base-service.ts
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.ecs import Service
from cfncheck.model.entries import LoadBalancerEntry
from cfncheck.model.tasks import TaskDefinition
from cfncheck.rules.base import INFO, Rule, Violation
from cfncheck.template.values import MISSING, number, text


class HealthCheckGracePeriod(Rule):
    code = "9D44"
    name = "GEN-04"
    title = "HealthCheckGracePeriodSeconds on a load-balanced service whose container needs start-up time"
    severity = INFO
    severities = (INFO,)
    fix = ("Pass health_check_grace_period=Duration.seconds(n) to the service, with n at least the container's "
           "health-check start period (CDK's default with a load balancer is 60 seconds; an L1 CfnService has none).")
    fix_typescript = ("Pass healthCheckGracePeriod: Duration.seconds(n) to the service, with n at least the "
                      "container's health-check start period (CDK's default with a load balancer is 60 seconds; an L1 "
                      "CfnService has none).")
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for service in model.services:
            for grace in service.raw("HealthCheckGracePeriodSeconds"):
                if grace.value is not MISSING:
                    continue
                for entry in service.load_balancers(grace.conds):
                    yield from self._entry(service, entry)

    def _entry(self, service: Service, entry: LoadBalancerEntry) -> Iterable[Violation]:
        where = entry.at()
        for name in entry.prop("ContainerName"):
            wanted = text(name.value)
            if wanted is None:
                continue
            for td in service.task_definitions(name.conds):
                if not isinstance(td.value, TaskDefinition):
                    continue
                for container in td.value.containers(td.conds):
                    if container.name != wanted:
                        continue
                    keys = ("ContainerDefinitions", container.index, "HealthCheck", "StartPeriod")
                    for start in td.value.prop(*keys, conds=container.conds):
                        seconds = number(start.value)
                        if seconds is None or seconds <= 0:
                            continue
                        yield Violation(INFO, where,
                                        f"{service.label} has load balancers but no HealthCheckGracePeriodSeconds "
                                        f"(ECS uses 0): container {wanted!r} gets {int(seconds)} s to start from its "
                                        "health check (StartPeriod), yet ECS acts on failing load-balancer health "
                                        "checks at once; set HealthCheckGracePeriodSeconds to at least "
                                        f"{int(seconds)}", [start.where], start.conds)
