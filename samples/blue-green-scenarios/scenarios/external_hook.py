"""An EXTERNAL-controller service whose task sets CloudFormation deploys blue/green through the
``AWS::CodeDeployBlueGreen`` transform and its ``AWS::CodeDeploy::BlueGreen`` hook (one stack, L1 resources).

The CDK's built-in "CloudFormation Validate" plugin rejects the top-level Hooks section (F0005 "'Hooks' is not
a valid top-level template section"), so synth.py turns it off for this scenario
(``@aws-cdk/core:validateAgainstDefaultRules: false``); cfncheck checks the section instead.

Broken: the stack exports an output for other stacks to import. Templates that use the transform may not
export or import values (cfncheck HOOK-02); CloudFormation rejects the stack. (A plain output, with no export,
is what AWS's own hook sample declares, so it is not planted here.)
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from aws_cdk import aws_iam as iam
from constructs import Construct

from scenarios.common import CONTAINER, CONTAINER_PORT, public_vpc, web_task


class ExternalHookStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, *, broken: bool) -> None:
        # No BootstrapVersion parameter/rule: keep the template to what the hook allows.
        super().__init__(scope, construct_id,
                         synthesizer=cdk.DefaultStackSynthesizer(generate_bootstrap_version_rule=False))
        vpc = public_vpc(self)
        alb = elbv2.ApplicationLoadBalancer(self, "Alb", vpc=vpc, internet_facing=True)
        blue, green = (elbv2.ApplicationTargetGroup(
            self, name, vpc=vpc, port=CONTAINER_PORT, protocol=elbv2.ApplicationProtocol.HTTP,
            target_type=elbv2.TargetType.IP, health_check=elbv2.HealthCheck(path="/"))
            for name in ("Blue", "Green"))
        # The hook needs weighted forwards on its listeners.
        prod, test = (alb.add_listener(
            name, port=port, open=True, protocol=elbv2.ApplicationProtocol.HTTP,
            default_action=elbv2.ListenerAction.weighted_forward(
                [elbv2.WeightedTargetGroup(target_group=blue, weight=1)]))
            for name, port in (("Prod", 80), ("Test", 9000)))
        task_sg = ec2.SecurityGroup(self, "TaskSecurityGroup", vpc=vpc)
        task_sg.add_ingress_rule(ec2.Peer.security_group_id(alb.connections.security_groups[0].security_group_id),
                                 ec2.Port.tcp(CONTAINER_PORT))
        cluster = ecs.Cluster(self, "Cluster", vpc=vpc)
        task = web_task(self, "catalog")
        service = ecs.CfnService(self, "Service", cluster=cluster.cluster_name, desired_count=1,
                                 deployment_controller=ecs.CfnService.DeploymentControllerProperty(type="EXTERNAL"))
        task_set = ecs.CfnTaskSet(
            self, "BlueTaskSet", cluster=cluster.cluster_name, service=service.attr_name,
            task_definition=task.task_definition_arn, launch_type="FARGATE", platform_version="1.4.0",
            scale=ecs.CfnTaskSet.ScaleProperty(unit="PERCENT", value=100),
            network_configuration=ecs.CfnTaskSet.NetworkConfigurationProperty(
                aws_vpc_configuration=ecs.CfnTaskSet.AwsVpcConfigurationProperty(
                    assign_public_ip="ENABLED", security_groups=[task_sg.security_group_id],
                    subnets=[s.subnet_id for s in vpc.public_subnets])),
            load_balancers=[ecs.CfnTaskSet.LoadBalancerProperty(
                container_name=CONTAINER, container_port=CONTAINER_PORT, target_group_arn=blue.target_group_arn)])
        task_set.add_dependency(prod.node.default_child)
        ecs.CfnPrimaryTaskSet(self, "PrimaryTaskSet", cluster=cluster.cluster_name, service=service.attr_name,
                              task_set_id=task_set.attr_id)
        # The role CloudFormation passes to CodeDeploy for the green deployment.
        role = iam.Role(self, "CodeDeployRole", assumed_by=iam.ServicePrincipal("codedeploy.amazonaws.com"),
                        managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("AWSCodeDeployRoleForECS")])
        self.add_transform("AWS::CodeDeployBlueGreen")
        ids = self.resolve_ids
        cdk.CfnCodeDeployBlueGreenHook(
            self, "CodeDeployBlueGreenHook", service_role=ids(role),
            applications=[cdk.CfnCodeDeployBlueGreenApplication(
                target=cdk.CfnCodeDeployBlueGreenApplicationTarget(type="AWS::ECS::Service",
                                                                     logical_id=ids(service)),
                ecs_attributes=cdk.CfnCodeDeployBlueGreenEcsAttributes(
                    task_definitions=[ids(task), "GreenTaskDefinition"],
                    task_sets=[ids(task_set), "GreenTaskSet"],
                    traffic_routing=cdk.CfnTrafficRouting(
                        prod_traffic_route=cdk.CfnTrafficRoute(type="AWS::ElasticLoadBalancingV2::Listener",
                                                               logical_id=ids(prod)),
                        test_traffic_route=cdk.CfnTrafficRoute(type="AWS::ElasticLoadBalancingV2::Listener",
                                                               logical_id=ids(test)),
                        target_groups=[ids(blue), ids(green)])))],
            traffic_routing_config=cdk.CfnTrafficRoutingConfig(
                type=cdk.CfnTrafficRoutingType.TIME_BASED_CANARY,
                time_based_canary=cdk.CfnTrafficRoutingTimeBasedCanary(step_percentage=15, bake_time_mins=5)))
        if broken:
            cdk.CfnOutput(self, "ServiceName", value=service.attr_name, export_name="catalog-service-name")

    def resolve_ids(self, construct: Construct) -> str:
        """The logical ID of a construct's CloudFormation resource, as the hook wants it."""
        resource = construct if isinstance(construct, cdk.CfnElement) else construct.node.default_child
        return self.get_logical_id(resource)  # type: ignore[arg-type]


def build(app: cdk.App, *, broken: bool) -> None:
    ExternalHookStack(app, "Catalog-BlueGreenHook", broken=broken)
