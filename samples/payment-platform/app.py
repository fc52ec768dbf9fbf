#!/usr/bin/env python3
"""CDK app entry point of the payment-platform sample.

Context:
  flavour  broken | fixed | rolling    (default: fixed)
  layout   nested | sibling  (default: nested)

e.g. ``cdk synth -c flavour=broken -c layout=sibling``; ``python synth.py``
regenerates all committed cloud assemblies.
"""

import aws_cdk as cdk
from payment_platform.platform import build_platform

app = cdk.App(
    # No AWS::CDK::Metadata resource (it embeds the library version and is
    # not part of what is being modelled).
    analytics_reporting=False,
)
build_platform(
    app,
    flavour=app.node.try_get_context("flavour") or "fixed",
    layout=app.node.try_get_context("layout") or "nested",
)
app.synth()
