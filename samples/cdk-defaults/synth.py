#!/usr/bin/env python3
"""Synthesize both variants of the cdk-defaults sample into cloud assemblies.

Importable: ``synth_all(Path("/some/dir"))`` -> ``[<dir>/cdk.out.correct, <dir>/cdk.out.user-noise]``.
Runnable: ``python synth.py`` regenerates the committed ``cdk.out.<variant>/`` directories next to this file.

How a variant is synthesized: ``samples/synthkit.py`` (same context, same environment), with one difference:
this app has file assets (the BucketDeployment source in ``site/``, the CDK's own custom-resource handlers and
the 21 MB AWS CLI Lambda layer of BucketDeployment), which ``synthkit.synth_variant`` refuses. They are staged as
usual and then removed; the templates and ``*.assets.json`` manifests still name them by their content hash,
which is all a template linter reads.
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
OLDER_CDK = {"correct-cdk-2.180": "2.180.0"}


def _python(variant: str) -> str:
    """The interpreter that synthesizes ``variant``: this one, or a virtualenv with the older aws-cdk-lib
    (made once per machine in the user's cache directory, from the package registry)."""
    version = OLDER_CDK.get(variant)
    if version is None:
        return sys.executable
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cfncheck-samples"
    venv = cache / f"aws-cdk-lib-{version}"
    python = venv / "bin" / "python"
    if not (venv / ".complete").is_file():
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, stdin=subprocess.DEVNULL)
        subprocess.run([str(python), "-m", "pip", "install", "-q", f"aws-cdk-lib=={version}",
                        "constructs>=10.0.0,<11"], check=True, stdin=subprocess.DEVNULL)
        (venv / ".complete").write_text(version)
    return str(python)


def _synth_variant(name: str, extra: dict[str, object], out_dir: Path) -> Path:
    """``synthkit.synth_variant``, keeping the asset hashes but not the staged asset payloads."""
    out_dir = Path(out_dir).resolve()
    env = dict(os.environ)
    env.update(
        {
            "CDK_OUTDIR": str(out_dir),
            "CDK_CONTEXT_JSON": json.dumps(synthkit.variant_context(HERE, extra)),
            "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "18,20",
            "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    for key in ("CDK_DEFAULT_ACCOUNT", "CDK_DEFAULT_REGION", "CDK_VALIDATION", "CDK_DEBUG"):
        env.pop(key, None)
    proc = subprocess.run(
        [_python(name), str(HERE / "app.py")],
        cwd=HERE,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"synth of variant {name!r} failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    for staged in sorted([*out_dir.glob("asset.*"), *out_dir.glob("assembly-*/asset.*")]):
        if staged.is_dir():
            shutil.rmtree(staged)
        else:
            staged.unlink()
    return out_dir


def synth_all(out_root: Path) -> list[Path]:
    """Synthesize all variants into ``out_root/cdk.out.<variant>/``; returns those dirs."""
    out_root = Path(out_root).resolve()
    out_root.mkdir(parents=True, exist_ok=True)
    targets = [out_root / f"cdk.out.{variant}" for variant in VARIANTS]
    for target in targets:
        if target.exists():
            shutil.rmtree(target)
    with ThreadPoolExecutor(max_workers=len(VARIANTS)) as pool:
        futures = [pool.submit(_synth_variant, name, extra, target)
                   for (name, extra), target in zip(VARIANTS.items(), targets, strict=True)]
        return [future.result() for future in futures]


if __name__ == "__main__":
    for path in synth_all(HERE):
        print(path.relative_to(HERE))
