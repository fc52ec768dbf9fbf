#!/usr/bin/env python3
"""CDK app entry point of the blue-green-scenarios sample: the blue/green set-ups users get wrong most.

Context:
  scenario  native-two-stacks | external-hook | nlb-codedeploy | service-connect-codedeploy
  flavour   broken | fixed    (default: fixed)

e.g. ``cdk synth -c scenario=nlb-codedeploy -c flavour=broken``; ``python synth.py`` regenerates every
committed cloud assembly.
"""

import aws_cdk as cdk
from scenarios import build

app = cdk.App(analytics_reporting=False)  # no AWS::CDK::Metadata (it embeds the library version)
build(app, scenario=app.node.try_get_context("scenario"), flavour=app.node.try_get_context("flavour") or "fixed")
app.synth()
