"""UPD-02: an update must not change `LoadBalancers` of a deployed CODE_DEPLOY service.

## What it does
With `--previous`, reports an `AWS::ECS::Service` that uses CODE_DEPLOY before and after the update and whose
`LoadBalancers` changes (written differently, or a target group it names is replaced).

## Why is this bad?
On a CODE_DEPLOY service only CodeDeploy may change the load balancers; CloudFormation's UpdateService call
fails and the stack rolls back:

    InvalidParameterException: Unable to update load balancers on services with a CODE_DEPLOY deployment
    controller. Use AWS CodeDeploy to trigger a new deployment.

## Example
```yaml
# deployed: LoadBalancers: [{ContainerName: web, ContainerPort: 8080, TargetGroupArn: !Ref Blue}]
# next:     LoadBalancers: [{ContainerName: web, ContainerPort: 8081, TargetGroupArn: !Ref Blue}]
```

## Use instead
Keep `LoadBalancers` exactly as deployed; change ports or target groups through a CodeDeploy deployment
(the AppSpec's `LoadBalancerInfo`), or create a new service.

## CDK (Python) fix
```python
# keep the attach_to_application_target_group(...) / load_balancer_target(...) call as deployed;
# the container port goes into the AppSpec of the next CodeDeploy deployment
```

## CDK (TypeScript) fix
```ts
// keep the attachToApplicationTargetGroup(...) / loadBalancerTarget(...) call as deployed;
// the container port goes into the AppSpec of the next CodeDeploy deployment
```

## Source
https://github.com/kayac/ecspresso/issues/393 ;
https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.rules.base import ERROR, Rule, Violation

AWS_ERROR = ("Unable to update load balancers on services with a CODE_DEPLOY deployment controller. Use AWS "
             "CodeDeploy to trigger a new deployment.")


class CodeDeployLoadBalancersChange(Rule):
    code = "9D62"
    name = "UPD-02"
    title = "An update must not change LoadBalancers of a deployed CODE_DEPLOY service"
    severity = ERROR
    severities = (ERROR,)
    fix = ("Keep the service's load balancer attachment as deployed; change the container port or target group "
           "through a CodeDeploy deployment (AppSpec LoadBalancerInfo), or create a new service.")
    fix_typescript = ("Keep the service's load balancer attachment as deployed; change the container port or target "
                      "group through a CodeDeploy deployment (AppSpec LoadBalancerInfo), or create a new service.")
    source_url = "https://github.com/kayac/ecspresso/issues/393"

    def check(self, model: Model) -> Iterable[Violation]:
        if model.update is None:
            return
        for su, _, change in model.update.code_deploy_changes("LoadBalancers"):
            yield Violation(ERROR, su.at("LoadBalancers"),
                            f"{su.label} uses CODE_DEPLOY and this update changes its LoadBalancers "
                            f"({change.reason}); ECS rejects it: \"{AWS_ERROR}\"", [su.before_at("LoadBalancers")])
