"""cfn-lint findings that the CDK's synthesis causes: which to drop, which to keep with the CDK fix.

Only stacks the CDK wrote (:attr:`Stack.synthesized_by_cdk`) are looked at; plain templates keep every
finding. The evidence, per class, is in ``samples/cdk-defaults/CLASSIFICATION.md`` (synthesized with
aws-cdk-lib 2.275.0 and checked against the aws-cdk source):

* **dropped**: the CDK writes it, it is harmless, and the user's CDK code cannot remove it.
  - W3005 (a ``DependsOn`` that a ``Ref``/``GetAtt`` already enforces) where an L2 construct adds the
    dependency itself: a Lambda function on its role (``aws_lambda.Function``), a core custom-resource
    provider's handler on its role, a state machine on its role, an ECS service on its load-balancer
    attachment, everything under an ``EcsDeploymentGroup`` on the group's deployment config, a nested stack
    on a sibling nested stack whose outputs it already reads;
  - E1001 "'Resources' is a required property" on a CDK stack without resources, which the CDK CLI does not
    deploy ("stack has no resources, skipping deployment").
* **kept, with the CDK fix**: a deprecated runtime (W2531, E2531, E2533) on a Lambda handler that aws-cdk-lib
  creates for its own custom resources: the user does not set that runtime, upgrading aws-cdk-lib does.
* everything else is kept as cfn-lint reports it, including a W3005 the user's own ``add_dependency`` wrote.

How a construct is told apart: its class in ``tree.json`` (``constructInfo.fqn``) at its construct path
(``aws:cdk:path`` metadata or the manifest's logical-ID metadata); the CDK's handler marks
(``aws:cdk:is-custom-resource-handler-*`` metadata). Snapshots copied without ``tree.json`` fall back to the
construct path's shape (``<fn>/Resource`` depending on ``<fn>/ServiceRole/Resource``), and without paths to
the logical-ID shape the CDK derives from them (``Fn1234ABCD`` on ``FnServiceRole5678EF01``); the reason
says which evidence was used.
"""

from __future__ import annotations

import re
from dataclasses import replace

from cfncheck.findings import Finding
from cfncheck.inputs.cdk_tree import fqn, library_version
from cfncheck.inputs.stack import Stack

CDK = "CDK-generated"
_ENFORCED = re.compile(r"already enforced by a '(?:Ref|GetAtt)' at 'Resources/[^/']+/([^']*)'")
_HASH = re.compile(r"^(.+)[0-9A-F]{8}$")  # a CDK logical id: the path's components, then an 8-hex hash
_PROVIDER_HANDLER = re.compile(r"(^|/)Custom::[^/]+CustomResourceProvider/Handler$")
_LOG_RETENTION = "LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a"  # the CDK's LogRetention singleton id
_HANDLER_IDS = re.compile(r"^(Custom\w+CustomResourceProviderHandler|AWS679f53fac002430cb0da5b7982bd2287|"
                          r"CustomCDKBucketDeployment[0-9A-F]{32}|" + _LOG_RETENTION + r")[0-9A-F]{8}$")
_ELB = ("AWS::ElasticLoadBalancingV2::TargetGroup", "AWS::ElasticLoadBalancingV2::Listener",
        "AWS::ElasticLoadBalancingV2::ListenerRule")
_ECS_SERVICES = ("aws-cdk-lib.aws_ecs.FargateService", "aws-cdk-lib.aws_ecs.Ec2Service",
                 "aws-cdk-lib.aws_ecs.ExternalService")
RUNTIME_RULES = ("W2531", "E2531", "E2533")
RUNTIME_FIX = ("Upgrade aws-cdk-lib: it chooses the runtime of its own handlers (2.275.0 synthesizes nodejs24.x, "
               "and python3.13 for BucketDeployment)")
SINGLETON_FIX = ("; if your app sets this runtime with custom_resources.CustomResourceConfig.of(app)"
                 ".add_lambda_runtime(...), give it a runtime Lambda still supports")
SINGLETON_FIX_TYPESCRIPT = ("; if your app sets this runtime with CustomResourceConfig.of(app)"
                            ".addLambdaRuntime(...) (aws-cdk-lib/custom-resources), give it a runtime Lambda still "
                            "supports")


