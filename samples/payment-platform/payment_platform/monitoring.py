"""Monitoring tier: CloudWatch alarms per service (used by CodeDeploy to roll back)
and one dashboard for the platform."""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_cloudwatch as cw
from aws_cdk import aws_elasticloadbalancingv2 as elbv2

from .common import SERVICES
from .ecs_services import EcsTier

ONE_MINUTE = Duration.minutes(1)


class MonitoringTier:
    def __init__(self, stack: Stack, ecs_tier: EcsTier) -> None:
        self.stack = stack
        self.alarms: dict[str, list[cw.Alarm]] = {}

        dashboard = cw.Dashboard(
            stack,
            "Dashboard",
            dashboard_name="payment-platform",
            default_interval=Duration.hours(3),
        )

        for svc in SERVICES:
            p = svc.construct_prefix
            wiring = ecs_tier.services[svc.name]
            alarms: list[cw.Alarm] = []
            for colour, tg in (
                ("Blue", wiring.blue_target_group),
                ("Green", wiring.green_target_group),
            ):
                errors = tg.metrics.http_code_target(
                    elbv2.HttpCodeTarget.TARGET_5XX_COUNT,
                    period=ONE_MINUTE,
                    statistic="Sum",
                )
                alarms.append(
                    cw.Alarm(
                        stack,
                        f"{p}{colour}Target5xxAlarm",
                        alarm_name=f"{svc.name}-{colour.lower()}-target-5xx",
                        alarm_description=f"{svc.name}: 5xx from the {colour.lower()} target group",
                        metric=errors,
                        threshold=5,
                        evaluation_periods=2,
                        datapoints_to_alarm=2,
                        comparison_operator=cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                        treat_missing_data=cw.TreatMissingData.NOT_BREACHING,
                    )
                )
            cpu = wiring.service.metric_cpu_utilization(period=ONE_MINUTE)
            alarms.append(
                cw.Alarm(
                    stack,
                    f"{p}CpuAlarm",
                    alarm_name=f"{svc.name}-cpu-high",
                    alarm_description=f"{svc.name}: service CPU above 85%",
                    metric=cpu,
                    threshold=85,
                    evaluation_periods=3,
                    comparison_operator=cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
                    treat_missing_data=cw.TreatMissingData.NOT_BREACHING,
                )
            )
            self.alarms[svc.name] = alarms

            blue_metrics = wiring.blue_target_group.metrics
            green_metrics = wiring.green_target_group.metrics
            dashboard.add_widgets(
                cw.GraphWidget(
                    title=f"{svc.name} requests",
                    left=[
                        blue_metrics.request_count(period=ONE_MINUTE, label="blue"),
                        green_metrics.request_count(period=ONE_MINUTE, label="green"),
                    ],
                    width=8,
                ),
                cw.GraphWidget(
                    title=f"{svc.name} target 5xx",
                    left=[
                        blue_metrics.http_code_target(
                            elbv2.HttpCodeTarget.TARGET_5XX_COUNT,
                            period=ONE_MINUTE,
                            label="blue",
                        ),
                        green_metrics.http_code_target(
                            elbv2.HttpCodeTarget.TARGET_5XX_COUNT,
                            period=ONE_MINUTE,
                            label="green",
                        ),
                    ],
                    width=8,
                ),
                cw.GraphWidget(
                    title=f"{svc.name} utilisation",
                    left=[
                        cpu,
                        wiring.service.metric_memory_utilization(period=ONE_MINUTE),
                    ],
                    width=8,
                ),
                cw.AlarmStatusWidget(title=f"{svc.name} alarms", alarms=alarms, width=24, height=3),
            )
