#!/usr/bin/env python3
"""A tiny ECS blue/green app with cfncheck's CDK validation plugin registered (tests/test_cdk_plugin.py).

Context ``flavour``:

- ``broken``: the service keeps the default ECS deployment controller (a circuit breaker), and the
  CodeDeploy deployment group targets it through an imported service of the same name, so the CDK's own
  controller check does not run; cfncheck reports E9C01 and synth fails.
- ``acknowledged``: ``broken`` with E9C01 acknowledged on the service the way the CDK's report suggests
  (``Validations.of(service).acknowledge(...)``); synth succeeds.
- ``fixed``: the service uses the CODE_DEPLOY controller and no circuit breaker; synth succeeds.
"""

import aws_cdk as cdk
from aws_cdk import aws_codedeploy as codedeploy
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_elasticloadbalancingv2 as elbv2

from cfncheck.cdk_plugin import CfncheckValidationPlugin

SERVICE_NAME = "bluegreen-web"

app = cdk.App(analytics_reporting=False)
cdk.Validations.of(app).add_plugins(CfncheckValidationPlugin())
flavour = app.node.try_get_context("flavour") or "fixed"
broken = flavour in ("broken", "acknowledged")

stack = cdk.Stack(app, "BlueGreen")
vpc = ec2.Vpc(stack, "Vpc", max_azs=2, nat_gateways=0, restrict_default_security_group=False)
cluster = ecs.Cluster(stack, "Cluster", vpc=vpc)
task = ecs.FargateTaskDefinition(stack, "Task")
task.add_container("web", image=ecs.ContainerImage.from_registry("public.ecr.aws/nginx/nginx:stable"),
                   port_mappings=[ecs.PortMapping(container_port=80)])

if broken:
    controller = dict(circuit_breaker=ecs.DeploymentCircuitBreaker(rollback=True))
else:
    controller = dict(deployment_controller=ecs.DeploymentController(type=ecs.DeploymentControllerType.CODE_DEPLOY))
service = ecs.FargateService(stack, "Service", cluster=cluster, task_definition=task, service_name=SERVICE_NAME,
                             assign_public_ip=True, vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PUBLIC),
                             min_healthy_percent=100, **controller)
if flavour == "acknowledged":
    cdk.Validations.of(service).acknowledge(
        cdk.Acknowledgment(id="cfncheck::E9C01", reason="the controller is switched before the first deploy"))

alb = elbv2.ApplicationLoadBalancer(stack, "Alb", vpc=vpc, internet_facing=True)
blue = elbv2.ApplicationTargetGroup(stack, "Blue", vpc=vpc, port=80, target_type=elbv2.TargetType.IP)
green = elbv2.ApplicationTargetGroup(stack, "Green", vpc=vpc, port=80, target_type=elbv2.TargetType.IP)
listener = alb.add_listener("Http", port=80, default_target_groups=[blue])
service.attach_to_application_target_group(blue)

# An imported service with the same name: the CDK cannot see its deployment controller.
imported = ecs.FargateService.from_fargate_service_attributes(stack, "Imported", cluster=cluster,
                                                             service_name=SERVICE_NAME)
group = codedeploy.EcsDeploymentGroup(
    stack, "DeploymentGroup",
    service=imported,
    blue_green_deployment_config=codedeploy.EcsBlueGreenDeploymentConfig(
        blue_target_group=blue, green_target_group=green, listener=listener),
)
# The group names the service by a literal: make CloudFormation create the service first (cfncheck CD-06).
group.node.add_dependency(service)

app.synth()
