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
What cannot be followed (a parameter, a service or task set outside the run) is reported as info.

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

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-taskset.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-primarytaskset.html
https://github.com/aws/containers-roadmap/issues/1380
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from cfncheck.model.legacy import Model
from cfncheck.rules._legacy_base import ERROR, INFO, WARNING, Rule, Violation, service_label, unknown_reason
from cfncheck.rules._service_settings import (
    PRIMARY_TASK_SET,
    TASK_SET,
    Owner,
    ServiceKey,
    compatible,
    owners,
    same_service,
)
from cfncheck.template.values import MISSING, Conds, Lit, Node, ResRef, Unknown, merge

SERVICE_PATH = ("Properties", "Service")
CONTROLLER_PATH = ("Properties", "DeploymentController", "Type")
TASK_SET_ID = ("Properties", "TaskSetId")
NOT_EXTERNAL = "AWS error text: unconfirmed"
MANY_LBS = "CreateTaskSet cannot have more than 1 l[oad balancer]"


@dataclass
class ServiceSets:
    task_sets: list[tuple[Node, Conds]] = field(default_factory=list)
    primaries: list[tuple[Node, Conds]] = field(default_factory=list)


class TaskSets(Rule):
    code = "9C92"
    name = "EXT-02"
    title = "AWS::ECS::TaskSet only for EXTERNAL services, one load balancer each, one PrimaryTaskSet per service"
    severity = ERROR
    severities = (ERROR, WARNING, INFO)
    fix = ("Use ecs.CfnTaskSet only with a service whose deployment_controller is EXTERNAL, give each task set at "
           "most one load_balancers entry, and create exactly one ecs.CfnPrimaryTaskSet per service whose "
           "task_set_id is one of that service's task sets (task_set_id=blue.attr_id).")
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-taskset.html"

    def check(self, model: Model) -> Iterable[Violation]:
        by_service: dict[ServiceKey, ServiceSets] = defaultdict(ServiceSets)
        for ts in model.by_type[TASK_SET]:
            exists = model.exists(ts)
            if exists is None:
                continue
            yield from self._load_balancers(model, ts, exists)
            for owner in owners(model, ts, exists):
                yield from self._controller(model, ts, owner)
                if owner.key is not None:
                    by_service[owner.key].task_sets.append((ts, owner.conds))
        for primary in model.by_type[PRIMARY_TASK_SET]:
            exists = model.exists(primary)
            if exists is None:
                continue
            for owner in owners(model, primary, exists):
                yield from self._task_set_id(model, primary, owner)
                if owner.key is not None:
                    by_service[owner.key].primaries.append((primary, owner.conds))
        for key, sets in by_service.items():
            yield from self._primary_count(model, key, sets)

    # ------------------------------------------------------------------ task sets
    def _controller(self, model: Model, ts: Node, owner: Owner) -> Iterable[Violation]:
        service = owner.node
        if service is None:
            yield Violation(INFO, ts, SERVICE_PATH,
                            f"cannot verify that the service of task set {ts.logical_id} uses the EXTERNAL deployment "
                            f"controller: {owner.reason}", conds=owner.conds)
            return
        exists = model.exists(service)
        conds = merge(owner.conds, exists) if exists is not None else None
        if conds is None:
            return
        label = service_label(model, service)
        for br in model.controller(service, conds):
            if br.value == Lit("EXTERNAL"):
                continue
            related = [(service, CONTROLLER_PATH)]
            if isinstance(br.value, Lit):
                yield Violation(ERROR, ts, SERVICE_PATH,
                                f"task set {ts.logical_id} belongs to {label}, which uses the {br.value.value} "
                                f"deployment controller; task sets are only for EXTERNAL services ({NOT_EXTERNAL})",
                                related, br.conds)
            else:
                yield Violation(INFO, ts, SERVICE_PATH,
                                f"cannot verify that {label}, the service of task set {ts.logical_id}, uses the "
                                f"EXTERNAL deployment controller: {unknown_reason(br.value)}", related, br.conds)

    def _load_balancers(self, model: Model, ts: Node, exists: Conds) -> Iterable[Violation]:
        seen: list[Conds] = []
        for block in model.raw(ts, "LoadBalancers", conds=exists):
            for item in model.r.items(ts.stack, block.value):
                conds = merge(block.conds, item.conds)
                if conds is None or isinstance(item.value, Unknown):
                    continue
                index = item.value[0]
                clash = next((m for m in (merge(conds, s) for s in seen) if m is not None), None)
                if clash is not None:
                    yield Violation(ERROR, ts, ("Properties", "LoadBalancers", index),
                                    f"task set {ts.logical_id} has more than one LoadBalancers entry; a task set "
                                    f"takes at most one (\"{MANY_LBS}\")", conds=clash)
                    return
                seen.append(conds)

    # ------------------------------------------------------------------ primary task sets
    def _task_set_id(self, model: Model, primary: Node, owner: Owner) -> Iterable[Violation]:
        name = primary.logical_id
        if owner.key is None:
            yield Violation(INFO, primary, SERVICE_PATH,
                            f"cannot verify primary task set {name}: its service is unknown: {owner.reason}",
                            conds=owner.conds)
            return
        for br in model.values(primary, "TaskSetId", conds=owner.conds):
            value = br.value
            if value is MISSING:
                continue
            if isinstance(value, ResRef) and value.node.type == TASK_SET:
                yield from self._same_owner(model, primary, owner, value.node, br.conds)
            elif isinstance(value, ResRef):
                yield Violation(ERROR, primary, TASK_SET_ID,
                                f"primary task set {name}: TaskSetId refers to {value.node.logical_id}, a "
                                f"{value.node.type}, not an AWS::ECS::TaskSet", [(value.node, ())], br.conds)
            else:
                why = unknown_reason(value) if isinstance(value, Unknown) else \
                    f"task set {value.value if isinstance(value, Lit) else value!r} is not defined in this run"
                yield Violation(INFO, primary, TASK_SET_ID,
                                f"cannot verify that the task set primary task set {name} promotes belongs to "
                                f"service {owner.shown()}: {why}", conds=br.conds)

    def _same_owner(self, model: Model, primary: Node, owner: Owner, ts: Node, conds: Conds) -> Iterable[Violation]:
        exists = model.exists(ts)
        base = merge(conds, exists) if exists is not None else None
        if base is None:
            return
        for ts_owner in owners(model, ts, base):
            related = [(ts, SERVICE_PATH)]
            same = same_service(model, owner.key, ts_owner.key) if ts_owner.key is not None else None
            if same is False:
                yield Violation(ERROR, primary, TASK_SET_ID,
                                f"primary task set {primary.logical_id} is for service {owner.shown()} but promotes "
                                f"task set {ts.logical_id}, which belongs to service {ts_owner.shown()}; a primary "
                                "task set must be a task set of its own service", related, ts_owner.conds)
            elif same is None:
                why = ts_owner.reason or "the two service references cannot be compared from the templates"
                yield Violation(INFO, primary, TASK_SET_ID,
                                f"cannot verify that task set {ts.logical_id} belongs to service {owner.shown()}, the "
                                f"service of primary task set {primary.logical_id}: {why}", related, ts_owner.conds)

    def _primary_count(self, model: Model, key: ServiceKey, sets: ServiceSets) -> Iterable[Violation]:
        shown = service_label(model, key) if isinstance(key, Node) else f"ECS service {key[2]!r}"
        for i, (primary, conds) in enumerate(sets.primaries):
            for other, other_conds in sets.primaries[:i]:
                both = merge(conds, other_conds)
                if other != primary and both is not None and not _lint_duplicate(other, primary):
                    yield Violation(ERROR, primary, SERVICE_PATH,
                                    f"{shown} has more than one AWS::ECS::PrimaryTaskSet ({other.logical_id} and "
                                    f"{primary.logical_id}); a service has exactly one primary task set, and these "
                                    "resources (both identified by Cluster and Service) override each other",
                                    [(other, SERVICE_PATH)], both)
                    break
        yield from self._no_primary(model, key, sets, shown)

    def _no_primary(self, model: Model, key: ServiceKey, sets: ServiceSets, shown: str) -> Iterable[Violation]:
        for i, (ts, conds) in enumerate(sets.task_sets):
            for other, other_conds in sets.task_sets[:i]:
                both = merge(conds, other_conds)
                if other == ts or both is None or any(compatible(both, c) for _, c in sets.primaries):
                    continue
                related = [(other, SERVICE_PATH), (ts, SERVICE_PATH)]
                if isinstance(key, Node):
                    node, path = key, CONTROLLER_PATH
                else:
                    node, path = ts, SERVICE_PATH
                yield Violation(WARNING, node, path,
                                f"{shown} has several task sets ({other.logical_id}, {ts.logical_id}) and no "
                                "AWS::ECS::PrimaryTaskSet; define exactly one to say which task set is primary",
                                related, both)
                return


def _lint_duplicate(a: Node, b: Node) -> bool:
    """Two primary task sets of one template with the same raw Cluster and Service: cfn-lint E3019 reports them."""
    if a.stack is not b.stack:
        return False
    return all(a.properties.get(k, MISSING) == b.properties.get(k, MISSING) for k in ("Cluster", "Service"))
