"""Shared constants and small helpers used by every tier."""

from __future__ import annotations

from dataclasses import dataclass

FLAVOURS = ("broken", "fixed", "rolling")
LAYOUTS = ("nested", "sibling")

PLATFORM_NAME = "PaymentPlatform"
CONTAINER_PORT = 8080
PROD_LISTENER_PORT = 80
TEST_LISTENER_PORT = 8080
DB_PORT = 5432

IMAGE = "public.ecr.aws/nginx/nginx:1.27"

# The stock nginx image listens on port 80; make it listen on CONTAINER_PORT so
# the target-group health checks succeed.
NGINX_ON_8080 = [
    "/bin/sh",
    "-c",
    f"sed -i 's/80;/{CONTAINER_PORT};/' /etc/nginx/conf.d/default.conf && exec nginx -g 'daemon off;'",
]


@dataclass(frozen=True)
class ServiceSpec:
    """One of the three ECS services of the platform."""

    name: str  # ECS service name, container name, task family, CodeDeploy names
    construct_prefix: str  # prefix of every construct ID that belongs to it
    uses_database: bool


SERVICES = (
    ServiceSpec("payments-api", "PaymentsApi", uses_database=True),
    ServiceSpec("ledger", "Ledger", uses_database=True),
    ServiceSpec("notifications", "Notifications", uses_database=False),
)


def check_choice(kind: str, value: object, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(f"context '{kind}' must be one of {', '.join(allowed)}; got {value!r}")
    return str(value)
