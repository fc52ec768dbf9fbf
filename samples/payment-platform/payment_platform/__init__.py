"""CDK app reproducing a multi-tier containerized payment processing platform.

See ../README.md. ``platform.build_platform`` wires the tiers together either as
nested stacks of one ``PaymentPlatform`` stack or as sibling top-level stacks.
"""
