"""ECS-native blue/green across two stacks: the load balancer, listener rule and target groups in a network
stack, the service (ECS controller, BLUE_GREEN strategy, no CodeDeploy) in a service stack.

Broken: the green target group is created without ``target_type``. CDK only infers the target type from
registered targets and the green group has none, so it renders without ``TargetType`` (``instance``), which
awsvpc tasks cannot register in: the first deployment fails (cfncheck LB-10).
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from constructs import Construct

from scenarios.common import CONTAINER, CONTAINER_PORT, public_vpc, web_task


class NetworkStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, *, broken: bool) -> None:
        super().__init__(scope, construct_id)
        self.vpc = public_vpc(self)
        alb = elbv2.ApplicationLoadBalancer(self, "Alb", vpc=self.vpc, internet_facing=True)
        listener = alb.add_listener("Http", port=80, open=True,
                                    default_action=elbv2.ListenerAction.fixed_response(404))
        self.blue = self._target_group("Blue", elbv2.TargetType.IP)
        self.green = self._target_group("Green", None if broken else elbv2.TargetType.IP)
        # Both target groups on the production rule, only the primary one serving traffic.
        self.prod_rule = elbv2.ApplicationListenerRule(
            self, "ProdRule", listener=listener, priority=10,
            conditions=[elbv2.ListenerCondition.path_patterns(["/*"])],
            action=elbv2.ListenerAction.weighted_forward([
                elbv2.WeightedTargetGroup(target_group=self.blue, weight=100),
                elbv2.WeightedTargetGroup(target_group=self.green, weight=0)]))

    def _target_group(self, name: str, target_type: elbv2.TargetType | None) -> elbv2.ApplicationTargetGroup:
        return elbv2.ApplicationTargetGroup(
            self, name, vpc=self.vpc, port=CONTAINER_PORT, protocol=elbv2.ApplicationProtocol.HTTP,
            target_type=target_type, health_check=elbv2.HealthCheck(path="/"))


class ServiceStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, *, network: NetworkStack) -> None:
        super().__init__(scope, construct_id)
        cluster = ecs.Cluster(self, "Cluster", vpc=network.vpc)
        service = ecs.FargateService(
            self, "Service", cluster=cluster, task_definition=web_task(self, "storefront"), desired_count=2,
            assign_public_ip=True, min_healthy_percent=100,
            deployment_strategy=ecs.DeploymentStrategy.BLUE_GREEN, bake_time=cdk.Duration.minutes(10),
            circuit_breaker=ecs.DeploymentCircuitBreaker(rollback=True))  # fine with native blue/green
        target = service.load_balancer_target(
            container_name=CONTAINER, container_port=CONTAINER_PORT,
            alternate_target=ecs.AlternateTarget(
                "Alternate", alternate_target_group=network.green,
                production_listener=ecs.ListenerRuleConfiguration.application_listener_rule(network.prod_rule)))
        target.attach_to_application_target_group(network.blue)


def build(app: cdk.App, *, broken: bool) -> None:
    network = NetworkStack(app, "Storefront-Network", broken=broken)
    ServiceStack(app, "Storefront-Service", network=network)
