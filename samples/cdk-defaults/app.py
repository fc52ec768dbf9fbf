#!/usr/bin/env python3
"""CDK app entry point of the cdk-defaults sample: correct, idiomatic CDK code whose templates carry the
constructs the CDK adds on its own (custom-resource handlers, nested-stack plumbing, cross-stack references).

Context:
  flavour   correct | user-noise   (default: correct)

``correct`` is the app as a careful user writes it. ``user-noise`` adds exactly two things a user can fix and a
linter should keep reporting: a Lambda function on a deprecated runtime (python3.8) and a dependency that is
already implied by a reference (``node.add_dependency`` on a resource the function also ``Ref``s).

e.g. ``cdk synth -c flavour=user-noise``; ``python synth.py`` regenerates every committed cloud assembly.
"""

from pathlib import Path

import aws_cdk as cdk
from aws_cdk import (
    Duration,
    NestedStack,
    RemovalPolicy,
    Stack,
    Stage,
)
from aws_cdk import aws_codedeploy as codedeploy
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_ecs_patterns as ecs_patterns
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from aws_cdk import aws_sqs as sqs
from aws_cdk import custom_resources as cr
from constructs import Construct

HERE = Path(__file__).resolve().parent
IMAGE = ecs.ContainerImage.from_registry("public.ecr.aws/nginx/nginx:1.27")
HANDLER = "def handler(event, context):\n    return {'ok': True}\n"


class NetworkStack(Stack):
    """VPC (with the default-security-group lockdown the CDK adds by default) and the ECS cluster."""

    def __init__(self, scope: Construct, id: str, **kwargs) -> None:
        super().__init__(scope, id, **kwargs)
        self.vpc = ec2.Vpc(self, "Vpc", max_azs=2, nat_gateways=1)
        self.cluster = ecs.Cluster(self, "Cluster", vpc=self.vpc)


class AssetsNested(NestedStack):
    """A nested stack with a bucket the parent reads, filled by a BucketDeployment."""

    def __init__(self, scope: Construct, id: str, **kwargs) -> None:
        super().__init__(scope, id, **kwargs)
        self.bucket = s3.Bucket(
            self, "SiteBucket",
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            removal_policy=RemovalPolicy.DESTROY,
            auto_delete_objects=True,
        )
        s3deploy.BucketDeployment(
            self, "DeploySite",
            sources=[s3deploy.Source.asset(str(HERE / "site"))],
            destination_bucket=self.bucket,
        )
        self.queue = sqs.Queue(self, "Jobs", enforce_ssl=True)


