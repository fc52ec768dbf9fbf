#!/usr/bin/env python3
"""Synthesize every variant of the update-pairs sample into a cloud assembly.

Importable: ``synth_all(Path("/some/dir"))`` -> ``[<dir>/cdk.out.base, ...]``.
Runnable: ``python synth.py`` regenerates the committed ``cdk.out.<variant>/`` directories next to this file.
How a variant is synthesized: ``samples/synthkit.py``. The pairs they form: README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import synthkit  # noqa: E402  (samples/synthkit.py, shared by every sample)

NAMED = {"service-name": "orders-api"}

# variant name -> context it adds on top of cdk.json's context (app.py's defaults are the base variant)
VARIANTS: dict[str, dict[str, object]] = {
    "base": {},
    "network-changed": {"extra-sg": True},
    "platform-changed": {"platform-version": "LATEST"},
    "registry-added": {"cloud-map": True},
    "lb-changed": {"lb-container-port": "8081"},
    "listener-changed": {"prod-listener-port": 81},
    "image-changed": {"image-tag": "1.28"},
    "table-key-changed": {"table-partition-key": "orderId"},
    "bucket-removed": {"bucket": False},
    "named-service": {**NAMED},
    "named-service-renamed-construct": {**NAMED, "service-id": "OrdersService"},
    "named-service-new-cluster": {**NAMED, "service-cluster": "Cluster2"},
    "rolling": {"controller": "ECS"},
}


def synth_all(out_root: Path) -> list[Path]:
    """Synthesize all variants into ``out_root/cdk.out.<variant>/``; returns those dirs."""
    return synthkit.synth_all(HERE, VARIANTS, out_root)


if __name__ == "__main__":
    synthkit.main(HERE, VARIANTS)
