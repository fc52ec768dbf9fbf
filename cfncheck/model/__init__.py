from cfncheck.model.legacy import *  # noqa: F403
from cfncheck.model.legacy import (  # noqa: F401
    APPLICATION,
    CAPACITY_ASSOCIATIONS,
    CLUSTER,
    DEPLOYMENT_CONFIG,
    DEPLOYMENT_GROUP,
    LISTENER,
    LISTENER_RULE,
    LOAD_BALANCER,
    PAIR,
    SERVICE,
    TARGET_GROUP,
    TASK_DEFINITION,
    DeploymentGroup,
    Key,
    Model,
    Target,
    pair_target_groups,
    route_listeners,
    scenarios,
)
from cfncheck.template.names import arn_resource_name, nearest  # noqa: F401
