"""Synthesize a sample CDK app's variants into cloud assemblies, the way ``cdk synth`` would.

Each sample's ``synth.py`` names its variants (context on top of its ``cdk.json``) and calls
:func:`synth_all`. Each variant runs the sample's ``app.py`` in a fresh Python process, the way the CDK
CLI runs an app: the context goes in ``CDK_CONTEXT_JSON`` (cdk.json's ``context`` plus what ``cdk synth``
adds) and the output directory in ``CDK_OUTDIR``. No CDK CLI needed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# What `cdk synth` puts into the app's context on top of cdk.json (with
# versionReporting off), plus one key that keeps the output reproducible.
CLI_CONTEXT: dict[str, object] = {
    "aws:cdk:enable-path-metadata": True,  # Metadata.aws:cdk:path on resources
    "aws:cdk:enable-asset-metadata": True,
    "aws:cdk:bundling-stacks": ["**"],
    "aws:cdk:disable-version-reporting": True,
    # Construct creation stack traces go into <stack>.metadata.json and contain
    # the path of the jsii runtime's temporary directory, which changes on every
    # run. This documented context key stops the CDK from capturing them; a
    # sample synthesized with creation_stacks=True keeps them, made
    # machine-independent (see machine_independent below).
    "aws:cdk:disable-creation-stack-traces": True,
    # Likewise for the traces of warnings (e.g. an empty target group without a target type); the CDK CLI
    # sets this key unless it runs with --debug.
    "aws:cdk:disable-stack-trace": True,
}


# With creation stacks (``creation_stacks=True``) the CDK records, for every construct, the frames of the
# app's code that made it: ``<function> (<absolute file>:<line>)`` for a Python app run with
# JSII_HOST_STACK_TRACES=1. Two parts of them depend on the machine, and are rewritten after the synth so the
# committed assembly is the same everywhere: the app's folder (frames then name files relative to it, which
# is where cfncheck reads a relative frame from: the folder that holds the assembly), and the jsii kernel's
# temporary folder in the CDK's own abbreviated frames.
_KERNEL = re.compile(r"\.\.\..*?jsii-kernel-[A-Za-z0-9]+/")


def variant_context(app_dir: Path, extra: dict[str, object], creation_stacks: bool = False) -> dict[str, object]:
    """The full context ``app.py`` is run with: cdk.json's, the CLI's, then the variant's."""
    context = dict(json.loads((app_dir / "cdk.json").read_text())["context"])
    context.update(CLI_CONTEXT)
    if creation_stacks:
        del context["aws:cdk:disable-creation-stack-traces"]
    context.update(extra)
    return context


def machine_independent(out_dir: Path, app_dir: Path) -> None:
    """Rewrite the machine-dependent parts of the stack traces in ``out_dir``'s metadata files: the
    ``aws:cdk:creationStack`` entries and the ``trace`` of other entries, nothing else. The files are written
    back as the CDK writes them (``JSON.stringify`` with an indent of 2, which ``json.dumps(indent=2,
    ensure_ascii=False)`` reproduces byte for byte)."""
    prefixes = sorted({f"{app_dir}{os.sep}", f"{app_dir.resolve()}{os.sep}"}, key=len, reverse=True)

    def frame(text: object) -> object:
        if not isinstance(text, str):
            return text
        for prefix in prefixes:
            text = text.replace(prefix, "")
        return _KERNEL.sub(".../jsii-kernel/", text)

    for path in sorted([*out_dir.glob("*.metadata.json"), *out_dir.glob("assembly-*/*.metadata.json")]):
        data = json.loads(path.read_text(encoding="utf-8"))
        for entries in data.values() if isinstance(data, dict) else ():
            for entry in entries if isinstance(entries, list) else ():
                if not isinstance(entry, dict):
                    continue
                if entry.get("type") == "aws:cdk:creationStack" and isinstance(entry.get("data"), list):
                    entry["data"] = [frame(f) for f in entry["data"]]
                if isinstance(entry.get("trace"), list):  # the trace of an entry such as acknowledged-rules
                    entry["trace"] = [frame(f) for f in entry["trace"]]
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


def synth_variant(app_dir: Path, name: str, extra: dict[str, object], out_dir: Path,
                  python: str = sys.executable, drop_assets: bool = False, creation_stacks: bool = False,
                  command: list[str] | None = None) -> Path:
    """Synthesize one variant into ``out_dir`` (which must not exist yet) with the interpreter ``python``
    running ``app.py``, or with ``command`` (a TypeScript app: ``node_modules/.bin/ts-node bin/app.ts``).

    Staged file assets (``asset.*``) are refused, or with ``drop_assets`` removed: the templates and
    ``*.assets.json`` still name each asset by its content hash, which is all a template linter reads.
    ``creation_stacks``: record where the app's code made each construct (see :func:`machine_independent`)."""
    out_dir = Path(out_dir).resolve()
    env = dict(os.environ)
    env.pop("JSII_HOST_STACK_TRACES", None)
    if creation_stacks:
        env["JSII_HOST_STACK_TRACES"] = "1"
    env.update(
        {
            "CDK_OUTDIR": str(out_dir),
            "CDK_CONTEXT_JSON": json.dumps(variant_context(app_dir, extra, creation_stacks)),
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
        command or [python, str(app_dir / "app.py")],
        cwd=app_dir,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"synth of variant {name!r} failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    staged = sorted([*out_dir.glob("asset.*"), *out_dir.glob("assembly-*/asset.*")])
    if staged and not drop_assets:
        raise RuntimeError(f"variant {name!r} produced asset directories: {[p.name for p in staged]}")
    for path in staged:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    if creation_stacks:
        machine_independent(out_dir, app_dir)
    return out_dir


def synth_all(app_dir: Path, variants: dict[str, dict[str, object]], out_root: Path,
              creation_stacks: bool = False, command: list[str] | None = None) -> list[Path]:
    """Synthesize every variant into ``out_root/cdk.out.<variant>/``; returns those dirs.

    Existing ``cdk.out.<variant>`` directories under ``out_root`` are replaced.
    """
    out_root = Path(out_root).resolve()
    out_root.mkdir(parents=True, exist_ok=True)
    targets = [out_root / f"cdk.out.{variant}" for variant in variants]
    for target in targets:
        if target.exists():
            shutil.rmtree(target)
    with ThreadPoolExecutor(max_workers=min(len(variants), os.cpu_count() or 1)) as pool:
        futures = [pool.submit(synth_variant, app_dir, name, extra, target, creation_stacks=creation_stacks,
                               command=command)
                   for (name, extra), target in zip(variants.items(), targets, strict=True)]
        return [future.result() for future in futures]


def main(app_dir: Path, variants: dict[str, dict[str, object]], creation_stacks: bool = False,
         command: list[str] | None = None) -> None:
    """``python synth.py``: regenerate the committed ``cdk.out.<variant>/`` directories next to the app."""
    for path in synth_all(app_dir, variants, app_dir, creation_stacks, command):
        print(path.relative_to(app_dir))
