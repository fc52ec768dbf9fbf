"""Deployment tier: one CodeDeploy application + ECS blue/green deployment group
per service, wired to the service's blue/green target groups and prod/test
listeners, rolling back on failure or on the monitoring tier's alarms.

The ``broken`` flavour plants the deployment-side defects described in
README.md (DEFECT 1 and 3); everything else is the same as ``fixed``.
"""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_codedeploy as codedeploy
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_iam as iam

from .common import SERVICES, ServiceSpec
from .ecs_services import EcsTier, ServiceWiring
from .monitoring import MonitoringTier

TERMINATION_WAIT = Duration.minutes(5)


def deployment_config_for(svc: ServiceSpec) -> codedeploy.IEcsDeploymentConfig:
    if svc.name == "payments-api":
        return codedeploy.EcsDeploymentConfig.CANARY_10_PERCENT_5_MINUTES
    return codedeploy.EcsDeploymentConfig.ALL_AT_ONCE


class DeploymentTier:
    def __init__(self, stack: Stack, flavour: str, ecs_tier: EcsTier, monitoring: MonitoringTier) -> None:
        self.stack = stack
        self.flavour = flavour
        self.applications: dict[str, codedeploy.EcsApplication] = {}
        self.deployment_groups: dict[str, object] = {}

        for svc in SERVICES:
            wiring = ecs_tier.services[svc.name]
            application = codedeploy.EcsApplication(
                stack, f"{svc.construct_prefix}Application", application_name=svc.name
            )
            self.applications[svc.name] = application
            alarms = monitoring.alarms[svc.name]

            if flavour == "broken" and svc.name == "notifications":
                dg = self._l1_deployment_group(svc, wiring, ecs_tier, application, alarms)
            else:
                service: ecs.IBaseService = wiring.service
                if flavour == "broken" and svc.name == "payments-api":
                    # DEFECT 1 (payments-api): the deployment group is given an
                    # imported reference to the service, so the CDK's check that
                    # the service uses the CODE_DEPLOY controller is skipped.
                    service = ecs.FargateService.from_fargate_service_attributes(
                        stack,
                        f"{svc.construct_prefix}ServiceRef",
                        cluster=ecs_tier.cluster,
                        service_name=svc.name,
                    )
                dg = codedeploy.EcsDeploymentGroup(
                    stack,
                    f"{svc.construct_prefix}DeploymentGroup",
                    application=application,
                    deployment_group_name=svc.name,
                    service=service,
                    deployment_config=deployment_config_for(svc),
                    blue_green_deployment_config=codedeploy.EcsBlueGreenDeploymentConfig(
                        blue_target_group=wiring.blue_target_group,
                        green_target_group=wiring.green_target_group,
                        listener=wiring.prod_listener,
                        test_listener=wiring.test_listener,
                        termination_wait_time=TERMINATION_WAIT,
                    ),
                    alarms=alarms,
                    auto_rollback=codedeploy.AutoRollbackConfig(
                        failed_deployment=True,
                        deployment_in_alarm=True,
                        stopped_deployment=False,
                    ),
                )
            self.deployment_groups[svc.name] = dg

    def _l1_deployment_group(
        self,
        svc: ServiceSpec,
        wiring: ServiceWiring,
        ecs_tier: EcsTier,
        application: codedeploy.EcsApplication,
        alarms: list,
    ) -> codedeploy.CfnDeploymentGroup:
        """DEFECT 3 (notifications): a hand-written L1 deployment group.

        Mistakes: ``DeploymentConfigName`` is the Server/EC2 config
        ``CodeDeployDefault.AllAtOnce`` instead of an ``CodeDeployDefault.ECS*``
        one, and the test traffic route is the test listener of the *ledger*
        load balancer, not of the notifications load balancer.
        """
        stack = self.stack
        role = iam.Role(
            stack,
            f"{svc.construct_prefix}DeploymentServiceRole",
            assumed_by=iam.ServicePrincipal("codedeploy.amazonaws.com"),
            managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("AWSCodeDeployRoleForECS")],
        )
        ledger = ecs_tier.services["ledger"]
        return codedeploy.CfnDeploymentGroup(
            stack,
            f"{svc.construct_prefix}DeploymentGroup",
            application_name=application.application_name,
            deployment_group_name=svc.name,
            service_role_arn=role.role_arn,
            deployment_config_name="CodeDeployDefault.AllAtOnce",
            deployment_style=codedeploy.CfnDeploymentGroup.DeploymentStyleProperty(
                deployment_type="BLUE_GREEN",
                deployment_option="WITH_TRAFFIC_CONTROL",
            ),
            ecs_services=[
                codedeploy.CfnDeploymentGroup.ECSServiceProperty(
                    cluster_name=ecs_tier.cluster.cluster_name,
                    service_name=wiring.service.service_name,
                )
            ],
            blue_green_deployment_configuration=codedeploy.CfnDeploymentGroup.BlueGreenDeploymentConfigurationProperty(
                deployment_ready_option=codedeploy.CfnDeploymentGroup.DeploymentReadyOptionProperty(
                    action_on_timeout="CONTINUE_DEPLOYMENT",
                    wait_time_in_minutes=0,
                ),
                terminate_blue_instances_on_deployment_success=codedeploy.CfnDeploymentGroup.BlueInstanceTerminationOptionProperty(
                    action="TERMINATE",
                    termination_wait_time_in_minutes=int(TERMINATION_WAIT.to_minutes()),
                ),
            ),
            load_balancer_info=codedeploy.CfnDeploymentGroup.LoadBalancerInfoProperty(
                target_group_pair_info_list=[
                    codedeploy.CfnDeploymentGroup.TargetGroupPairInfoProperty(
                        target_groups=[
                            codedeploy.CfnDeploymentGroup.TargetGroupInfoProperty(
                                name=wiring.blue_target_group.target_group_name
                            ),
                            codedeploy.CfnDeploymentGroup.TargetGroupInfoProperty(
                                name=wiring.green_target_group.target_group_name
                            ),
                        ],
                        prod_traffic_route=codedeploy.CfnDeploymentGroup.TrafficRouteProperty(
                            listener_arns=[wiring.prod_listener.listener_arn]
                        ),
                        test_traffic_route=codedeploy.CfnDeploymentGroup.TrafficRouteProperty(
                            listener_arns=[ledger.test_listener.listener_arn]
                        ),
                    )
                ]
            ),
            alarm_configuration=codedeploy.CfnDeploymentGroup.AlarmConfigurationProperty(
                enabled=True,
                alarms=[codedeploy.CfnDeploymentGroup.AlarmProperty(name=a.alarm_name) for a in alarms],
            ),
            auto_rollback_configuration=codedeploy.CfnDeploymentGroup.AutoRollbackConfigurationProperty(
                enabled=True,
                events=["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"],
            ),
        )
