"""Database tier: a PostgreSQL RDS instance with a generated credentials secret."""

from __future__ import annotations

from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_rds as rds

from .common import DB_PORT, SERVICES
from .networking import NetworkingTier
from .security import SecurityTier, locked_group


class DatabaseTier:
    def __init__(self, stack: Stack, networking: NetworkingTier, security: SecurityTier) -> None:
        self.stack = stack
        # An explicit secret rather than ``Credentials.from_generated_secret``:
        # the latter gives the secret a logical ID derived from the full
        # construct path, which differs between the nested and sibling layouts.
        credentials_secret = rds.DatabaseSecret(
            stack,
            "DatabaseCredentials",
            username="payments_admin",
            secret_name="payment-platform/database-admin",
        )
        self.instance = rds.DatabaseInstance(
            stack,
            "Database",
            engine=rds.DatabaseInstanceEngine.postgres(version=rds.PostgresEngineVersion.VER_17_9),
            instance_type=ec2.InstanceType.of(ec2.InstanceClass.BURSTABLE4_GRAVITON, ec2.InstanceSize.MICRO),
            vpc=networking.vpc,
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS),
            security_groups=[locked_group(stack, "DatabaseSecurityGroupRef", security.database_security_group)],
            port=DB_PORT,
            database_name="payments",
            credentials=rds.Credentials.from_secret(credentials_secret),
            allocated_storage=20,
            storage_encrypted=True,
            multi_az=False,
            deletion_protection=False,
            removal_policy=RemovalPolicy.SNAPSHOT,
        )
        assert self.instance.secret is not None
        self.secret = self.instance.secret

        # Services that talk to the database may read its credentials secret.
        # The policy lives here (not on the roles in the security tier) so the
        # security tier does not depend on this one.
        iam.Policy(
            stack,
            "DatabaseSecretReadPolicy",
            roles=[security.task_roles[s.name] for s in SERVICES if s.uses_database],
            statements=[
                iam.PolicyStatement(
                    actions=[
                        "secretsmanager:GetSecretValue",
                        "secretsmanager:DescribeSecret",
                    ],
                    resources=[self.secret.secret_arn],
                )
            ],
        )
