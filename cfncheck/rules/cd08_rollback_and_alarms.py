"""CD-08: an ECS deployment group's automatic rollback and alarm configuration must be consistent.

## What it does
Checks `AutoRollbackConfiguration`, `AlarmConfiguration` and `Deployment` of every
`AWS::CodeDeploy::DeploymentGroup` that has `ECSServices`:
- rollback `Enabled: true` with no `Events` → error;
- `AlarmConfiguration.Enabled: true` with no alarms → error; more than 10 alarms → error; the same alarm
  twice (two expressions that resolve to one alarm) → error;
- `AutoRollbackConfiguration` together with `Deployment` → error;
- `Events` with `DEPLOYMENT_STOP_ON_ALARM` while `AlarmConfiguration` is missing, not enabled or empty →
  warning (nothing can trigger it);
- an `AutoRollbackConfiguration` that is disabled (`Enabled` false or not set) → warning: a failed
  deployment is not rolled back (the CDK's default rolls back on `DEPLOYMENT_FAILURE`);
- an alarm `Name` that is an ARN (`Fn::GetAtt Alarm.Arn`), or that is the logical id of an
  `AWS::CloudWatch::Alarm` of the template whose `AlarmName` differs → warning.
A deployment group without any `AutoRollbackConfiguration` is not reported. Alarms listed twice with the
identical expression are left to cfn-lint (the schema's `uniqueItems`).

## Why is this bad?
CodeDeploy validates the configuration in CreateDeploymentGroup and CloudFormation rolls back:

    InvalidAutoRollbackConfigException: automatic rollback is enabled, but an invalid triggering event
    type or no event types were listed
    InvalidAlarmConfigException: The alarm configuration is enabled, but the alarm list is empty.

More than 10 alarms are rejected with `AlarmsLimitExceededException`, and duplicate alarm names are rejected
too; their message texts have not been captured.

The schema says of `AutoRollbackConfiguration`: "If you specify this property, don't specify the Deployment
property". The CDK refuses a rollback on alarm without alarms (`The auto-rollback setting
'deploymentInAlarm' does not have any effect unless you associate at least one CloudWatch alarm with the
Deployment Group`); an L1 `CfnDeploymentGroup` does not. CodeDeploy looks alarms up by name, so an ARN or a
logical id never matches an alarm and the alarm never stops a deployment.

## Example
```yaml
DeploymentGroup:
  Type: AWS::CodeDeploy::DeploymentGroup
  Properties:
    AutoRollbackConfiguration:
      Enabled: true
    AlarmConfiguration:
      Enabled: true
      Alarms: []
```

## Use instead
```yaml
    AutoRollbackConfiguration:
      Enabled: true
      Events: [DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_ALARM]
    AlarmConfiguration:
      Enabled: true
      Alarms:
        - Name: !Ref Http5xxAlarm
```

## CDK (Python) fix
```python
codedeploy.EcsDeploymentGroup(self, "DG", service=service, blue_green_deployment_config=...,
    alarms=[alarm],   # at most 10
    auto_rollback=codedeploy.AutoRollbackConfig(failed_deployment=True, stopped_deployment=True,
                                                deployment_in_alarm=True))
```

## Source
https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html ;
https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-codedeploy/lib/ecs/deployment-group.ts
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model.legacy import DeploymentGroup, Model, nearest
from cfncheck.rules._codedeploy import Path, list_lengths, present
from cfncheck.rules._legacy_base import ERROR, WARNING, Rule, Violation, group_label
from cfncheck.template.values import MISSING, Conds, Lit, Node, ResRef, Unknown, merge, text, truth

ALARM = "AWS::CloudWatch::Alarm"
ARC = ("Properties", "AutoRollbackConfiguration")
AC = ("Properties", "AlarmConfiguration")
MAX_ALARMS = 10
ROLLBACK_ERROR = ("InvalidAutoRollbackConfigException: automatic rollback is enabled, but an invalid triggering "
                  "event type or no event types were listed")
EMPTY_ERROR = "InvalidAlarmConfigException: The alarm configuration is enabled, but the alarm list is empty."
LIMIT_ERROR = "AlarmsLimitExceededException"  # the CodeDeploy API's exception; its text is not captured
DUPLICATE_ERROR = "InvalidAlarmConfigException"


class RollbackAndAlarms(Rule):
    code = "9C48"
    name = "CD-08"
    title = "An ECS deployment group's automatic rollback and alarm configuration must be consistent"
    severity = ERROR
    severities = (ERROR, WARNING)
    fix = ("Pass auto_rollback=codedeploy.AutoRollbackConfig(failed_deployment=True, stopped_deployment=True, "
           "deployment_in_alarm=True) and alarms=[alarm, ...] (at most 10, each once) to "
           "codedeploy.EcsDeploymentGroup; with L1 give Events whenever rollback is enabled, alarms whenever "
           "AlarmConfiguration is enabled, alarm names (Ref Alarm), and no Deployment property.")
    source_url = "https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            yield from self._rollback(model, group)
            yield from self._alarm_list(model, group)
            yield from self._deployment(model, group)

    # ------------------------------------------------------------------ AutoRollbackConfiguration
    def _rollback(self, model: Model, group: DeploymentGroup) -> Iterable[Violation]:
        label = group_label(group.node)
        for block in model.raw(group.node, *ARC[1:], conds=group.conds):
            if block.value is MISSING:
                continue
            for enabled in model.values(group.node, *ARC[1:], "Enabled", conds=block.conds):
                on = truth(enabled.value)
                if on is None and enabled.value is not MISSING:
                    continue  # not known from the templates
                if not on:
                    path = ARC + ("Enabled",) if enabled.value is not MISSING else ARC
                    yield Violation(WARNING, group.node, path,
                                    f"{label} has automatic rollback disabled, so a failed deployment is not rolled "
                                    "back; enable it with at least DEPLOYMENT_FAILURE", conds=enabled.conds)
                    continue
                yield from self._events(model, group, label, enabled.conds)

    def _events(self, model: Model, group: DeploymentGroup, label: str, conds: Conds) -> Iterable[Violation]:
        for length in list_lengths(model, group.node, *ARC[1:], "Events", conds=conds):
            if length.value is MISSING or length.value == 0:
                path = ARC + ("Events",) if length.value is not MISSING else ARC + ("Enabled",)
                yield Violation(ERROR, group.node, path,
                                f"{label} enables automatic rollback but lists no rollback events; creating the "
                                f"deployment group fails: \"{ROLLBACK_ERROR}\"", conds=length.conds)
        for entry in model.elements(group.node, *ARC[1:], "Events", conds=conds):
            if isinstance(entry.value, Unknown):
                continue
            index = entry.value[0]
            for event in model.values(group.node, *ARC[1:], "Events", index, conds=entry.conds):
                if event.value == Lit("DEPLOYMENT_STOP_ON_ALARM"):
                    yield from self._alarms_effective(model, group, label, ARC + ("Events", index), event.conds)

    def _alarms_effective(self, model: Model, group: DeploymentGroup, label: str, path: Path,
                          conds: Conds) -> Iterable[Violation]:
        for block in model.raw(group.node, *AC[1:], conds=conds):
            if block.value is MISSING:
                yield self._no_alarms(group, label, path, "has no AlarmConfiguration", block.conds)
                continue
            for enabled in model.values(group.node, *AC[1:], "Enabled", conds=block.conds):
                on = truth(enabled.value)
                if on is None and enabled.value is not MISSING:
                    continue
                if not on:
                    yield self._no_alarms(group, label, path, "does not enable its AlarmConfiguration",
                                          enabled.conds)
                # enabled with an empty list: the error of _alarm_list says it all

    @staticmethod
    def _no_alarms(group: DeploymentGroup, label: str, path: Path, why: str, conds: Conds) -> Violation:
        return Violation(WARNING, group.node, path,
                         f"{label} rolls back on DEPLOYMENT_STOP_ON_ALARM but {why}, so no alarm can stop a "
                         "deployment (the CDK refuses this: \"The auto-rollback setting 'deploymentInAlarm' does not "
                         "have any effect unless you associate at least one CloudWatch alarm with the Deployment "
                         "Group\"); add alarms or drop the event", conds=conds)

    # ------------------------------------------------------------------ AlarmConfiguration
    def _alarm_list(self, model: Model, group: DeploymentGroup) -> Iterable[Violation]:
        label = group_label(group.node)
        for block in model.raw(group.node, *AC[1:], conds=group.conds):
            if block.value is MISSING:
                continue
            for enabled in model.values(group.node, *AC[1:], "Enabled", conds=block.conds):
                if truth(enabled.value) is not True:
                    continue
                for length in list_lengths(model, group.node, *AC[1:], "Alarms", conds=enabled.conds):
                    count = length.value
                    if count is MISSING or count == 0:
                        path = AC + ("Alarms",) if count is not MISSING else AC + ("Enabled",)
                        yield Violation(ERROR, group.node, path,
                                        f"{label} enables its AlarmConfiguration but lists no alarms; creating the "
                                        f"deployment group fails: \"{EMPTY_ERROR}\"", conds=length.conds)
                    elif isinstance(count, int) and count > MAX_ALARMS:
                        yield Violation(ERROR, group.node, AC + ("Alarms", MAX_ALARMS),
                                        f"{label} lists {count} alarms; a deployment group takes at most "
                                        f"{MAX_ALARMS} and creating the deployment group fails ({LIMIT_ERROR})",
                                        conds=length.conds)
                yield from self._names(model, group, label, enabled.conds)

    def _names(self, model: Model, group: DeploymentGroup, label: str, conds: Conds) -> Iterable[Violation]:
        seen: list[tuple[object, object, int, Conds]] = []  # (alarm key, raw expression, index, conds)
        for entry in model.elements(group.node, *AC[1:], "Alarms", conds=conds):
            if isinstance(entry.value, Unknown):
                continue
            index, element = entry.value
            raw = element.get("Name") if isinstance(element, dict) else None
            for name in model.values(group.node, *AC[1:], "Alarms", index, "Name", conds=entry.conds):
                path = AC + ("Alarms", index, "Name")
                yield from self._name(model, group, label, path, name.value, name.conds)
                key = _alarm_key(model, group.node, name.value)
                if key is None:
                    continue
                for other_key, other_raw, other_index, other_conds in seen:
                    both = merge(name.conds, other_conds)
                    if other_key == key and other_index != index and other_raw != raw and both is not None:
                        yield Violation(ERROR, group.node, path,
                                        f"{label} lists alarm {_show(key)} twice (entries {other_index} and "
                                        f"{index}); creating the deployment group fails ({DUPLICATE_ERROR})",
                                        conds=both)
                        break
                seen.append((key, raw, index, name.conds))

    def _name(self, model: Model, group: DeploymentGroup, label: str, path: Path, value: object,
              conds: Conds) -> Iterable[Violation]:
        if isinstance(value, ResRef) and value.node.type == ALARM and value.attr == "Arn" or \
                (text(value) or "").startswith("arn:"):
            yield Violation(WARNING, group.node, path,
                            f"{label} gives an alarm as an ARN; CodeDeploy looks alarms up by name, so this one "
                            "never stops a deployment (use Ref on the alarm, which returns its name)", conds=conds)
            return
        name = text(value)
        if name is None or nearest(group.node.stack, model.names(ALARM, "AlarmName").get(name, [])):
            return
        alarm = group.node.stack.resource(name)
        if alarm is None or alarm.get("Type") != ALARM:
            return
        node = Node(group.node.stack, name)
        actual = model.literal_name(node, "AlarmName")
        shown = f"is named {actual!r}" if actual else "gets a generated name (no AlarmName)"
        yield Violation(WARNING, group.node, path,
                        f"{label} lists alarm {name!r}, the logical id of {ALARM} {name}, which {shown}; CodeDeploy "
                        "looks alarms up by name, so this one never stops a deployment (use Ref on the alarm)",
                        [(node, ("Properties", "AlarmName") if actual else ("Properties",))], conds)

    # ------------------------------------------------------------------ Deployment
    def _deployment(self, model: Model, group: DeploymentGroup) -> Iterable[Violation]:
        for block in model.raw(group.node, *ARC[1:], conds=group.conds):
            if block.value is MISSING:
                continue
            for dep in model.raw(group.node, "Deployment", conds=block.conds):
                if present(dep.value):
                    yield Violation(ERROR, group.node, ("Properties", "Deployment"),
                                    f"{group_label(group.node)} sets both AutoRollbackConfiguration and Deployment; "
                                    "the schema says: \"If you specify this property, don't specify the Deployment "
                                    "property\" (and an ECS deployment group takes no revision here): remove "
                                    "Deployment", conds=dep.conds)


def _alarm_key(model: Model, dg: Node, value: object) -> object:
    if isinstance(value, ResRef):
        if value.attr is None:
            return value.node
        return None
    name = text(value)
    if name is None:
        return None
    nodes = nearest(dg.stack, model.names(ALARM, "AlarmName").get(name, []))
    return nodes[0] if len(nodes) == 1 else name


def _show(key: object) -> str:
    if isinstance(key, Node):
        return f"{key.logical_id} ({key.stack.name})"
    return repr(key)
