"""cfncheck: validate ECS blue/green wiring in synthesized CloudFormation before deploy."""

__version__ = "0.1.0"
