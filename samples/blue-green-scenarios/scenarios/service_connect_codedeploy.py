"""Service Connect on a service that CodeDeploy deploys (CODE_DEPLOY controller, ALB, prod and test listeners).

Broken: the service enables Service Connect. ECS supports Service Connect only with the ECS (rolling or
ECS-native blue/green) controller and rejects CreateService (cfncheck FEAT-01). The CDK does not check it.
Fixed: the same service without Service Connect; callers use the load balancer's name.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_codedeploy as codedeploy
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from constructs import Construct

from scenarios.common import CONTAINER_PORT, public_vpc, web_task

PORT_NAME = "http"


class ServiceConnectStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, *, broken: bool) -> None:
        super().__init__(scope, construct_id)
        vpc = public_vpc(self)
        cluster = ecs.Cluster(self, "Cluster", vpc=vpc,
                              default_cloud_map_namespace=ecs.CloudMapNamespaceOptions(
                                  name="orders.internal", use_for_service_connect=True))
        alb = elbv2.ApplicationLoadBalancer(self, "Alb", vpc=vpc, internet_facing=True)
        blue, green = (elbv2.ApplicationTargetGroup(
            self, name, vpc=vpc, port=CONTAINER_PORT, protocol=elbv2.ApplicationProtocol.HTTP,
            target_type=elbv2.TargetType.IP, health_check=elbv2.HealthCheck(path="/"))
            for name in ("Blue", "Green"))
        prod = alb.add_listener("Prod", port=80, open=True, default_target_groups=[blue])
        test = alb.add_listener("Test", port=9000, open=True, protocol=elbv2.ApplicationProtocol.HTTP,
                               default_target_groups=[green])
        service = ecs.FargateService(
            self, "Service", cluster=cluster, task_definition=web_task(self, "orders", port_name=PORT_NAME),
            desired_count=2, assign_public_ip=True, min_healthy_percent=100,
            deployment_controller=ecs.DeploymentController(type=ecs.DeploymentControllerType.CODE_DEPLOY),
            service_connect_configuration=ecs.ServiceConnectProps(
                services=[ecs.ServiceConnectService(port_mapping_name=PORT_NAME)]) if broken else None)
        service.attach_to_application_target_group(blue)
        codedeploy.EcsDeploymentGroup(
            self, "DeploymentGroup", service=service,
            deployment_config=codedeploy.EcsDeploymentConfig.CANARY_10_PERCENT_5_MINUTES,
            blue_green_deployment_config=codedeploy.EcsBlueGreenDeploymentConfig(
                blue_target_group=blue, green_target_group=green, listener=prod, test_listener=test))


def build(app: cdk.App, *, broken: bool) -> None:
    ServiceConnectStack(app, "Orders-ServiceConnect", broken=broken)
