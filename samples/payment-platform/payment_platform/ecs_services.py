"""ECS tier: the cluster and, per service, an internet-facing ALB with a blue and a
green target group, a production listener (port 80 -> blue), a test listener
(port 8080 -> green) and the Fargate service itself.

The ``broken`` flavour plants the service-side defects described in README.md
(DEFECT 1-3); the ``rolling`` flavour puts every service on the default (ECS)
deployment controller with a rollback circuit breaker; everything else is the
same as the ``fixed`` flavour.
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import Duration, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_elasticloadbalancingv2 as elbv2

from .common import (
    CONTAINER_PORT,
    PROD_LISTENER_PORT,
    SERVICES,
    TEST_LISTENER_PORT,
    ServiceSpec,
)
from .container import ContainerTier
from .networking import NetworkingTier
from .security import SecurityTier, locked_group


@dataclass
class ServiceWiring:
    """Everything the monitoring and deployment tiers need about one service."""

    spec: ServiceSpec
    service: ecs.FargateService
    load_balancer: elbv2.ApplicationLoadBalancer
    blue_target_group: elbv2.ApplicationTargetGroup
    green_target_group: elbv2.ApplicationTargetGroup
    prod_listener: elbv2.ApplicationListener
    test_listener: elbv2.ApplicationListener


CODE_DEPLOY = ecs.DeploymentController(type=ecs.DeploymentControllerType.CODE_DEPLOY)


class EcsTier:
    def __init__(
        self,
        stack: Stack,
        flavour: str,
        networking: NetworkingTier,
        security: SecurityTier,
        container: ContainerTier,
    ) -> None:
        self.stack = stack
        self.flavour = flavour
        vpc = networking.vpc

        self.cluster = ecs.Cluster(
            stack,
            "Cluster",
            cluster_name="payment-platform",
            vpc=vpc,
            container_insights_v2=ecs.ContainerInsights.ENABLED,
        )

        self.services: dict[str, ServiceWiring] = {}
        for svc in SERVICES:
            self.services[svc.name] = self._service(svc, networking, security, container.task_definitions[svc.name])

    # ------------------------------------------------------------------ helpers
    def _target_group(self, id: str, vpc: ec2.IVpc) -> elbv2.ApplicationTargetGroup:
        return elbv2.ApplicationTargetGroup(
            self.stack,
            id,
            vpc=vpc,
            port=CONTAINER_PORT,
            protocol=elbv2.ApplicationProtocol.HTTP,
            target_type=elbv2.TargetType.IP,
            deregistration_delay=Duration.seconds(30),
            health_check=elbv2.HealthCheck(
                path="/",
                healthy_http_codes="200",
                interval=Duration.seconds(15),
                healthy_threshold_count=2,
                unhealthy_threshold_count=3,
            ),
        )

    def _service(
        self,
        svc: ServiceSpec,
        networking: NetworkingTier,
        security: SecurityTier,
        task_definition: ecs.FargateTaskDefinition,
    ) -> ServiceWiring:
        stack, p, vpc = self.stack, svc.construct_prefix, networking.vpc
        broken = self.flavour == "broken"

        alb = elbv2.ApplicationLoadBalancer(
            stack,
            f"{p}LoadBalancer",
            vpc=vpc,
            internet_facing=True,
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PUBLIC),
            security_group=locked_group(
                stack,
                f"{p}LoadBalancerSecurityGroupRef",
                security.alb_security_groups[svc.name],
            ),
        )
        blue = self._target_group(f"{p}BlueTargetGroup", vpc)
        green = self._target_group(f"{p}GreenTargetGroup", vpc)
        prod = alb.add_listener(
            "ProdListener",
            port=PROD_LISTENER_PORT,
            protocol=elbv2.ApplicationProtocol.HTTP,
            open=False,
            default_target_groups=[blue],
        )
        test = alb.add_listener(
            "TestListener",
            port=TEST_LISTENER_PORT,
            protocol=elbv2.ApplicationProtocol.HTTP,
            open=False,
            default_target_groups=[green],
        )

        # Which defect (if any) this service carries.
        defect_default_controller = broken and svc.name == "payments-api"  # DEFECT 1
        defect_unattached = broken and svc.name == "ledger"  # DEFECT 2
        defect_legacy_tg = broken and svc.name == "notifications"  # DEFECT 3

        props: dict = dict(
            cluster=self.cluster,
            task_definition=task_definition,
            service_name=svc.name,
            desired_count=2,
            min_healthy_percent=100,
            max_healthy_percent=200,
            security_groups=[
                locked_group(
                    stack,
                    f"{p}ServiceSecurityGroupRef",
                    security.service_security_groups[svc.name],
                )
            ],
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS),
            assign_public_ip=False,
            enable_ecs_managed_tags=True,
            propagate_tags=ecs.PropagatedTagSource.SERVICE,
        )
        if not defect_unattached:
            # ECS rejects a grace period on a service without load balancers.
            props["health_check_grace_period"] = Duration.seconds(60)

        if self.flavour == "rolling":
            # Rolling flavour: the default (ECS) deployment controller with a
            # rollback circuit breaker, as deployed before blue/green came in.
            props["circuit_breaker"] = ecs.DeploymentCircuitBreaker(rollback=True)
        elif defect_default_controller:
            # DEFECT 1 (payments-api): rolling-update habits carried over - the
            # default (ECS) deployment controller with a rollback circuit
            # breaker - while a CodeDeploy deployment group targets the service.
            props["circuit_breaker"] = ecs.DeploymentCircuitBreaker(rollback=True)
        else:
            props["deployment_controller"] = CODE_DEPLOY

        service = ecs.FargateService(stack, f"{p}Service", **props)
        cfn_service = service.node.default_child
        assert isinstance(cfn_service, ecs.CfnService)

        if defect_unattached:
            # DEFECT 2 (ledger): never attached to a target group, and deployment
            # alarms switched on the resource by escape hatch (the L2 refuses
            # ``deployment_alarms`` with the CODE_DEPLOY controller).
            cfn_service.add_property_override(
                "DeploymentConfiguration.Alarms",
                {"AlarmNames": [], "Enable": False, "Rollback": False},
            )
        elif defect_legacy_tg:
            # DEFECT 3 (notifications): the service is registered with a third,
            # "legacy" target group routed by a rule on the prod listener, not
            # with the blue target group of its deployment group; and a circuit
            # breaker added by escape hatch (the L2 refuses ``circuit_breaker``
            # with the CODE_DEPLOY controller).
            legacy = self._target_group("LegacyTargetGroup", vpc)
            prod.add_target_groups(
                "LegacyRoute",
                target_groups=[legacy],
                priority=10,
                conditions=[elbv2.ListenerCondition.path_patterns(["/legacy/*"])],
            )
            cfn_service.add_property_override(
                "LoadBalancers",
                [
                    {
                        "ContainerName": svc.name,
                        "ContainerPort": CONTAINER_PORT,
                        "TargetGroupArn": legacy.target_group_arn,
                    }
                ],
            )
            service.node.add_dependency(prod)
            cfn_service.add_property_override(
                "DeploymentConfiguration.DeploymentCircuitBreaker",
                {"Enable": True, "Rollback": True},
            )
        else:
            service.attach_to_application_target_group(blue)

        return ServiceWiring(
            spec=svc,
            service=service,
            load_balancer=alb,
            blue_target_group=blue,
            green_target_group=green,
            prod_listener=prod,
            test_listener=test,
        )
