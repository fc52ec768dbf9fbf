#!/usr/bin/env python3
"""Synthesize every scenario of the blue-green-scenarios sample, broken and fixed, into cloud assemblies.

Importable: ``synth_all(Path("/some/dir"))`` -> ``[<dir>/cdk.out.native-two-stacks-broken, ...]``.
Runnable: ``python synth.py`` regenerates the committed ``cdk.out.<variant>/`` directories next to this file.
How a variant is synthesized: ``samples/synthkit.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import synthkit  # noqa: E402  (samples/synthkit.py, shared by every sample)

SCENARIOS = ("native-two-stacks", "external-hook", "nlb-codedeploy", "service-connect-codedeploy")

# The CDK's bundled CloudFormation validator rejects the top-level Hooks section of a blue/green hook template.
NO_DEFAULT_VALIDATION = {"@aws-cdk/core:validateAgainstDefaultRules": False}

# variant name -> context it adds on top of cdk.json's context
VARIANTS: dict[str, dict[str, object]] = {
    f"{scenario}-{flavour}": {"scenario": scenario, "flavour": flavour,
                              **(NO_DEFAULT_VALIDATION if scenario == "external-hook" else {})}
    for scenario in SCENARIOS for flavour in ("broken", "fixed")
}


def synth_all(out_root: Path) -> list[Path]:
    """Synthesize all variants into ``out_root/cdk.out.<variant>/``; returns those dirs."""
    return synthkit.synth_all(HERE, VARIANTS, out_root)


if __name__ == "__main__":
    synthkit.main(HERE, VARIANTS)
