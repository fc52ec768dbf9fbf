"""Wires the tiers together in one of two layouts.

* ``nested``:  one top-level stack ``PaymentPlatform`` containing every tier as a
  ``NestedStack`` (references travel through nested-stack Parameters/Outputs).
* ``sibling``: one top-level stack per tier, ``PaymentPlatform-<Tier>``, plus a
  top-level ``PaymentPlatform`` stack; references are ordinary cross-stack
  references (their form follows ``@aws-cdk/core:defaultCrossStackReferences``).

Every resource has the same construct ID, relative to its stack, in both layouts,
so logical IDs inside each tier's template are the same in both.
"""

from __future__ import annotations

from collections.abc import Callable

from aws_cdk import App, CfnOutput, NestedStack, Stack
from aws_cdk import aws_ssm as ssm

from .common import FLAVOURS, LAYOUTS, PLATFORM_NAME, SERVICES, check_choice
from .container import ContainerTier
from .database import DatabaseTier
from .deployment import DeploymentTier
from .ecs_services import EcsTier
from .monitoring import MonitoringTier
from .networking import NetworkingTier
from .security import SecurityTier

DESCRIPTIONS = {
    "Networking": "Payment platform - VPC",
    "Security": "Payment platform - security groups and IAM roles",
    "Database": "Payment platform - PostgreSQL database",
    "Container": "Payment platform - Fargate task definitions",
    "Ecs": "Payment platform - ECS cluster, load balancers and services",
    "Monitoring": "Payment platform - alarms and dashboard",
    "Deployment": "Payment platform - CodeDeploy blue/green deployment groups",
}
ROOT_DESCRIPTION = "Payment platform - entry points"


def build_platform(app: App, *, flavour: str, layout: str) -> Stack:
    """Build the whole platform into ``app``; returns the top-level ``PaymentPlatform`` stack."""
    flavour = check_choice("flavour", flavour, FLAVOURS)
    layout = check_choice("layout", layout, LAYOUTS)

    root: Stack | None = None
    tier_stack: Callable[[str], Stack]
    if layout == "nested":
        root = Stack(app, PLATFORM_NAME, description=ROOT_DESCRIPTION)
        parent = root

        def tier_stack(tier: str) -> Stack:
            return NestedStack(parent, tier, description=DESCRIPTIONS[tier])

    else:

        def tier_stack(tier: str) -> Stack:
            return Stack(app, f"{PLATFORM_NAME}-{tier}", description=DESCRIPTIONS[tier])

    networking = NetworkingTier(tier_stack("Networking"))
    security = SecurityTier(tier_stack("Security"), networking)
    database = DatabaseTier(tier_stack("Database"), networking, security)
    container = ContainerTier(tier_stack("Container"), security, database)
    ecs_tier = EcsTier(tier_stack("Ecs"), flavour, networking, security, container)
    monitoring = MonitoringTier(tier_stack("Monitoring"), ecs_tier)
    if flavour != "rolling":
        # The rolling flavour (what was deployed before blue/green) has no CodeDeploy at all.
        DeploymentTier(tier_stack("Deployment"), flavour, ecs_tier, monitoring)

    if root is None:
        root = Stack(app, PLATFORM_NAME, description=ROOT_DESCRIPTION)
    for svc in SERVICES:
        dns_name = ecs_tier.services[svc.name].load_balancer.load_balancer_dns_name
        # Published for other teams' apps (and a stack needs at least one resource).
        ssm.StringParameter(
            root,
            f"{svc.construct_prefix}EndpointParameter",
            parameter_name=f"/payment-platform/{svc.name}/endpoint",
            description=f"Public endpoint of the {svc.name} service",
            string_value=f"http://{dns_name}",
        )
        CfnOutput(
            root,
            f"{svc.construct_prefix}LoadBalancerDns",
            description=f"DNS name of the {svc.name} load balancer",
            value=dns_name,
        )
    return root
