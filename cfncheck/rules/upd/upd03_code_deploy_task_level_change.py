"""UPD-03: an update must not change network, platform version, service registries or capacity providers of a
deployed CODE_DEPLOY service.

## What it does
With `--previous`, reports an `AWS::ECS::Service` that uses CODE_DEPLOY before and after the update and whose
`NetworkConfiguration`, `PlatformVersion`, `ServiceRegistries` or `CapacityProviderStrategy` changes. This is
also the change part of FEAT-02 (service registries), FEAT-03 (capacity providers) and FEAT-04 (platform
version).

## Why is this bad?
UpdateService: "For services using the blue/green (CODE_DEPLOY) deployment controller, only the desired count,
deployment configuration, health check grace period, task placement constraints and strategies, enable ECS
managed tags option, and propagate tags can be updated using this API. If the network configuration, platform
version, task definition, or load balancer need to be updated, create a new CodeDeploy deployment." The stack
update fails, e.g. for the network:

    InvalidParameterException: Unable to update network parameters on services with a CODE_DEPLOY deployment
    controller. Use AWS CodeDeploy to trigger a new deployment.

Adding `cloud_map_options` to a deployed CODE_DEPLOY service failed the same way (cdklabs/cdk-ecs-codedeploy#121).
The texts for the platform version and capacity providers are not confirmed.

## Example
```yaml
# deployed: NetworkConfiguration: {AwsvpcConfiguration: {SecurityGroups: [!Ref Sg]}}
# next:     NetworkConfiguration: {AwsvpcConfiguration: {SecurityGroups: [!Ref Sg, !Ref Sg2]}}
```

## Use instead
Keep these properties as deployed and pass the new values in the AppSpec of a CodeDeploy deployment
(`NetworkConfiguration`, `PlatformVersion`, `CapacityProviderStrategy`), or create a new service.

## CDK (Python) fix
```python
# keep security_groups=, vpc_subnets=, platform_version=, cloud_map_options= and
# capacity_provider_strategies= of the CODE_DEPLOY service as deployed; change them in the AppSpec
```

## CDK (TypeScript) fix
```ts
// keep securityGroups, vpcSubnets, platformVersion, cloudMapOptions and
// capacityProviderStrategies of the CODE_DEPLOY service as deployed; change them in the AppSpec
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html ;
https://github.com/hashicorp/terraform-provider-aws/issues/8005 ;
https://github.com/cdklabs/cdk-ecs-codedeploy/issues/121
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.rules.base import ERROR, Rule, Violation

KEYS = ("NetworkConfiguration", "PlatformVersion", "ServiceRegistries", "CapacityProviderStrategy")
NETWORK_ERROR = ("Unable to update network parameters on services with a CODE_DEPLOY deployment controller. Use AWS "
                 "CodeDeploy to trigger a new deployment.")


class CodeDeployTaskLevelChange(Rule):
    code = "9D63"
    name = "UPD-03"
    title = "An update must not change network, platform, registries or capacity of a deployed CODE_DEPLOY service"
    severity = ERROR
    severities = (ERROR,)
    fix = ("Keep security_groups, vpc_subnets, assign_public_ip, platform_version, cloud_map_options and "
           "capacity_provider_strategies of the CODE_DEPLOY service as deployed; pass new values in the AppSpec of "
           "a CodeDeploy deployment, or create a new service.")
    fix_typescript = ("Keep securityGroups, vpcSubnets, assignPublicIp, platformVersion, cloudMapOptions and "
                      "capacityProviderStrategies of the CODE_DEPLOY service as deployed; pass new values in the "
                      "AppSpec of a CodeDeploy deployment, or create a new service.")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html"

    def check(self, model: Model) -> Iterable[Violation]:
        if model.update is None:
            return
        for su, key, change in model.update.code_deploy_changes(*KEYS):
            said = (f"ECS rejects it: \"{NETWORK_ERROR}\"" if key == "NetworkConfiguration" else
                    "UpdateService allows only desired count, deployment configuration, health check grace "
                    "period, placement and tags on a CODE_DEPLOY service, so the update fails")
            yield Violation(ERROR, su.at(key), f"{su.label} uses CODE_DEPLOY and this update changes its {key} "
                            f"({change.reason}); {said}", [su.before_at(key)])
