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

## CDK (TypeScript) fix
```ts
new codedeploy.EcsDeploymentGroup(this, 'DG', { service, blueGreenDeploymentConfig: { /* ... */ },
  alarms: [alarm],   // at most 10
  autoRollback: { failedDeployment: true, stoppedDeployment: true,   // a codedeploy.AutoRollbackConfig
                  deploymentInAlarm: true } });
```

## Source
https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html ;
https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-codedeploy/lib/ecs/deployment-group.ts
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.base import present
from cfncheck.model.codedeploy import AlarmName, DeploymentGroup
from cfncheck.rules.base import ERROR, WARNING, Rule, Violation
from cfncheck.template.values import MISSING, Conds, Lit, Node, Where, merge, truth

ARC = "AutoRollbackConfiguration"
AC = "AlarmConfiguration"
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
    fix_typescript = ("Pass autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true "
                      "} (a codedeploy.AutoRollbackConfig) and alarms: [alarm, ...] (at most 10, each once) to new "
                      "codedeploy.EcsDeploymentGroup(...); with L1 give Events whenever rollback is enabled, alarms "
                      "whenever AlarmConfiguration is enabled, alarm names (Ref Alarm), and no Deployment property.")
    source_url = "https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            yield from self._rollback(group)
            yield from self._alarm_list(group)
            yield from self._deployment(group)

    # ------------------------------------------------------------------ AutoRollbackConfiguration
    def _rollback(self, group: DeploymentGroup) -> Iterable[Violation]:
        for block in group.has(ARC):
            for enabled in group.prop(ARC, "Enabled", conds=block.conds):
                on = truth(enabled.value)
                if on is None and enabled.value is not MISSING:
                    continue  # not known from the templates
                if not on:
                    yield Violation(WARNING, enabled.where if enabled.value is not MISSING else block.where,
                                    f"{group.label} has automatic rollback disabled, so a failed deployment is not "
                                    "rolled back; enable it with at least DEPLOYMENT_FAILURE", conds=enabled.conds)
                    continue
                yield from self._events(group, enabled.where, enabled.conds)

    def _events(self, group: DeploymentGroup, enabled: Where, conds: Conds) -> Iterable[Violation]:
        for length in group.lengths(ARC, "Events", conds=conds):
            if length.value is MISSING or length.value == 0:
                yield Violation(ERROR, length.where if length.value is not MISSING else enabled,
                                f"{group.label} enables automatic rollback but lists no rollback events; creating "
                                f"the deployment group fails: \"{ROLLBACK_ERROR}\"", conds=length.conds)
        for entry in group.elements(ARC, "Events", conds=conds):
            if not isinstance(entry.value, tuple):
                continue
            for event in group.prop(ARC, "Events", entry.value[0], conds=entry.conds):
                if event.value == Lit("DEPLOYMENT_STOP_ON_ALARM"):
                    yield from self._alarms_effective(group, event.where, event.conds)

    def _alarms_effective(self, group: DeploymentGroup, where: Where, conds: Conds) -> Iterable[Violation]:
        for block in group.raw(AC, conds=conds):
            if block.value is MISSING:
                yield self._no_alarms(group, where, "has no AlarmConfiguration", block.conds)
                continue
            for enabled in group.prop(AC, "Enabled", conds=block.conds):
                on = truth(enabled.value)
                if on is None and enabled.value is not MISSING:
                    continue
                if not on:
                    yield self._no_alarms(group, where, "does not enable its AlarmConfiguration", enabled.conds)
                # enabled with an empty list: the error of _alarm_list says it all

    @staticmethod
    def _no_alarms(group: DeploymentGroup, where: Where, why: str, conds: Conds) -> Violation:
        return Violation(WARNING, where,
                         f"{group.label} rolls back on DEPLOYMENT_STOP_ON_ALARM but {why}, so no alarm can stop a "
                         "deployment (the CDK refuses this: \"The auto-rollback setting 'deploymentInAlarm' does not "
                         "have any effect unless you associate at least one CloudWatch alarm with the Deployment "
                         "Group\"); add alarms or drop the event", conds=conds)

    # ------------------------------------------------------------------ AlarmConfiguration
    def _alarm_list(self, group: DeploymentGroup) -> Iterable[Violation]:
        for block in group.has(AC):
            for enabled in group.prop(AC, "Enabled", conds=block.conds):
                if truth(enabled.value) is not True:
                    continue
                for length in group.lengths(AC, "Alarms", conds=enabled.conds):
                    count = length.value
                    if count is MISSING or count == 0:
                        yield Violation(ERROR, length.where if count is not MISSING else enabled.where,
                                        f"{group.label} enables its AlarmConfiguration but lists no alarms; creating "
                                        f"the deployment group fails: \"{EMPTY_ERROR}\"", conds=length.conds)
                    elif isinstance(count, int) and count > MAX_ALARMS:
                        yield Violation(ERROR, length.where.at(MAX_ALARMS),
                                        f"{group.label} lists {count} alarms; a deployment group takes at most "
                                        f"{MAX_ALARMS} and creating the deployment group fails ({LIMIT_ERROR})",
                                        conds=length.conds)
                yield from self._names(group, enabled.conds)

    def _names(self, group: DeploymentGroup, conds: Conds) -> Iterable[Violation]:
        seen: list[tuple[AlarmName, Conds]] = []
        for f in group.alarm_names(conds):
            alarm = f.value
            yield from self._name(group, alarm, f.where, f.conds)
            if alarm.key is None:
                continue
            for other, other_conds in seen:
                both = merge(f.conds, other_conds)
                if other.key == alarm.key and other.index != alarm.index and other.written != alarm.written \
                        and both is not None:
                    yield Violation(ERROR, f.where,
                                    f"{group.label} lists alarm {_show(alarm.key)} twice (entries {other.index} and "
                                    f"{alarm.index}); creating the deployment group fails ({DUPLICATE_ERROR})",
                                    conds=both)
                    break
            seen.append((alarm, f.conds))

    @staticmethod
    def _name(group: DeploymentGroup, alarm: AlarmName, where: Where, conds: Conds) -> Iterable[Violation]:
        if alarm.by_arn:
            yield Violation(WARNING, where,
                            f"{group.label} gives an alarm as an ARN; CodeDeploy looks alarms up by name, so this one "
                            "never stops a deployment (use Ref on the alarm, which returns its name)", conds=conds)
            return
        logical = alarm.logical
        if logical is None:
            return
        actual = logical.literal("AlarmName")
        shown = f"is named {actual!r}" if actual else "gets a generated name (no AlarmName)"
        yield Violation(WARNING, where,
                        f"{group.label} lists alarm {logical.logical_id!r}, the logical id of {logical.type} "
                        f"{logical.logical_id}, which {shown}; CodeDeploy looks alarms up by name, so this one never "
                        "stops a deployment (use Ref on the alarm)",
                        [logical.at("Properties", "AlarmName") if actual else logical.at("Properties")], conds)

    # ------------------------------------------------------------------ Deployment
    def _deployment(self, group: DeploymentGroup) -> Iterable[Violation]:
        for block in group.has(ARC):
            for dep in group.raw("Deployment", conds=block.conds):
                if present(dep.value):
                    yield Violation(ERROR, dep.where,
                                    f"{group.label} sets both AutoRollbackConfiguration and Deployment; the schema "
                                    "says: \"If you specify this property, don't specify the Deployment property\" "
                                    "(and an ECS deployment group takes no revision here): remove Deployment",
                                    conds=dep.conds)


def _show(key: object) -> str:
    if isinstance(key, Node):
        return f"{key.logical_id} ({key.stack.name})"
    return repr(key)