class _View:
    """What the CDK says about the resources of one stack: construct paths, their classes, resource types."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack

    def path(self, logical_id: str) -> str | None:
        path = self.stack.construct_path(logical_id)
        return path.strip("/") if path else None

    def fqn(self, path: str | None) -> str | None:
        return fqn(self.stack.tree_file, path)

    def in_tree(self, path: str | None) -> bool:
        """Whether tree.json knows the construct at ``path`` (else the recognisers fall back to shapes)."""
        return path is not None and self.fqn(path) is not None

    def owner_of(self, path: str, l1: str) -> str | None:
        """The class of the L2 construct whose ``Resource`` child, of class ``l1``, is at ``path``; else None."""
        if self.fqn(path) != l1 or not path.endswith("/Resource"):
            return None
        return self.fqn(_parent(path)) or ""

    def type(self, logical_id: str) -> str | None:
        res = self.stack.resource(logical_id)
        kind = res.get("Type") if res else None
        return kind if isinstance(kind, str) else None

    def depends_on(self, logical_id: str) -> list[str]:
        res = self.stack.resource(logical_id) or {}
        deps = res.get("DependsOn")
        deps = [deps] if isinstance(deps, str) else deps if isinstance(deps, list) else []
        return [d for d in deps if isinstance(d, str)]


def _parent(path: str) -> str:
    return path.rpartition("/")[0]


def _base(logical_id: str) -> str | None:
    match = _HASH.match(logical_id)
    return match.group(1) if match else None


def _ids_shaped(source: str, target: str, source_tail: str, target_tail: str) -> bool:
    """``source`` and ``target`` are logical ids the CDK made for one construct's ``source_tail`` and
    ``target_tail`` children (``<X><source_tail><hash>`` and ``<X><target_tail><hash>``)."""
    s, t = _base(source), _base(target)
    if s is None or t is None or not s.endswith(source_tail):
        return False
    stem = s[: len(s) - len(source_tail)] if source_tail else s
    return t.lower() == (stem + target_tail).lower() and bool(stem)


# ---------------------------------------------------------------------- W3005: DependsOn the CDK adds itself
def _function_on_role(v: _View, s: str, t: str, at: str) -> str | None:
    if v.type(s) != "AWS::Lambda::Function" or at != "Properties/Role":
        return None
    path = v.path(s)
    if v.in_tree(path):
        assert path is not None
        owner = v.owner_of(path, "aws-cdk-lib.aws_lambda.CfnFunction")
        if owner and owner.endswith("Function") and not owner.rsplit(".", 1)[-1].startswith("Cfn"):
            return "aws_lambda.Function makes its function depend on its role (tree.json)"
        if _PROVIDER_HANDLER.search(path) and v.path(t) == _parent(path) + "/Role":
            return "a core CustomResourceProvider makes its handler depend on its role (tree.json)"
        if path.endswith(f"{_LOG_RETENTION}/Resource"):
            return "the LogRetention handler depends on its role (tree.json)"
        return None
    if path is not None and v.path(t) in (_parent(path) + "/ServiceRole/Resource", _parent(path) + "/Role"):
        return "a Lambda function of the CDK depends on its own role (construct paths)"
    if _ids_shaped(s, t, "", "ServiceRole") or _ids_shaped(s, t, "Handler", "Role"):
        return "a Lambda function of the CDK depends on its own role (logical-ID shape, no construct tree)"
    return None


def _state_machine_on_role(v: _View, s: str, t: str, at: str) -> str | None:
    if v.type(s) != "AWS::StepFunctions::StateMachine" or at != "Properties/RoleArn":
        return None
    path = v.path(s)
    if v.in_tree(path):
        assert path is not None
        owner = v.owner_of(path, "aws-cdk-lib.aws_stepfunctions.CfnStateMachine")
        owned = (v.path(t) or "").startswith(_parent(path) + "/")
        if owner is not None and (owner == "aws-cdk-lib.aws_stepfunctions.StateMachine" or owned):
            return "a Step Functions state machine construct depends on its role (tree.json)"
        return None
    if _ids_shaped(s, t, "", "Role"):
        return "a Step Functions state machine of the CDK depends on its role (logical-ID shape, no construct tree)"
    return None


def _service_on_load_balancer(v: _View, s: str, t: str, at: str) -> str | None:
    if v.type(s) != "AWS::ECS::Service" or v.type(t) not in _ELB or not at.startswith("Properties/LoadBalancers/"):
        return None
    path = v.path(s)
    if v.in_tree(path):
        assert path is not None
        if v.fqn(path) == "aws-cdk-lib.aws_ecs.CfnService" and v.fqn(_parent(path)) in _ECS_SERVICES:
            return "an ECS service construct depends on its load-balancer attachment (tree.json)"
        return None
    if path is None:
        return "an ECS service construct depends on its load-balancer attachment (resource types, no construct paths)"
    if path.endswith("/Service"):
        return "an ECS service construct depends on its load-balancer attachment (construct path, no construct tree)"
    return None


def _under_deployment_group(v: _View, s: str, t: str, at: str) -> str | None:
    if v.type(t) != "AWS::CodeDeploy::DeploymentConfig":
        return None
    path = v.path(s)
    if v.in_tree(path):
        assert path is not None
        while path:
            if v.fqn(path) == "aws-cdk-lib.aws_codedeploy.EcsDeploymentGroup":
                return "an EcsDeploymentGroup makes what it holds depend on its deployment config (tree.json)"
            path = _parent(path)
        return None
    groups = [g for g in v.stack.resources if v.type(g) == "AWS::CodeDeploy::DeploymentGroup"
              and t in v.depends_on(g)]
    for group in groups:
        stem = _base(group)
        if group == s or stem and (s.startswith(stem) or (v.path(s) or "").startswith((v.path(group) or "?") + "/")):
            return ("an EcsDeploymentGroup makes what it holds depend on its deployment config "
                    "(logical-ID shape, no construct tree)")
    return None


def _nested_stack_on_sibling(v: _View, s: str, t: str, at: str) -> str | None:
    kinds = (v.type(s), v.type(t))
    if kinds != ("AWS::CloudFormation::Stack",) * 2 or not at.startswith("Properties/Parameters/"):
        return None
    path = v.path(s)
    if (path or s).endswith("NestedStackResource") or _base(s) and str(_base(s)).endswith("NestedStackResource"):
        return ("the CDK orders a nested stack after a sibling whose outputs it reads (cannot tell whether a "
                "construct of the CDK or your own add_dependency asked for it; either way the GetAtt already does)")
    return None


_W3005 = (_function_on_role, _state_machine_on_role, _service_on_load_balancer, _under_deployment_group,
          _nested_stack_on_sibling)


def _dependency(v: _View, finding: Finding) -> str | None:
    path = finding.location.path
    match = _ENFORCED.search(finding.message)
    source = finding.location.resource
    if match is None or source is None or len(path) not in (3, 4) or path[2] != "DependsOn":
        return None
    deps = (v.stack.resource(source) or {}).get("DependsOn")
    if len(path) == 3:
        target = deps
    else:
        index = path[3]
        target = deps[index] if isinstance(deps, list) and isinstance(index, int) and 0 <= index < len(deps) else None
    if not isinstance(target, str):
        return None
    for recognise in _W3005:
        why = recognise(v, source, target, match.group(1))
        if why:
            return f"{CDK} — the CDK writes this DependsOn, not your code: {why}"
    return None


def _empty_stack(v: _View, finding: Finding) -> str | None:
    if finding.location.path or "'Resources' is a required property" not in finding.message or v.stack.resources:
        return None
    if v.stack.assembly_dir is None:
        return None
    return (f"{CDK} — a CDK stack without resources: the CDK CLI does not deploy it "
            "(\"stack has no resources, skipping deployment\")")


def dropped_reason(stack: Stack, finding: Finding) -> str | None:
    """Why a cfn-lint finding on a CDK stack is CDK-generated and harmless, or None to keep it."""
    if not stack.synthesized_by_cdk:
        return None
    view = _View(stack)
    if finding.rule == "W3005":
        return _dependency(view, finding)
    if finding.rule == "E1001":
        return _empty_stack(view, finding)
    return None


# ---------------------------------------------------------------------- runtimes of the CDK's own handlers
def _handler(stack: Stack, logical_id: str) -> tuple[str, bool] | None:
    """(what the handler serves, whether ``CustomResourceConfig`` reaches it) for a handler aws-cdk-lib creates.

    ``CustomResourceConfig`` sets the runtime of singleton handlers (AwsCustomResource, BucketDeployment),
    not of core custom-resource providers or the log-retention function."""
    path = (stack.construct_path(logical_id) or "").strip("/")
    if path:
        marked = sorted(p for p in stack.cdk_handlers if path == p or path.startswith(p + "/"))
        if marked:
            return _served(marked[-1].rpartition("/")[2]), not marked[-1].endswith("CustomResourceProvider")
        if _PROVIDER_HANDLER.search(path) or f"/{_LOG_RETENTION}/" in f"/{path}":
            return _served(_parent(path).rpartition("/")[2]), False
    match = _HANDLER_IDS.match(logical_id)
    if match is None:
        return None
    name = match.group(1)
    return _served(name), name.startswith(("AWS679f53fac002430cb0da5b7982bd2287", "CustomCDKBucketDeployment"))


def _served(name: str) -> str:
    if name.startswith(_LOG_RETENTION):
        return "log retention"
    if name.startswith("AWS679f53fac002430cb0da5b7982bd2287"):
        return "AwsCustomResource"
    if "CDKBucketDeployment" in name:
        return "BucketDeployment"
    provider = re.match(r"Custom(?:::)?(\w+?)CustomResourceProvider", name)
    return f"Custom::{provider.group(1)}" if provider else name


def with_cdk_fix(stack: Stack, finding: Finding) -> Finding:
    """A deprecated runtime on a handler aws-cdk-lib creates: the same finding, saying who sets the runtime
    and how the user changes it."""
    if finding.rule not in RUNTIME_RULES or not stack.synthesized_by_cdk or finding.location.resource is None:
        return finding
    handler = _handler(stack, finding.location.resource)
    if handler is None:
        return finding
    served, singleton = handler
    version = library_version(stack.tree_file)
    made_by = f"aws-cdk-lib {version}" if version else "aws-cdk-lib"
    message = (f"{finding.message.rstrip('.')}. This is the Lambda function {made_by} creates for {served}, "
               "and the CDK chooses its runtime" + ("" if not singleton else
                                                    " (unless CustomResourceConfig sets it)"))
    return replace(finding, message=message, fix=RUNTIME_FIX + (SINGLETON_FIX if singleton else ""),
                   fix_typescript=RUNTIME_FIX + (SINGLETON_FIX_TYPESCRIPT if singleton else ""))