class ServiceStack(Stack):
    """A Fargate service behind an ALB, a CODE_DEPLOY blue/green service, a nested stack, custom resources."""

    def __init__(self, scope: Construct, id: str, *, network: NetworkStack, flavour: str, **kwargs) -> None:
        super().__init__(scope, id, **kwargs)
        cluster = network.cluster  # cross-stack references to the network stack

        assets = AssetsNested(self, "Assets")

        # 1. Rolling Fargate service behind an ALB (ecs_patterns).
        web = ecs_patterns.ApplicationLoadBalancedFargateService(
            self, "Web",
            cluster=cluster,
            cpu=256,
            memory_limit_mib=512,
            desired_count=2,
            min_healthy_percent=100,
            circuit_breaker=ecs.DeploymentCircuitBreaker(rollback=True),
            task_image_options=ecs_patterns.ApplicationLoadBalancedTaskImageOptions(
                image=IMAGE,
                container_port=80,
                environment={
                    # parent -> nested stack references (nested stack Outputs)
                    "SITE_BUCKET": assets.bucket.bucket_name,
                    "JOBS_QUEUE_URL": assets.queue.queue_url,
                },
            ),
        )
        assets.bucket.grant_read(web.task_definition.task_role)
        assets.queue.grant_send_messages(web.task_definition.task_role)

        # 2. Blue/green service on CODE_DEPLOY: ALB with prod and test listeners, two IP target groups.
        alb = elbv2.ApplicationLoadBalancer(self, "ApiAlb", vpc=cluster.vpc, internet_facing=True)
        blue = elbv2.ApplicationTargetGroup(
            self, "ApiBlue", vpc=cluster.vpc, port=80, protocol=elbv2.ApplicationProtocol.HTTP,
            target_type=elbv2.TargetType.IP, health_check=elbv2.HealthCheck(path="/"),
        )
        green = elbv2.ApplicationTargetGroup(
            self, "ApiGreen", vpc=cluster.vpc, port=80, protocol=elbv2.ApplicationProtocol.HTTP,
            target_type=elbv2.TargetType.IP, health_check=elbv2.HealthCheck(path="/"),
        )
        prod = alb.add_listener("Prod", port=80, default_target_groups=[blue])
        test = alb.add_listener("Test", port=8080, default_target_groups=[green])

        api_task = ecs.FargateTaskDefinition(self, "ApiTask", cpu=256, memory_limit_mib=512)
        api_task.add_container(
            "api", image=IMAGE, port_mappings=[ecs.PortMapping(container_port=80)],
            logging=ecs.LogDrivers.aws_logs(stream_prefix="api"),
        )
        api = ecs.FargateService(
            self, "Api",
            cluster=cluster,
            task_definition=api_task,
            desired_count=2,
            deployment_controller=ecs.DeploymentController(type=ecs.DeploymentControllerType.CODE_DEPLOY),
        )
        api.attach_to_application_target_group(blue)
        codedeploy.EcsDeploymentGroup(
            self, "ApiDeploymentGroup",
            service=api,
            blue_green_deployment_config=codedeploy.EcsBlueGreenDeploymentConfig(
                blue_target_group=blue,
                green_target_group=green,
                listener=prod,
                test_listener=test,
            ),
            deployment_config=codedeploy.EcsDeploymentConfig.ALL_AT_ONCE,
        )

        # 3. A Lambda function with log retention (the CDK adds its Custom::LogRetention handler).
        worker = lambda_.Function(
            self, "Worker",
            runtime=lambda_.Runtime.PYTHON_3_13,
            handler="index.handler",
            code=lambda_.Code.from_inline(HANDLER),
            timeout=Duration.seconds(30),
            log_retention=logs.RetentionDays.ONE_WEEK,
            environment={"JOBS_QUEUE_URL": assets.queue.queue_url},
        )
        assets.queue.grant_consume_messages(worker)

        # 4. An AwsCustomResource (the CDK adds its singleton AWS SDK handler).
        cr.AwsCustomResource(
            self, "SiteVersion",
            on_update=cr.AwsSdkCall(
                service="SSM",
                action="putParameter",
                parameters={"Name": "/cdk-defaults/site-bucket", "Value": assets.bucket.bucket_name,
                            "Type": "String", "Overwrite": True},
                physical_resource_id=cr.PhysicalResourceId.of("/cdk-defaults/site-bucket"),
            ),
            on_delete=cr.AwsSdkCall(
                service="SSM", action="deleteParameter", parameters={"Name": "/cdk-defaults/site-bucket"},
            ),
            policy=cr.AwsCustomResourcePolicy.from_sdk_calls(resources=cr.AwsCustomResourcePolicy.ANY_RESOURCE),
            install_latest_aws_sdk=False,
        )

        if flavour == "user-noise":
            # Planted, user-actionable: a deprecated runtime ...
            legacy = lambda_.Function(
                self, "LegacyReport",
                runtime=lambda_.Runtime.PYTHON_3_8,
                handler="index.handler",
                code=lambda_.Code.from_inline(HANDLER),
                environment={"SITE_BUCKET": assets.bucket.bucket_name},
            )
            # ... and a dependency the reference below already implies (Ref to the worker function).
            legacy.add_environment("WORKER", worker.function_name)
            legacy.node.add_dependency(worker)


class EdgeStack(Stack):
    """A stack inside a Stage."""

    def __init__(self, scope: Construct, id: str, **kwargs) -> None:
        super().__init__(scope, id, **kwargs)
        sqs.Queue(self, "Events", enforce_ssl=True, retention_period=Duration.days(4))


class EdgeStage(Stage):
    def __init__(self, scope: Construct, id: str, **kwargs) -> None:
        super().__init__(scope, id, **kwargs)
        EdgeStack(self, "Edge")


app = cdk.App(analytics_reporting=False)  # no AWS::CDK::Metadata (it embeds the library version)
flavour = app.node.try_get_context("flavour") or "correct"
if flavour not in ("correct", "user-noise"):
    raise ValueError(f"unknown flavour {flavour!r}")
network = NetworkStack(app, "Defaults-Network")
ServiceStack(app, "Defaults-Service", network=network, flavour=flavour)
EdgeStage(app, "Prod")
app.synth()
