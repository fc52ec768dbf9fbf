"""Security tier: security groups for the ALBs, services and database, and IAM roles.

All security-group rules live here, as explicit rules with fixed construct IDs.
Other tiers receive the groups as immutable references (see ``locked_group``), so
the CDK does not generate extra rules (whose IDs would embed the full construct
path and therefore differ between the nested and the sibling layout).
"""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from constructs import Construct

from .common import CONTAINER_PORT, DB_PORT, PROD_LISTENER_PORT, SERVICES, TEST_LISTENER_PORT
from .networking import NetworkingTier


class SecurityTier:
    def __init__(self, stack: Stack, networking: NetworkingTier) -> None:
        self.stack = stack
        vpc = networking.vpc

        self.alb_security_groups: dict[str, ec2.SecurityGroup] = {}
        self.service_security_groups: dict[str, ec2.SecurityGroup] = {}
        self.task_roles: dict[str, iam.Role] = {}

        self.database_security_group = ec2.SecurityGroup(
            stack,
            "DatabaseSecurityGroup",
            vpc=vpc,
            description="Payment platform database",
            allow_all_outbound=False,
        )

        for svc in SERVICES:
            p = svc.construct_prefix
            alb_sg = ec2.SecurityGroup(
                stack,
                f"{p}LoadBalancerSecurityGroup",
                vpc=vpc,
                description=f"{svc.name} internet-facing load balancer",
                allow_all_outbound=True,
            )
            alb_sg.add_ingress_rule(
                ec2.Peer.any_ipv4(),
                ec2.Port.tcp(PROD_LISTENER_PORT),
                "production traffic",
            )
            alb_sg.add_ingress_rule(
                ec2.Peer.any_ipv4(),
                ec2.Port.tcp(TEST_LISTENER_PORT),
                "blue/green test traffic",
            )

            svc_sg = ec2.SecurityGroup(
                stack,
                f"{p}ServiceSecurityGroup",
                vpc=vpc,
                description=f"{svc.name} Fargate tasks",
                allow_all_outbound=True,
            )
            ec2.CfnSecurityGroupIngress(
                stack,
                f"{p}ServiceFromLoadBalancer",
                group_id=svc_sg.security_group_id,
                source_security_group_id=alb_sg.security_group_id,
                ip_protocol="tcp",
                from_port=CONTAINER_PORT,
                to_port=CONTAINER_PORT,
                description=f"{svc.name} load balancer to tasks",
            )
            if svc.uses_database:
                ec2.CfnSecurityGroupIngress(
                    stack,
                    f"DatabaseFrom{p}",
                    group_id=self.database_security_group.security_group_id,
                    source_security_group_id=svc_sg.security_group_id,
                    ip_protocol="tcp",
                    from_port=DB_PORT,
                    to_port=DB_PORT,
                    description=f"{svc.name} tasks to database",
                )

            self.alb_security_groups[svc.name] = alb_sg
            self.service_security_groups[svc.name] = svc_sg

            self.task_roles[svc.name] = iam.Role(
                stack,
                f"{p}TaskRole",
                assumed_by=iam.ServicePrincipal("ecs-tasks.amazonaws.com"),
                description=f"Task role of the {svc.name} service",
            )

        self.execution_role = iam.Role(
            stack,
            "TaskExecutionRole",
            assumed_by=iam.ServicePrincipal("ecs-tasks.amazonaws.com"),
            description="Shared ECS task execution role (image pull, logs)",
            managed_policies=[
                iam.ManagedPolicy.from_aws_managed_policy_name("service-role/AmazonECSTaskExecutionRolePolicy")
            ],
        )


def locked_group(scope: Construct, id: str, group: ec2.ISecurityGroup) -> ec2.ISecurityGroup:
    """An immutable reference to a group owned by the security tier."""
    return ec2.SecurityGroup.from_security_group_id(
        scope, id, group.security_group_id, allow_all_outbound=True, mutable=False
    )
