#!/usr/bin/env python3
"""CDK app entry point of the update-pairs sample: one small blue/green ECS stack, ``Orders``, in variants
that form "previous (deployed) -> next" pairs for checking a CloudFormation stack update.

Every knob is a context key; the defaults give the ``base`` variant (the correct app as deployed):

  controller          CODE_DEPLOY | ECS  (default CODE_DEPLOY). ECS: the default deployment controller with a
                      rollback circuit breaker and no CodeDeploy application / deployment group.
  extra-sg            true | false (default false): give the service a second security group.
  platform-version    1.4.0 | LATEST (default 1.4.0): the service's Fargate platform version.
  cloud-map           true | false (default false): a Cloud Map namespace ``orders.local`` on the cluster and
                      the service registered in it as ``api``.
  lb-container-port   8080 | 8081 (default 8080): the container port the service registers with the blue
                      target group; 8081 adds that second port mapping to the container.
  prod-listener-port  port of the production listener (default 80).
  image-tag           tag of public.ecr.aws/nginx/nginx (default 1.27).
  table-partition-key partition key of the ``orders`` DynamoDB table (default id).
  bucket              true | false (default true): the S3 bucket exists.
  service-name        explicit ECS service name (default: none, CloudFormation generates one).
  service-id          construct id of the service (default Service).
  service-cluster     Cluster | Cluster2 (default Cluster): Cluster2 adds a second cluster and puts the
                      service in it.

e.g. ``cdk synth -c image-tag=1.28``; ``python synth.py`` regenerates every committed cloud assembly.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_codedeploy as codedeploy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from aws_cdk import aws_s3 as s3

CONTAINER_PORT = 8080
TEST_LISTENER_PORT = 8080
PLATFORM_VERSIONS = {"1.4.0": ecs.FargatePlatformVersion.VERSION1_4, "LATEST": ecs.FargatePlatformVersion.LATEST}

app = cdk.App(analytics_reporting=False)  # no AWS::CDK::Metadata (it embeds the library version)


def context(key: str, default: object) -> object:
    value = app.node.try_get_context(key)
    return default if value is None else value


def flag(key: str, default: bool) -> bool:
    """A boolean context key (``cdk synth -c key=true`` passes the string)."""
    value = context(key, default)
    if isinstance(value, str):
        if value.lower() not in ("true", "false"):
            raise ValueError(f"context {key!r} must be true or false; got {value!r}")
        return value.lower() == "true"
    return bool(value)


def choice(key: str, default: str, allowed: tuple[str, ...]) -> str:
    value = str(context(key, default))
    if value not in allowed:
        raise ValueError(f"context {key!r} must be one of {', '.join(allowed)}; got {value!r}")
    return value


controller = choice("controller", "CODE_DEPLOY", ("CODE_DEPLOY", "ECS"))
extra_sg = flag("extra-sg", False)
platform_version = PLATFORM_VERSIONS[choice("platform-version", "1.4.0", tuple(PLATFORM_VERSIONS))]
cloud_map = flag("cloud-map", False)
lb_container_port = int(choice("lb-container-port", "8080", ("8080", "8081")))
prod_listener_port = int(context("prod-listener-port", 80))
image_tag = str(context("image-tag", "1.27"))
table_partition_key = str(context("table-partition-key", "id"))
with_bucket = flag("bucket", True)
service_name = context("service-name", None)
service_id = str(context("service-id", "Service"))
service_cluster = choice("service-cluster", "Cluster", ("Cluster", "Cluster2"))

stack = cdk.Stack(app, "Orders", description="Orders service - ECS blue/green with CodeDeploy")

vpc = ec2.Vpc(
    stack,
    "Vpc",
    ip_addresses=ec2.IpAddresses.cidr("10.60.0.0/16"),
    max_azs=2,  # an ALB needs two
    nat_gateways=0,
    subnet_configuration=[ec2.SubnetConfiguration(name="Public", subnet_type=ec2.SubnetType.PUBLIC, cidr_mask=24)],
    # The recommended flag would otherwise add a Lambda-backed custom resource (and a code asset).
    restrict_default_security_group=False,
)
cluster = ecs.Cluster(stack, "Cluster", vpc=vpc)
if cloud_map:
    cluster.add_default_cloud_map_namespace(name="orders.local")
# The cluster the service runs in: Cluster, or a second, new one.
service_home = ecs.Cluster(stack, "Cluster2", vpc=vpc) if service_cluster == "Cluster2" else cluster

alb = elbv2.ApplicationLoadBalancer(stack, "LoadBalancer", vpc=vpc, internet_facing=True)


def target_group(id: str) -> elbv2.ApplicationTargetGroup:
    return elbv2.ApplicationTargetGroup(
        stack,
        id,
        vpc=vpc,
        port=CONTAINER_PORT,
        protocol=elbv2.ApplicationProtocol.HTTP,
        target_type=elbv2.TargetType.IP,
        deregistration_delay=Duration.seconds(30),
        health_check=elbv2.HealthCheck(path="/", healthy_http_codes="200", interval=Duration.seconds(15)),
    )


blue = target_group("BlueTargetGroup")
green = target_group("GreenTargetGroup")
prod_listener = alb.add_listener(
    "ProdListener", port=prod_listener_port, protocol=elbv2.ApplicationProtocol.HTTP, default_target_groups=[blue]
)
test_listener = alb.add_listener(
    "TestListener", port=TEST_LISTENER_PORT, protocol=elbv2.ApplicationProtocol.HTTP, default_target_groups=[green]
)

task_definition = ecs.FargateTaskDefinition(stack, "TaskDefinition", family="orders", cpu=256, memory_limit_mib=512)
container = task_definition.add_container(
    "orders",
    container_name="orders",
    image=ecs.ContainerImage.from_registry(f"public.ecr.aws/nginx/nginx:{image_tag}"),
    # The stock nginx image listens on port 80; make it listen on the container port.
    command=[
        "/bin/sh",
        "-c",
        f"sed -i 's/80;/{CONTAINER_PORT};/' /etc/nginx/conf.d/default.conf && exec nginx -g 'daemon off;'",
    ],
    essential=True,
    port_mappings=[ecs.PortMapping(container_port=CONTAINER_PORT, protocol=ecs.Protocol.TCP)],
)
if lb_container_port != CONTAINER_PORT:
    container.add_port_mappings(ecs.PortMapping(container_port=lb_container_port, protocol=ecs.Protocol.TCP))

security_groups = [ec2.SecurityGroup(stack, "ServiceSecurityGroup", vpc=vpc, description="Orders service tasks")]
if extra_sg:
    security_groups.append(
        ec2.SecurityGroup(stack, "ExtraServiceSecurityGroup", vpc=vpc, description="Orders service tasks (extra)")
    )

service_props: dict = dict(
    cluster=service_home,
    task_definition=task_definition,
    desired_count=2,
    min_healthy_percent=100,
    max_healthy_percent=200,
    platform_version=platform_version,
    security_groups=security_groups,
    vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PUBLIC),
    assign_public_ip=True,
    health_check_grace_period=Duration.seconds(60),
)
if service_name is not None:
    service_props["service_name"] = str(service_name)
if cloud_map:
    service_props["cloud_map_options"] = ecs.CloudMapOptions(name="api")
if controller == "CODE_DEPLOY":
    service_props["deployment_controller"] = ecs.DeploymentController(type=ecs.DeploymentControllerType.CODE_DEPLOY)
else:
    service_props["circuit_breaker"] = ecs.DeploymentCircuitBreaker(rollback=True)
service = ecs.FargateService(stack, service_id, **service_props)

if lb_container_port == CONTAINER_PORT:
    service.attach_to_application_target_group(blue)
else:
    service.load_balancer_target(
        container_name="orders", container_port=lb_container_port
    ).attach_to_application_target_group(blue)

if controller == "CODE_DEPLOY":
    codedeploy.EcsDeploymentGroup(
        stack,
        "DeploymentGroup",
        application=codedeploy.EcsApplication(stack, "Application"),
        service=service,
        deployment_config=codedeploy.EcsDeploymentConfig.ALL_AT_ONCE,
        blue_green_deployment_config=codedeploy.EcsBlueGreenDeploymentConfig(
            blue_target_group=blue,
            green_target_group=green,
            listener=prod_listener,
            test_listener=test_listener,
            termination_wait_time=Duration.minutes(5),
        ),
        auto_rollback=codedeploy.AutoRollbackConfig(failed_deployment=True, stopped_deployment=False),
    )

if with_bucket:
    s3.Bucket(stack, "ReceiptsBucket", removal_policy=RemovalPolicy.DESTROY)

dynamodb.Table(
    stack,
    "OrdersTable",
    table_name="orders",
    partition_key=dynamodb.Attribute(name=table_partition_key, type=dynamodb.AttributeType.STRING),
    billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
    removal_policy=RemovalPolicy.DESTROY,
)

cdk.CfnOutput(stack, "LoadBalancerDns", description="DNS name of the orders load balancer",
              value=alb.load_balancer_dns_name)
app.synth()
