"""The committed cdk.out of each sample is what aws-cdk-lib synthesizes from the sample's code today."""

import importlib.util
from pathlib import Path

import pytest
from helpers import SAMPLES

APPS = sorted(p.parent.name for p in SAMPLES.glob("*/synth.py"))


def _load_synth(app_dir: Path):
    spec = importlib.util.spec_from_file_location(f"synth_{app_dir.name.replace('-', '_')}", app_dir / "synth.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_every_sample_app_is_covered():
    assert APPS == ["blue-green-scenarios", "cdk-defaults", "payment-platform", "ts-service", "update-pairs"]


@pytest.mark.parametrize("app", APPS)
def test_sample_resynthesizes_byte_for_byte(app, tmp_path):
    app_dir = SAMPLES / app
    synth = _load_synth(app_dir)
    produced = synth.synth_all(tmp_path)
    assert sorted(p.name for p in produced) == sorted(p.name for p in app_dir.glob("cdk.out.*"))
    for out in produced:
        committed = app_dir / out.name
        fresh, old = _files(out), _files(committed)
        assert sorted(fresh) == sorted(old), out.name
        changed = [name for name in fresh if fresh[name] != old[name]]
        assert changed == [], f"{out.name}: re-synthesized files differ: {changed} (see synth.py)"
