"""The four scenarios; each builds its stacks into the app, broken or fixed."""

from __future__ import annotations

import aws_cdk as cdk

from scenarios import external_hook, native_two_stacks, nlb_codedeploy, service_connect_codedeploy

BUILDERS = {
    "native-two-stacks": native_two_stacks.build,
    "external-hook": external_hook.build,
    "nlb-codedeploy": nlb_codedeploy.build,
    "service-connect-codedeploy": service_connect_codedeploy.build,
}


def build(app: cdk.App, scenario: object, flavour: str) -> None:
    if scenario not in BUILDERS:
        raise ValueError(f"context 'scenario' must be one of {', '.join(BUILDERS)}; got {scenario!r}")
    if flavour not in ("broken", "fixed"):
        raise ValueError(f"context 'flavour' must be broken or fixed; got {flavour!r}")
    BUILDERS[scenario](app, broken=flavour == "broken")
