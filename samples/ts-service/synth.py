#!/usr/bin/env python3
"""Synthesize the TypeScript sample's variants into cloud assemblies (importable like the other samples' synth.py).

The app runs with ts-node, as ``cdk.json``'s ``app`` command does, from this folder's ``node_modules``, which
``npm ci`` installs from ``package-lock.json`` when it is missing (the npm registry; aws-cdk-lib 2.275.0). The
committed assemblies are synthesized without the cfncheck plugin (``cfncheck=false``): they are what the CDK writes,
and cfncheck's own tests read them. With creation stacks, made machine-independent as in the Python samples.

``python synth.py`` regenerates the committed ``cdk.out.<variant>/`` directories.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import synthkit  # noqa: E402

VARIANTS: dict[str, dict[str, object]] = {
    "broken": {"flavour": "broken", "cfncheck": "false"},
    "fixed": {"flavour": "fixed", "cfncheck": "false"},
}


def install() -> None:
    """``npm ci`` unless this folder's dependencies are installed already."""
    if (HERE / "node_modules" / ".bin" / "ts-node").exists() and (HERE / "node_modules" / "aws-cdk-lib").is_dir():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("the TypeScript sample needs Node.js and npm")
    proc = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"npm ci failed in {HERE}:\n{proc.stdout}\n{proc.stderr}")


def app_command() -> list[str]:
    return [str(HERE / "node_modules" / ".bin" / "ts-node"), "--prefer-ts-exts", "bin/app.ts"]


def synth_all(out_root: Path) -> list[Path]:
    install()
    return synthkit.synth_all(HERE, VARIANTS, out_root, creation_stacks=True, command=app_command())


if __name__ == "__main__":
    install()
    synthkit.main(HERE, VARIANTS, creation_stacks=True, command=app_command())
