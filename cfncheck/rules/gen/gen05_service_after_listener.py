"""GEN-05: a service's target group must be attached to a listener, and the service created after it.

## What it does
For every ECS service (any deployment controller except EXTERNAL) with an ELBv2 `LoadBalancers` entry,
resolves `TargetGroupArn` to an `AWS::ElasticLoadBalancingV2::TargetGroup` and finds the listeners and
listener rules of the run whose actions forward to it. Reports:
- error: the target group is a resource of the run but no listener or rule forwards to it (e.g. its
  listener was changed to a redirect), or every such listener/rule is created *after* the service
  (it depends on the service);
- warning: the listener/rule and the service have no creation order at all: no `DependsOn` on the
  listener (or rule, the rule's listener, or a resource that depends on one of them), no reference chain,
  no nested-stack or cross-stack (`Fn::ImportValue`, `Fn::GetStackOutput`) dependency, so CloudFormation
  may create them in parallel (a race that usually, not always, goes right);
- info: the target group or its listeners cannot be resolved from the files.

## Why is this bad?
ECS CreateService needs the target group to be attached to a load balancer already; otherwise CloudFormation
rolls back with:

    Invalid request provided: The target group with targetGroupArn <arn> does not have an associated load
    balancer.

CDK's `attach_to_application_target_group` / `add_targets` add `DependsOn` on the listener or listener
rule. A `LoadBalancers` escape hatch (`add_property_override`) or an L1 `CfnService` does not, and a
listener whose default action is replaced (e.g. by a redirect) leaves the target group attached to nothing
(aws/aws-cdk#34290).

## Example
```yaml
HttpListener:
  Type: AWS::ElasticLoadBalancingV2::Listener
  Properties:
    DefaultActions:
      - Type: redirect
        RedirectConfig: {Protocol: HTTPS, Port: "443", StatusCode: HTTP_301}
Service:
  Type: AWS::ECS::Service
  DependsOn: HttpListener
  Properties:
    LoadBalancers:
      - {ContainerName: web, ContainerPort: 8080, TargetGroupArn: !Ref WebTG}   # no listener forwards to WebTG
```

## Use instead
```yaml
HttpsListener:
  Type: AWS::ElasticLoadBalancingV2::Listener
  Properties:
    DefaultActions:
      - {Type: forward, TargetGroupArn: !Ref WebTG}
Service:
  Type: AWS::ECS::Service
  DependsOn: HttpsListener
```

## CDK (Python) fix
```python
https_listener = alb.add_listener("Https", port=443, certificates=[cert], default_target_groups=[web_tg])
service.attach_to_application_target_group(web_tg)   # adds DependsOn on the listener
# after an escape hatch on LoadBalancers, order it yourself:
service.node.add_dependency(https_listener)
```

## CDK (TypeScript) fix
```ts
const httpsListener = alb.addListener('Https', { port: 443, certificates: [cert], defaultTargetGroups: [webTg] });
service.attachToApplicationTargetGroup(webTg);   // adds DependsOn on the listener
// after an escape hatch on LoadBalancers, order it yourself:
service.node.addDependency(httpsListener);
```

## Source
https://github.com/aws/aws-cdk/issues/34290 ;
https://github.com/Bayer-Group/cloudformation-template-generator/issues/181 ;
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/migrate-codedeploy-to-ecs-bluegreen.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.base import Entity, Key
from cfncheck.model.ecs import Service
from cfncheck.model.elb import Listener, ListenerRule, TargetGroup, show
from cfncheck.rules.base import ERROR, INFO, WARNING, Rule, Violation
from cfncheck.template.values import MISSING, Conds, Node, Unknown, Where

AWS_TEXT = ("\"Invalid request provided: The target group with targetGroupArn <arn> does not have an associated "
            "load balancer.\"")


class ServiceAfterListener(Rule):
    code = "9D45"
    name = "GEN-05"
    title = "A service's target group must be attached to a listener, and the service created after it"
    severity = ERROR
    severities = (ERROR, WARNING, INFO)
    fix = ("Attach the service with service.attach_to_application_target_group(tg) (or listener.add_targets), "
           "which makes it depend on the listener; after a LoadBalancers escape hatch add "
           "service.node.add_dependency(listener) (or the listener rule) yourself, and keep a listener forwarding "
           "to the target group.")
    fix_typescript = ("Attach the service with service.attachToApplicationTargetGroup(tg) (or listener.addTargets), "
                      "which makes it depend on the listener; after a LoadBalancers escape hatch add "
                      "service.node.addDependency(listener) (or the listener rule) yourself, and keep a listener "
                      "forwarding to the target group.")
    source_url = "https://github.com/aws/aws-cdk/issues/34290"

    def check(self, model: Model) -> Iterable[Violation]:
        for service in model.services:
            for ctrl in service.controllers():
                if ctrl.value.kind == "EXTERNAL":
                    continue  # load balancers belong on the task sets (EXT-01)
                for entry in service.load_balancers(ctrl.conds):
                    if entry.index > 0 and ctrl.value.kind == "CODE_DEPLOY":
                        continue  # CODE_DEPLOY takes one entry only: LB-01
                    for tg in entry.prop("TargetGroupArn"):
                        if tg.value is not MISSING:  # no TargetGroupArn: a Classic Load Balancer entry
                            yield from self._entry(model, service, model.target_group_key(tg.value), tg.value,
                                                   tg.where, tg.conds)

    def _entry(self, model: Model, service: Service, key: Key | Unknown, value: object, where: Where,
               conds: Conds) -> Iterable[Violation]:
        label = service.label
        entity = model.entity(key) if isinstance(key, Node) else None
        attachers = model.forwarders.get(key, []) if not isinstance(key, Unknown) else []
        if not isinstance(entity, TargetGroup):
            if not attachers:
                why = value.reason if isinstance(value, Unknown) else "it is not known from the templates" \
                    if isinstance(key, Unknown) else f"{key} is not defined in this run"
                yield Violation(INFO, where,
                                f"cannot verify that the target group of {label} is attached to a load balancer "
                                f"before the service is created: {why}", conds=conds)
                return
        elif not attachers:
            yield from self._unattached(model, entity, label, where, conds)
            return
        if model.created_before(service, attachers + _listeners_of_rules(model, attachers)):
            return
        yield from self._unordered(model, service, key, attachers, label, where, conds)

    def _unattached(self, model: Model, tg: TargetGroup, label: str, where: Where,
                    conds: Conds) -> Iterable[Violation]:
        unknown = [(n, why) for n, why in model.unknown_forwards if n.stack.origin == tg.stack.origin]
        related = [tg.at()]
        if unknown or tg.published:
            node, why = unknown[0] if unknown else \
                (tg, "it is published as a stack output, so a stack outside this run may attach it")
            yield Violation(INFO, where,
                            f"cannot verify that target group {show(tg.node)} of {label} is attached to a load "
                            f"balancer: no listener or rule of this run forwards to it, and {show(node.node)}: {why}",
                            related, conds)
            return
        yield Violation(ERROR, where,
                        f"target group {show(tg.node)} of {label} is not forwarded to by any listener or listener "
                        f"rule, so it has no load balancer when the service is created; CreateService fails: "
                        f"{AWS_TEXT}", related, conds)

    def _unordered(self, model: Model, service: Service, tg: object, attachers: list[Entity], label: str,
                   where: Where, conds: Conds) -> Iterable[Violation]:
        names = ", ".join(show(n.node) for n in attachers)
        related = [n.at() for n in attachers]
        if all(model.created_before(n, [service]) for n in attachers):
            yield Violation(ERROR, where,
                            f"{label} is registered in target group {show(tg)}, but every listener or rule that "
                            f"forwards to it ({names}) is created after the service (it depends on the service); "
                            f"CreateService fails: {AWS_TEXT}", related, conds)
            return
        yield Violation(WARNING, where,
                        f"{label} is registered in target group {show(tg)}, but nothing orders its creation after "
                        f"the listener or rule that forwards to it ({names}): add DependsOn on it; CloudFormation may "
                        f"create them in parallel and CreateService then fails: {AWS_TEXT}", related, conds)


def _listeners_of_rules(model: Model, attachers: list[Entity]) -> list[Entity]:
    """The listeners of the listener rules among ``attachers``: a service created after the listener counts as
    ordered (CloudFormation creates the rule right after its listener)."""
    out: list[Entity] = []
    for rule in attachers:
        if isinstance(rule, ListenerRule):
            for f in rule.listeners():
                listener = model.entity(f.value) if isinstance(f.value, Node) else None
                if isinstance(listener, Listener):
                    out.append(listener)
    return out
