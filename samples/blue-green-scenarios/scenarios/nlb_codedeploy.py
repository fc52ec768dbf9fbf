"""CodeDeploy blue/green behind a Network Load Balancer.

Broken: the deployment group uses a canary configuration. CodeDeploy supports only
``CodeDeployDefault.ECSAllAtOnce`` with a Network Load Balancer (cfncheck LB-09).
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_codedeploy as codedeploy
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from constructs import Construct

from scenarios.common import CONTAINER_PORT, public_vpc, web_task


class NlbCodeDeployStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, *, broken: bool) -> None:
        super().__init__(scope, construct_id)
        vpc = public_vpc(self)
        nlb = elbv2.NetworkLoadBalancer(self, "Nlb", vpc=vpc, internet_facing=True)
        blue, green = (elbv2.NetworkTargetGroup(self, name, vpc=vpc, port=CONTAINER_PORT,
                                                protocol=elbv2.Protocol.TCP, target_type=elbv2.TargetType.IP)
                       for name in ("Blue", "Green"))
        prod = nlb.add_listener("Prod", port=80, default_target_groups=[blue])
        test = nlb.add_listener("Test", port=9000, default_target_groups=[green])
        cluster = ecs.Cluster(self, "Cluster", vpc=vpc)
        service = ecs.FargateService(
            self, "Service", cluster=cluster, task_definition=web_task(self, "quotes"), desired_count=2,
            assign_public_ip=True, min_healthy_percent=100,
            deployment_controller=ecs.DeploymentController(type=ecs.DeploymentControllerType.CODE_DEPLOY))
        service.connections.allow_from(ec2.Peer.ipv4(vpc.vpc_cidr_block), ec2.Port.tcp(CONTAINER_PORT))
        service.attach_to_network_target_group(blue)
        codedeploy.EcsDeploymentGroup(
            self, "DeploymentGroup", service=service,
            deployment_config=(codedeploy.EcsDeploymentConfig.CANARY_10_PERCENT_5_MINUTES if broken
                               else codedeploy.EcsDeploymentConfig.ALL_AT_ONCE),
            blue_green_deployment_config=codedeploy.EcsBlueGreenDeploymentConfig(
                blue_target_group=blue, green_target_group=green, listener=prod, test_listener=test))


def build(app: cdk.App, *, broken: bool) -> None:
    NlbCodeDeployStack(app, "Quotes-Nlb", broken=broken)
