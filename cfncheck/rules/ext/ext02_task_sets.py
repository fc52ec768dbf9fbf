"""EXT-02: `AWS::ECS::TaskSet` only for EXTERNAL services, one load balancer each, one `PrimaryTaskSet` per service.

## What it does
Follows `Service` (and `Cluster`) of every `AWS::ECS::TaskSet` and `AWS::ECS::PrimaryTaskSet` to the
`AWS::ECS::Service` it names (`Ref`, `Fn::GetAtt`, a name, an ARN or a cross-stack reference) and reports:
- a task set whose service does not use the `EXTERNAL` deployment controller (error);
- a task set with more than one `LoadBalancers` entry (error);
- a service with more than one `AWS::ECS::PrimaryTaskSet` (error; two in one template with the very same
  `Cluster` and `Service` expressions are left to cfn-lint E3019), or with two or more task sets and no
  primary task set at all (warning; a single task set without one is left alone);
- a primary task set whose `TaskSetId` (`Fn::GetAtt TaskSet.Id`) is a task set of another service (error).
What cannot be followed (a parameter, a service or task set outside the run) is reported as info; a
controller parameter whose `AllowedValues` rule out `EXTERNAL` counts as not EXTERNAL.

## Why is this bad?
Task sets are the deployment unit of the EXTERNAL controller only ("This is used when a service uses the
EXTERNAL deployment controller type"); a task set on a service with another controller cannot be
created (AWS error text: unconfirmed).

A task set registers with at most one load balancer target group (`CreateTaskSet cannot have more than
1 l[oad balancer]`, aws/containers-roadmap#1380). A service has exactly one primary task set: two
`AWS::ECS::PrimaryTaskSet` resources for one service (their identifier is Cluster + Service) override each
other, and a primary task set can only promote a task set of its own service. With several task sets and
no primary, the service has no defined primary task set (which one serves production is up to whoever
calls UpdateServicePrimaryTaskSet); whether ECS or CloudFormation rejects that is not confirmed, hence a
warning.

## Example
```yaml
Service:
  Type: AWS::ECS::Service
  Properties: {Cluster: !Ref Cluster, DeploymentController: {Type: ECS}, TaskDefinition: !Ref TaskDef}
BlueTaskSet:
  Type: AWS::ECS::TaskSet
  Properties: {Cluster: !Ref Cluster, Service: !Ref Service, TaskDefinition: !Ref TaskDef}
```

## Use instead
```yaml
Service:
  Type: AWS::ECS::Service
  Properties: {Cluster: !Ref Cluster, DeploymentController: {Type: EXTERNAL}}
BlueTaskSet:
  Type: AWS::ECS::TaskSet
  Properties: {Cluster: !Ref Cluster, Service: !Ref Service, TaskDefinition: !Ref TaskDef}
PrimaryTaskSet:
  Type: AWS::ECS::PrimaryTaskSet
  Properties: {Cluster: !Ref Cluster, Service: !Ref Service, TaskSetId: !GetAtt BlueTaskSet.Id}
```

## CDK (Python) fix
```python
service = ecs.CfnService(self, "Svc", cluster=cluster.cluster_name,
    deployment_controller=ecs.CfnService.DeploymentControllerProperty(type="EXTERNAL"))
blue = ecs.CfnTaskSet(self, "Blue", cluster=cluster.cluster_name, service=service.attr_name,
    task_definition=td.task_definition_arn,
    load_balancers=[ecs.CfnTaskSet.LoadBalancerProperty(container_name="web", container_port=8080,
                                                        target_group_arn=blue_tg.target_group_arn)])
ecs.CfnPrimaryTaskSet(self, "Primary", cluster=cluster.cluster_name, service=service.attr_name,
    task_set_id=blue.attr_id)  # exactly one per service
```

## CDK (TypeScript) fix
```ts
const service = new ecs.CfnService(this, 'Svc', {
  cluster: cluster.clusterName, deploymentController: { type: 'EXTERNAL' },
});
const blue = new ecs.CfnTaskSet(this, 'Blue', {
  cluster: cluster.clusterName, service: service.attrName, taskDefinition: td.taskDefinitionArn,
  loadBalancers: [{ containerName: 'web', containerPort: 8080, targetGroupArn: blueTg.targetGroupArn }],
});
new ecs.CfnPrimaryTaskSet(this, 'Primary', {
  cluster: cluster.clusterName, service: service.attrName, taskSetId: blue.attrId,
});  // exactly one per service
```

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-taskset.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-primarytaskset.html
https://github.com/aws/containers-roadmap/issues/1380
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from cfncheck.model import Model
from cfncheck.model.base import reason
from cfncheck.model.ecs import Service
from cfncheck.model.tasks import Owner, PrimaryTaskSet, ServiceKey, TaskSet, same_service
from cfncheck.rules.base import ERROR, INFO, WARNING, Rule, Violation
from cfncheck.template.values import MISSING, Conds, Lit, Node, Unknown, merge

NOT_EXTERNAL = "AWS error text: unconfirmed"
MANY_LBS = "CreateTaskSet cannot have more than 1 l[oad balancer]"


@dataclass
class ServiceSets:
    task_sets: list[tuple[TaskSet, Conds]] = field(default_factory=list)
    primaries: list[tuple[PrimaryTaskSet, Conds]] = field(default_factory=list)


class TaskSets(Rule):
    code = "9C92"
    name = "EXT-02"
    title = "AWS::ECS::TaskSet only for EXTERNAL services, one load balancer each, one PrimaryTaskSet per service"
    severity = ERROR
    severities = (ERROR, WARNING, INFO)
    fix = ("Use ecs.CfnTaskSet only with a service whose deployment_controller is EXTERNAL, give each task set at "
           "most one load_balancers entry, and create exactly one ecs.CfnPrimaryTaskSet per service whose "
           "task_set_id is one of that service's task sets (task_set_id=blue.attr_id).")
    fix_typescript = ("Use ecs.CfnTaskSet only with a service whose deploymentController is EXTERNAL, give each task "
                      "set at most one loadBalancers entry, and create exactly one ecs.CfnPrimaryTaskSet per service "
                      "whose taskSetId is one of that service's task sets (taskSetId: blue.attrId).")
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-taskset.html"

    def check(self, model: Model) -> Iterable[Violation]:
        by_service: dict[ServiceKey, ServiceSets] = {}
        for ts in model.task_sets:
            yield from self._load_balancers(ts)
            for owner in ts.owners():
                yield from self._controller(ts, owner)
                if owner.key is not None:
                    by_service.setdefault(owner.key, ServiceSets()).task_sets.append((ts, owner.conds))
        for primary in model.primary_task_sets:
            for owner in primary.owners():
                yield from self._task_set_id(model, primary, owner)
                if owner.key is not None:
                    by_service.setdefault(owner.key, ServiceSets()).primaries.append((primary, owner.conds))
        for key, sets in by_service.items():
            yield from self._primary_count(model, key, sets)

    # ------------------------------------------------------------------ task sets
    def _controller(self, ts: TaskSet, owner: Owner) -> Iterable[Violation]:
        where = ts.at("Properties", "Service")
        service = owner.service
        if service is None:
            yield Violation(INFO, where,
                            f"cannot verify that the service of task set {ts.logical_id} uses the EXTERNAL "
                            f"deployment controller: {owner.reason}", conds=owner.conds)
            return
        conds = merge(owner.conds, service.conds) if service.exists else None
        if conds is None:
            return
        for ctrl in service.controllers(conds):
            c = ctrl.value
            if c.kind == "EXTERNAL":
                continue
            related = [ctrl.where]
            if not c.may_be("EXTERNAL"):
                yield Violation(ERROR, where,
                                f"task set {ts.logical_id} belongs to {service.label}, which {c.uses} "
                                f"deployment controller; task sets are only for EXTERNAL services ({NOT_EXTERNAL})",
                                related, ctrl.conds)
            else:
                yield Violation(INFO, where,
                                f"cannot verify that {service.label}, the service of task set {ts.logical_id}, uses "
                                f"the EXTERNAL deployment controller: {c.reason}", related, ctrl.conds)

    def _load_balancers(self, ts: TaskSet) -> Iterable[Violation]:
        seen: list[Conds] = []
        for entry in ts.load_balancers():
            clash = next((m for m in (merge(entry.conds, s) for s in seen) if m is not None), None)
            if clash is not None:
                yield Violation(ERROR, entry.at(),
                                f"task set {ts.logical_id} has more than one LoadBalancers entry; a task set takes at "
                                f"most one (\"{MANY_LBS}\")", conds=clash)
                return
            seen.append(entry.conds)

    # ------------------------------------------------------------------ primary task sets
    def _task_set_id(self, model: Model, primary: PrimaryTaskSet, owner: Owner) -> Iterable[Violation]:
        name = primary.logical_id
        if owner.key is None:
            yield Violation(INFO, primary.at("Properties", "Service"),
                            f"cannot verify primary task set {name}: its service is unknown: {owner.reason}",
                            conds=owner.conds)
            return
        for f in primary.task_sets(owner.conds):
            value = f.value
            if value is MISSING:
                continue
            if isinstance(value, TaskSet):
                yield from self._same_owner(model, primary, owner, value, f.conds)
            elif not isinstance(value, (Lit, Unknown)):
                yield Violation(ERROR, f.where,
                                f"primary task set {name}: TaskSetId refers to {value.logical_id}, a {value.type}, "
                                "not an AWS::ECS::TaskSet", [value.at()], f.conds)
            else:
                why = reason(value) if isinstance(value, Unknown) else \
                    f"task set {value.value if isinstance(value, Lit) else value!r} is not defined in this run"
                yield Violation(INFO, f.where,
                                f"cannot verify that the task set primary task set {name} promotes belongs to "
                                f"service {owner.shown()}: {why}", conds=f.conds)

    def _same_owner(self, model: Model, primary: PrimaryTaskSet, owner: Owner, ts: TaskSet,
                    conds: Conds) -> Iterable[Violation]:
        base = merge(conds, ts.conds) if ts.exists else None
        if base is None:
            return
        for ts_owner in ts.owners(base):
            related = [ts.at("Properties", "Service")]
            same = same_service(model, owner.key, ts_owner.key) if ts_owner.key is not None else None
            where = primary.at("Properties", "TaskSetId")
            if same is False:
                yield Violation(ERROR, where,
                                f"primary task set {primary.logical_id} is for service {owner.shown()} but promotes "
                                f"task set {ts.logical_id}, which belongs to service {ts_owner.shown()}; a primary "
                                "task set must be a task set of its own service", related, ts_owner.conds)
            elif same is None:
                why = ts_owner.reason or "the two service references cannot be compared from the templates"
                yield Violation(INFO, where,
                                f"cannot verify that task set {ts.logical_id} belongs to service {owner.shown()}, the "
                                f"service of primary task set {primary.logical_id}: {why}", related, ts_owner.conds)

    def _primary_count(self, model: Model, key: ServiceKey, sets: ServiceSets) -> Iterable[Violation]:
        service = model.entity(key) if isinstance(key, Node) else None
        shown = service.label if isinstance(service, Service) else f"ECS service {key[2]!r}"  # type: ignore[index]
        for i, (primary, conds) in enumerate(sets.primaries):
            for other, other_conds in sets.primaries[:i]:
                both = merge(conds, other_conds)
                if other is not primary and both is not None and not _lint_duplicate(other, primary):
                    yield Violation(ERROR, primary.at("Properties", "Service"),
                                    f"{shown} has more than one AWS::ECS::PrimaryTaskSet ({other.logical_id} and "
                                    f"{primary.logical_id}); a service has exactly one primary task set, and these "
                                    "resources (both identified by Cluster and Service) override each other",
                                    [other.at("Properties", "Service")], both)
                    break
        yield from self._no_primary(service, sets, shown)

    @staticmethod
    def _no_primary(service: Service | None, sets: ServiceSets, shown: str) -> Iterable[Violation]:
        for i, (ts, conds) in enumerate(sets.task_sets):
            for other, other_conds in sets.task_sets[:i]:
                both = merge(conds, other_conds)
                if other is ts or both is None or any(merge(both, c) is not None for _, c in sets.primaries):
                    continue
                related = [other.at("Properties", "Service"), ts.at("Properties", "Service")]
                where = service.at("Properties", "DeploymentController", "Type") if service is not None else \
                    ts.at("Properties", "Service")
                yield Violation(WARNING, where,
                                f"{shown} has several task sets ({other.logical_id}, {ts.logical_id}) and no "
                                "AWS::ECS::PrimaryTaskSet; define exactly one to say which task set is primary",
                                related, both)
                return


def _lint_duplicate(a: PrimaryTaskSet, b: PrimaryTaskSet) -> bool:
    """Two primary task sets of one template with the same raw Cluster and Service: cfn-lint E3019 reports them."""
    if a.stack is not b.stack:
        return False
    return all(a.node.properties.get(k, MISSING) == b.node.properties.get(k, MISSING) for k in ("Cluster", "Service"))
