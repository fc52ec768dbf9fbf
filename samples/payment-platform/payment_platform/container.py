"""Container tier: Fargate task definitions of the three services (no ECR, no assets)."""

from __future__ import annotations

from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_logs as logs

from .common import CONTAINER_PORT, IMAGE, NGINX_ON_8080, SERVICES
from .database import DatabaseTier
from .security import SecurityTier


class ContainerTier:
    def __init__(self, stack: Stack, security: SecurityTier, database: DatabaseTier) -> None:
        self.stack = stack
        self.task_definitions: dict[str, ecs.FargateTaskDefinition] = {}

        # The roles are owned by the security tier; hand the task definitions
        # read-only views so CDK grants do not write back into that tier (which
        # would make the security tier depend on this one).
        execution_role = security.execution_role.without_policy_updates()

        for svc in SERVICES:
            p = svc.construct_prefix
            log_group = logs.LogGroup(
                stack,
                f"{p}LogGroup",
                log_group_name=f"/payment-platform/{svc.name}",
                retention=logs.RetentionDays.ONE_MONTH,
                removal_policy=RemovalPolicy.DESTROY,
            )
            task_def = ecs.FargateTaskDefinition(
                stack,
                f"{p}TaskDefinition",
                family=svc.name,
                cpu=512,
                memory_limit_mib=1024,
                task_role=security.task_roles[svc.name].without_policy_updates(),
                execution_role=execution_role,
                runtime_platform=ecs.RuntimePlatform(
                    cpu_architecture=ecs.CpuArchitecture.X86_64,
                    operating_system_family=ecs.OperatingSystemFamily.LINUX,
                ),
            )
            environment = {"SERVICE_NAME": svc.name, "PORT": str(CONTAINER_PORT)}
            if svc.uses_database:
                environment["DB_HOST"] = database.instance.db_instance_endpoint_address
                environment["DB_PORT"] = database.instance.db_instance_endpoint_port
                environment["DB_SECRET_ARN"] = database.secret.secret_arn
            task_def.add_container(
                svc.name,
                container_name=svc.name,
                image=ecs.ContainerImage.from_registry(IMAGE),
                command=NGINX_ON_8080,
                essential=True,
                port_mappings=[ecs.PortMapping(container_port=CONTAINER_PORT, protocol=ecs.Protocol.TCP)],
                environment=environment,
                logging=ecs.LogDrivers.aws_logs(stream_prefix=svc.name, log_group=log_group),
            )
            self.task_definitions[svc.name] = task_def
