#!/usr/bin/env python3
"""Synthesize every variant of the payment-platform sample into a cloud assembly.

Importable::

    from synth import synth_all
    dirs = synth_all(Path("/some/dir"))   # -> [<dir>/cdk.out.broken-nested, ...]

Runnable: ``python synth.py`` regenerates the committed ``cdk.out.<variant>/``
directories next to this file (each one is deleted first).

Each variant runs ``app.py`` in a fresh Python process, the way the CDK CLI runs
an app: the context goes in ``CDK_CONTEXT_JSON`` (cdk.json's ``context`` plus what
``cdk synth`` adds) and the output directory in ``CDK_OUTDIR``. No CDK CLI needed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
APP = HERE / "app.py"
CDK_JSON = HERE / "cdk.json"

CROSS_STACK_REFERENCES_FLAG = "@aws-cdk/core:defaultCrossStackReferences"

# variant name -> context it adds on top of cdk.json's context
VARIANTS: dict[str, dict[str, object]] = {
    "broken-nested": {"flavour": "broken", "layout": "nested"},
    "broken-sibling": {"flavour": "broken", "layout": "sibling"},
    "fixed-nested": {"flavour": "fixed", "layout": "nested"},
    "fixed-sibling": {"flavour": "fixed", "layout": "sibling"},
    # The broken sibling app with strong cross-stack references
    # (Fn::ImportValue of exported Outputs) instead of the recommended "weak"
    # (Fn::GetStackOutput).
    "broken-sibling-exports": {
        "flavour": "broken",
        "layout": "sibling",
        CROSS_STACK_REFERENCES_FLAG: "strong",
    },
}

# What `cdk synth` puts into the app's context on top of cdk.json (with
# versionReporting off), plus one key that keeps the output reproducible.
CLI_CONTEXT: dict[str, object] = {
    "aws:cdk:enable-path-metadata": True,  # Metadata.aws:cdk:path on resources
    "aws:cdk:enable-asset-metadata": True,
    "aws:cdk:bundling-stacks": ["**"],
    "aws:cdk:disable-version-reporting": True,
    # Construct creation stack traces go into <stack>.metadata.json and contain
    # the path of the jsii runtime's temporary directory, which changes on every
    # run. This documented context key stops the CDK from capturing them.
    "aws:cdk:disable-creation-stack-traces": True,
}


def variant_context(variant: str) -> dict[str, object]:
    """The full context ``app.py`` is run with for ``variant``."""
    context = dict(json.loads(CDK_JSON.read_text())["context"])
    context.update(CLI_CONTEXT)
    context.update(VARIANTS[variant])
    return context


def synth_variant(variant: str, out_dir: Path) -> Path:
    """Synthesize one variant into ``out_dir`` (which must not exist yet)."""
    out_dir = Path(out_dir).resolve()
    env = dict(os.environ)
    env.update(
        {
            "CDK_OUTDIR": str(out_dir),
            "CDK_CONTEXT_JSON": json.dumps(variant_context(variant)),
            # jsii prints a large banner on every run when the local Node.js
            # release is past its end of life; it changes nothing in the output.
            "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "18,20",
            "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    # Nothing from the caller's environment may change the output.
    for key in ("CDK_DEFAULT_ACCOUNT", "CDK_DEFAULT_REGION", "CDK_VALIDATION", "CDK_DEBUG"):
        env.pop(key, None)
    proc = subprocess.run(
        [sys.executable, str(APP)],
        cwd=HERE,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"synth of variant {variant!r} failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
        )
    assets = sorted(p.name for p in out_dir.glob("asset.*"))
    if assets:
        raise RuntimeError(f"variant {variant!r} produced asset directories: {assets}")
    return out_dir


def synth_all(out_root: Path) -> list[Path]:
    """Synthesize all variants into ``out_root/cdk.out.<variant>/``; returns those dirs.

    Existing ``cdk.out.<variant>`` directories under ``out_root`` are replaced.
    """
    out_root = Path(out_root).resolve()
    out_root.mkdir(parents=True, exist_ok=True)
    targets = [out_root / f"cdk.out.{variant}" for variant in VARIANTS]
    for target in targets:
        if target.exists():
            shutil.rmtree(target)
    with ThreadPoolExecutor(max_workers=min(len(VARIANTS), os.cpu_count() or 1)) as pool:
        futures = [
            pool.submit(synth_variant, variant, target) for variant, target in zip(VARIANTS, targets, strict=True)
        ]
        return [future.result() for future in futures]


def main() -> None:
    for path in synth_all(HERE):
        print(path.relative_to(HERE))


if __name__ == "__main__":
    main()
