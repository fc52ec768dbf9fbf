#!/usr/bin/env python3
"""Synthesize every variant of the cdk-defaults sample into cloud assemblies.

Importable: ``synth_all(Path("/some/dir"))`` -> ``[<dir>/cdk.out.<variant>, ...]``.
Runnable: ``python synth.py`` regenerates the committed ``cdk.out.<variant>/`` directories next to this file.

How a variant is synthesized: ``samples/synthkit.py`` (same context, same environment) with
``drop_assets``: this app has file assets (the BucketDeployment source in ``site/``, the CDK's own
custom-resource handlers and the 21 MB AWS CLI Lambda layer of BucketDeployment); they are staged as usual and
then removed, and the templates and ``*.assets.json`` manifests still name them by their content hash.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import synthkit  # noqa: E402  (samples/synthkit.py, shared by every sample)

# variant name -> context it adds on top of cdk.json's context
VARIANTS: dict[str, dict[str, object]] = {
    "correct": {"flavour": "correct"},
    "user-noise": {"flavour": "user-noise"},
    "correct-cdk-2.180": {"flavour": "correct"},
}
# variants synthesized with another aws-cdk-lib than the samples' pin, in a virtualenv of their own: the
# same correct code on an older aws-cdk-lib, whose own handlers run a runtime that is deprecated now
OLDER_CDK = {"correct-cdk-2.180": ["aws-cdk-lib==2.180.0", "constructs==10.8.1", "jsii==1.142.0",
                                   "aws-cdk.cloud-assembly-schema==39.2.20", "aws-cdk.asset-awscli-v1==2.2.296",
                                   "aws-cdk.asset-node-proxy-agent-v6==2.1.3"]}


def _python(variant: str) -> str:
    """The interpreter that synthesizes ``variant``: this one, or a virtualenv with the older aws-cdk-lib and
    the exact versions of what it pulls in (their releases change the manifest), made once per machine in the
    user's cache directory from the package registry."""
    pins = OLDER_CDK.get(variant)
    if pins is None:
        return sys.executable
    key = hashlib.sha256("\n".join(pins).encode()).hexdigest()[:12]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cfncheck-samples"
    venv = cache / f"{variant}-{key}"
    python = venv / "bin" / "python"
    if not (venv / ".complete").is_file():
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, stdin=subprocess.DEVNULL)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *pins], check=True, stdin=subprocess.DEVNULL)
        (venv / ".complete").write_text("\n".join(pins))
    return str(python)


def synth_all(out_root: Path) -> list[Path]:
    """Synthesize all variants into ``out_root/cdk.out.<variant>/``; returns those dirs."""
    out_root = Path(out_root).resolve()
    out_root.mkdir(parents=True, exist_ok=True)
    targets = [out_root / f"cdk.out.{variant}" for variant in VARIANTS]
    for target in targets:
        if target.exists():
            shutil.rmtree(target)
    with ThreadPoolExecutor(max_workers=len(VARIANTS)) as pool:
        futures = [pool.submit(synthkit.synth_variant, HERE, name, extra, target, _python(name), True)
                   for (name, extra), target in zip(VARIANTS.items(), targets, strict=True)]
        return [future.result() for future in futures]


if __name__ == "__main__":
    for path in synth_all(HERE):
        print(path.relative_to(HERE))
