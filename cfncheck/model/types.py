"""The ECS resource types the model knows, and the values that are the defaults of their settings."""

SERVICE = "AWS::ECS::Service"
TASK_DEFINITION = "AWS::ECS::TaskDefinition"
TASK_SET = "AWS::ECS::TaskSet"
PRIMARY_TASK_SET = "AWS::ECS::PrimaryTaskSet"
CLUSTER = "AWS::ECS::Cluster"
CAPACITY_PROVIDER = "AWS::ECS::CapacityProvider"
CAPACITY_ASSOCIATIONS = "AWS::ECS::ClusterCapacityProviderAssociations"
FARGATE_PROVIDERS = ("FARGATE", "FARGATE_SPOT")
NATIVE_STRATEGIES = ("BLUE_GREEN", "LINEAR", "CANARY")
NOT_ECS = ("CODE_DEPLOY", "EXTERNAL")
