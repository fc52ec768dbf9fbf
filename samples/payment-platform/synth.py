#!/usr/bin/env python3
"""Synthesize every variant of the payment-platform sample into a cloud assembly.

Importable::

    from synth import synth_all
    dirs = synth_all(Path("/some/dir"))   # -> [<dir>/cdk.out.broken-nested, ...]

Runnable: ``python synth.py`` regenerates the committed ``cdk.out.<variant>/``
directories next to this file (each one is deleted first).

How a variant is synthesized: ``samples/synthkit.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import synthkit  # noqa: E402  (samples/synthkit.py, shared by every sample)

CROSS_STACK_REFERENCES_FLAG = "@aws-cdk/core:defaultCrossStackReferences"

# variant name -> context it adds on top of cdk.json's context
VARIANTS: dict[str, dict[str, object]] = {
    "broken-nested": {"flavour": "broken", "layout": "nested"},
    "broken-sibling": {"flavour": "broken", "layout": "sibling"},
    "fixed-nested": {"flavour": "fixed", "layout": "nested"},
    "fixed-sibling": {"flavour": "fixed", "layout": "sibling"},
    # What was deployed before blue/green: the previous side of the seed
    # migration pair rolling-nested -> fixed-nested.
    "rolling-nested": {"flavour": "rolling", "layout": "nested"},
    # The broken sibling app with strong cross-stack references
    # (Fn::ImportValue of exported Outputs) instead of the recommended "weak"
    # (Fn::GetStackOutput).
    "broken-sibling-exports": {
        "flavour": "broken",
        "layout": "sibling",
        CROSS_STACK_REFERENCES_FLAG: "strong",
    },
}


# Synthesized with creation stacks (JSII_HOST_STACK_TRACES=1): every construct records the line of this app
# that made it, which cfncheck shows under each finding (construct_location).
CREATION_STACKS = True


def synth_all(out_root: Path) -> list[Path]:
    """Synthesize all variants into ``out_root/cdk.out.<variant>/``; returns those dirs."""
    return synthkit.synth_all(HERE, VARIANTS, out_root, creation_stacks=CREATION_STACKS)


if __name__ == "__main__":
    synthkit.main(HERE, VARIANTS, creation_stacks=CREATION_STACKS)
