"""Suppression the cfn-lint way, so both front doors agree.

- Resource level: ``Metadata: {cfn-lint: {config: {ignore_checks: [E9C01]}}}`` on the resource a finding is
  on drops findings with exactly that rule ID (cfn-lint matches resource directives by exact ID).
- Template level: the same key under the template's root ``Metadata`` drops every rule ID that starts with
  an entry (cfn-lint treats ``ignore_checks`` as prefixes: ``E9C`` ignores every cfncheck error).
"""

from __future__ import annotations

from typing import Any

from cfncheck.findings import Finding
from cfncheck.inputs.stack import Stack


def _ignore_checks(metadata: Any) -> list[str]:
    if not isinstance(metadata, dict):
        return []
    config = metadata.get("cfn-lint")
    config = config.get("config") if isinstance(config, dict) else None
    checks = config.get("ignore_checks") if isinstance(config, dict) else None
    if isinstance(checks, str):
        return [checks]
    return [c for c in checks if isinstance(c, str)] if isinstance(checks, list) else []


def is_suppressed(rule_id: str, stack: Stack, logical_id: str | None) -> bool:
    if any(rule_id.startswith(prefix) for prefix in _ignore_checks(stack.template.get("Metadata")) if prefix):
        return True
    if logical_id is not None:
        resource = stack.resource(logical_id)
        if resource is not None and rule_id in _ignore_checks(resource.get("Metadata")):
            return True
    return False


def acknowledgement(finding: Finding, stack: Stack) -> str | None:
    """Why a finding is acknowledged in the CDK app (``Validations.of(construct).acknowledge(...)`` on the
    resource's construct or an ancestor), or None. A cfncheck rule may be named by any of its IDs or its
    catalog name, with any plugin namespace (``cfncheck::E9C01``); a cfn-lint rule by its exact ID."""
    path = (finding.location.construct_path or "").strip("/")
    if not path or not stack.acknowledgements:
        return None
    for ack_path, rules in stack.acknowledgements.items():
        if path != ack_path and not path.startswith(ack_path + "/"):
            continue
        for rule_id, reason in rules.items():
            namespace, _, name = rule_id.rpartition("::")
            if _names_rule(finding, namespace, name):
                return f"acknowledged on {ack_path}: {reason}" if reason else f"acknowledged on {ack_path}"
    return None


def _names_rule(finding: Finding, namespace: str, name: str) -> bool:
    if finding.source == "cfncheck":
        from cfncheck.rules import find_rule

        rule = find_rule(name)
        return rule is not None and rule.name == finding.check
    return namespace in ("", "cfn-lint") and name == finding.rule
