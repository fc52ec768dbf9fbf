"""Networking tier: the VPC every other tier runs in."""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_ec2 as ec2


class NetworkingTier:
    """Builds the VPC into ``stack``: two AZs, public + private subnets, one NAT gateway."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.vpc = ec2.Vpc(
            stack,
            "Vpc",
            ip_addresses=ec2.IpAddresses.cidr("10.40.0.0/16"),
            max_azs=2,
            nat_gateways=1,
            subnet_configuration=[
                ec2.SubnetConfiguration(name="Public", subnet_type=ec2.SubnetType.PUBLIC, cidr_mask=24),
                ec2.SubnetConfiguration(
                    name="Private",
                    subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS,
                    cidr_mask=22,
                ),
            ],
            # The recommended flag would otherwise add a Lambda-backed custom
            # resource (and thus a code asset) that strips the default SG's rules.
            restrict_default_security_group=False,
        )
