"""What every scenario shares: a small public VPC, a cluster, and one nginx task listening on 8080."""

from __future__ import annotations

from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from constructs import Construct

CONTAINER = "web"
CONTAINER_PORT = 8080
IMAGE = "public.ecr.aws/nginx/nginx:1.27"
# The stock nginx image listens on 80; make it listen on CONTAINER_PORT for the health checks.
NGINX_ON_8080 = ["/bin/sh", "-c",
                 f"sed -i 's/80;/{CONTAINER_PORT};/' /etc/nginx/conf.d/default.conf && exec nginx -g 'daemon off;'"]


def public_vpc(scope: Construct) -> ec2.Vpc:
    """Two public subnets, no NAT gateway (tasks get public IPs)."""
    return ec2.Vpc(scope, "Vpc", max_azs=2, nat_gateways=0, restrict_default_security_group=False,
                   subnet_configuration=[ec2.SubnetConfiguration(name="Public", subnet_type=ec2.SubnetType.PUBLIC)])


def web_task(scope: Construct, family: str, port_name: str | None = None) -> ecs.FargateTaskDefinition:
    task = ecs.FargateTaskDefinition(scope, "TaskDefinition", family=family, cpu=256, memory_limit_mib=512)
    task.add_container(CONTAINER, image=ecs.ContainerImage.from_registry(IMAGE), command=NGINX_ON_8080,
                       port_mappings=[ecs.PortMapping(container_port=CONTAINER_PORT, name=port_name)])
    return task
