"""HOOK-02: a template with the blue/green hook has no exports, imports, nested stacks or obfuscated parameters.

## What it does
For every template with an `AWS::CodeDeploy::BlueGreen` hook, reports as errors:
- `Outputs` that declare an `Export`;
- any `Fn::ImportValue` in a resource;
- any `AWS::CloudFormation::Stack` resource;
- the template being itself a nested stack;
- in the other stacks of the run, every `Fn::ImportValue` of an export the hook template declares (that
  export can never exist while the template keeps the hook).
As warnings: `NoEcho` parameters and dynamic references (`{{resolve:...}}`) in resources.
Export and nested-stack findings belong to the template, not to a resource: they are reported on the
hook's target service (or the first ECS service or resource) and name the hook.

## Why is this bad?
The CloudFormation user guide: "Declaring output values or importing values from other stacks isn't
currently supported", and stacks with the hook can neither contain nor be nested stacks. The stack
operation fails. CDK multi-stack apps add `Outputs`/`Fn::ImportValue` automatically and `NestedStack` adds
`AWS::CloudFormation::Stack`, so the hook is effectively single-stack only
(aws-cloudformation/cloudformation-coverage-roadmap#483). Parameters whose values CloudFormation
obfuscates (`NoEcho`, dynamic references) "can't be updated by CodeDeploy during a green deployment, and
will lead to an error and stack update failure" when they change, hence a warning. AWS error text:
unconfirmed.

Plain `Outputs` (no `Export`) are not reported, although the user guide's sentence reads as if they were
unsupported too: AWS's own blue/green sample by the author of the hook integration declares them in its hook
template (`ServiceURL`, `ServiceDomain`, aws-samples/aws-reinvent-trivia-game
`trivia-backend/infra/codedeploy-blue-green-cfn/template.yaml`) and so does its CDK successor
(`CfnOutput` `ServiceURL`/`LoadBalancerDnsName` in `ecs-service-blue-green.ts`), deployed for the sample's
test and production stacks; an export, by contrast, is what other stacks would import (see the corpus case
`tests/corpus/aws-samples-aws-reinvent-trivia-game/codedeploy-bluegreen-cfn-hook`).

## Example
```yaml
Transform: [AWS::CodeDeployBlueGreen]
Hooks: {CodeDeployBlueGreenHook: {Type: AWS::CodeDeploy::BlueGreen, Properties: {...}}}
Resources:
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !ImportValue shared-cluster-name
      DeploymentController: {Type: EXTERNAL}
Outputs:
  ServiceArn: {Value: !Ref Service, Export: {Name: web-service-arn}}
```

## Use instead
```yaml
Parameters:
  ClusterName: {Type: String}
Resources:
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref ClusterName
      DeploymentController: {Type: EXTERNAL}
# no Outputs; share values through SSM parameters written by another stack instead
```

## CDK (Python) fix
```python
# keep everything the hook deploys in one top-level Stack (no NestedStack, no cross-stack references):
cluster = ecs.Cluster.from_cluster_attributes(self, "Cluster", cluster_name=cluster_name_param.value_as_string,
                                              vpc=vpc)
# and drop CfnOutput / exports from the hook stack; consumers read ssm.StringParameter values instead
```

## CDK (TypeScript) fix
```ts
// keep everything the hook deploys in one top-level Stack (no NestedStack, no cross-stack references):
const cluster = ecs.Cluster.fromClusterAttributes(this, 'Cluster', {
  clusterName: clusterNameParam.valueAsString, vpc,
});
// and drop CfnOutput / exports from the hook stack; consumers read ssm.StringParameter values instead
```

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/blue-green.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/blue-green-considerations.html
https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/483
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.base import Stack
from cfncheck.model.hooks import (
    NESTED_STACK,
    Hook,
    TemplateScan,
    export_names,
    exported_outputs,
    imported_names,
    nested_stacks,
    parameters,
    scan_template,
)
from cfncheck.rules.base import ERROR, WARNING, Rule, Violation
from cfncheck.template.values import Node, Where

UNSUPPORTED = "Declaring output values or importing values from other stacks isn't currently supported"
OBFUSCATED = ("Parameters whose values are obfuscated by CloudFormation can't be updated by CodeDeploy during a "
              "green deployment, and will lead to an error and stack update failure")


class HookTemplateRestrictions(Rule):
    code = "9D52"
    name = "HOOK-02"
    title = "A template with the blue/green hook has no exports, imports, nested stacks or obfuscated parameters"
    severity = ERROR
    severities = (ERROR, WARNING)
    fix = ("Keep the service, its task sets, listeners and target groups in one top-level Stack that has the "
           "CfnCodeDeployBlueGreenHook: no NestedStack, no CfnOutput or cross-stack reference into or out of it "
           "(pass shared values as parameters or SSM parameters), and no NoEcho parameters or dynamic references "
           "that change between deployments.")
    fix_typescript = ("Keep the service, its task sets, listeners and target groups in one top-level Stack that has "
                      "the CfnCodeDeployBlueGreenHook: no NestedStack, no CfnOutput or cross-stack reference into or "
                      "out of it (pass shared values as parameters or SSM parameters), and no CfnParameter with "
                      "noEcho: true or dynamic references that change between deployments.")
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/blue-green-considerations.html"

    def check(self, model: Model) -> Iterable[Violation]:
        exporting: list[tuple[Stack, Hook, Node, set[str]]] = []
        for stack, found in model.hook_stacks:
            hook = found[0]
            node = hook.anchor
            if node is None:
                continue
            yield from self._template(stack, hook)
            scan = scan_template(stack, set(parameters(stack)))
            for where, path, _ in scan.imports:
                yield Violation(ERROR, where.at(*path),
                                f"{where.logical_id} uses Fn::ImportValue in a template with {hook.label}: "
                                f"\"{UNSUPPORTED}\"", _about(where, node), _exists(model, where))
            for where, path in scan.dynamic:
                yield Violation(WARNING, where.at(*path),
                                f"{where.logical_id} uses a dynamic reference ({{{{resolve:...}}}}) in a template "
                                f"with {hook.label}; if its value changes: \"{OBFUSCATED}\"", _about(where, node),
                                _exists(model, where))
            yield from self._no_echo(stack, hook, node, scan)
            for nested in nested_stacks(stack):
                yield Violation(ERROR, nested.at("Type"),
                                f"{nested.logical_id} is a nested stack ({NESTED_STACK}) in a template with "
                                f"{hook.label}; a template with the blue/green hook cannot contain nested stacks",
                                [node.at()], _exists(model, nested))
            names = export_names(model, stack)
            if names:
                exporting.append((stack, hook, node, names))
        if exporting:
            yield from _consumers(model, exporting)

    def _template(self, stack: Stack, hook: Hook) -> Iterable[Violation]:
        outputs = exported_outputs(stack)
        if outputs:
            shown = ", ".join(sorted(outputs)[:5]) + (", ..." if len(outputs) > 5 else "")
            yield Violation(ERROR, Where(stack, ("Outputs",)),
                            f"stack {stack.name} has {hook.label} and exports Outputs ({shown}): \"{UNSUPPORTED}\"; "
                            "remove their Export (or the Outputs)")
        if stack.parent is not None and stack.parent_resource is not None:
            parent = Node(stack.parent, stack.parent_resource)
            yield Violation(ERROR, hook.at(),
                            f"stack {stack.name} has {hook.label} but is a nested stack of {stack.parent.name} "
                            f"({stack.parent_resource}); the blue/green hook only works in a top-level stack",
                            [parent.at("Type")])

    def _no_echo(self, stack: Stack, hook: Hook, node: Node, scan: TemplateScan) -> Iterable[Violation]:
        for name, param in parameters(stack).items():
            if str(param.get("NoEcho", "")).lower() != "true":
                continue
            message = (f"parameter {name} of stack {stack.name} is NoEcho and the template has {hook.label}; "
                       f"if its value changes: \"{OBFUSCATED}\"")
            if name in scan.parameters:
                where, path = scan.parameters[name]
                yield Violation(WARNING, where.at(*path), message, _about(where, node))
            else:
                yield Violation(WARNING, Where(stack, ("Parameters", name, "NoEcho")), message)


def _about(where: Node, anchor_node: Node) -> list[Where]:
    """The hook's anchor as the related end of a finding on another resource."""
    return [] if where == anchor_node else [anchor_node.at()]


def _exists(model: Model, node: Node) -> frozenset:
    entity = model.entity(node)
    return entity.conds if entity.conds is not None else frozenset()


def _consumers(model: Model, exporting: list[tuple[Stack, Hook, Node, set[str]]]) -> Iterable[Violation]:
    """``Fn::ImportValue`` in other stacks of exports that hook templates declare (only walked when one does)."""
    producers = {id(stack) for stack, _, _, _ in exporting}
    for other in model.stacks:
        if id(other) in producers:
            continue
        for node, path, args in scan_template(other).imports:
            for name, conds in imported_names(model, node, args):
                for stack, hook, hook_node, names in exporting:
                    if name in names:
                        yield Violation(ERROR, node.at(*path),
                                        f"{node.logical_id} imports {name!r}, an export of stack {stack.name}, which "
                                        f"has {hook.label}: \"{UNSUPPORTED}\"; once that stack drops its Outputs the "
                                        "export no longer exists. Pass the value another way (a parameter or an SSM "
                                        "parameter)", [hook_node.at()], conds)
