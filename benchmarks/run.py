"""Benchmark cfncheck against plain cfn-lint on the same synthetic cloud assemblies; print a Markdown table.

    python benchmarks/run.py --size small --size medium --repeat 3
    python benchmarks/run.py --size large --repeat 1
    python benchmarks/run.py --scale --repeat 3      # the own pass from 1,000 to 100,000 resources

For each size it generates an assembly (benchmarks/generate.py) in a temporary folder and times, several
times each: a floor (a bare ``json.load`` of every template), plain serial ``cfn-lint`` over all templates,
``cfncheck check --no-cfn-lint``, and ``cfncheck check`` with a cold and a warm cache. Peak memory is the
largest sum of proportional set sizes (PSS) over the whole process tree, workers included, sampled every
20 ms: pages that forked workers share with their parent count once, as they do in the machine's memory.
It also times cfn-lint with and without cfncheck's adapter rules on the largest template, and, inside one warm
process, the floor and cfncheck's own pass: the wall-clock of a command includes the interpreter's start-up and
imports, which do not grow with the templates.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import SCALE, SIZES, generate  # noqa: E402

BIN = Path(sys.executable).parent
PAGE = os.sysconf("SC_PAGE_SIZE")


def _pss(pid: int) -> int:
    """Proportional set size: resident memory, pages shared between processes split among them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _tree_rss(root: int) -> int:
    """Memory (PSS) of ``root`` and all its descendants, so forked workers' shared pages count once."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _pss(pid)
        todo.extend(children.get(pid, []))
    return total


def measure(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int, int]:
    """(wall seconds, peak tree RSS bytes, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.02)
    return time.perf_counter() - start, peak, proc.returncode


def compile_cfncheck() -> None:
    """Byte-compile cfncheck as ``pip install`` does, so that an editable checkout (or an environment with
    PYTHONDONTWRITEBYTECODE) does not time the compilation of its sources on every run."""
    import cfncheck

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(cfncheck.__file__).parent)], check=True,
                   env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"})


# The own pass without the interpreter's start-up and imports (about 0.3 s, most of it typer and pydantic):
# each timed in one process, the median of `repeat` runs after one warm-up.
IN_PROCESS = """
import json, statistics, sys, time
from pathlib import Path
from cfncheck.engine import check_paths
assembly, repeat, templates = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
def floor():
    for name in templates:
        with open(name) as handle:
            json.load(handle)
def own():
    check_paths([assembly])
def own_previous():  # every stack and resource paired and compared: the assembly against itself
    check_paths([assembly], previous=[assembly])
for fn in (floor, own, own_previous):
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    print(statistics.median(times))
"""


def in_process(assembly: Path, templates: list[str], repeat: int,
               env: dict[str, str]) -> tuple[float, float, float]:
    """(json.load floor, cfncheck's own pass, the own pass with --previous), timed inside one warm process."""
    out = subprocess.run([sys.executable, "-c", IN_PROCESS, str(assembly), str(max(repeat, 3)), *templates],
                         env=env, check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1]), float(out[2])


# One own pass in a fresh process: (seconds of the pass, after the imports; peak resident memory of the process).
SCALE_RUN = """
import resource, sys, time
from pathlib import Path
from cfncheck.engine import check_paths
start = time.perf_counter()
result = check_paths([Path(sys.argv[1])])
assert not result.errors, result.errors[:3]
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


def run_scale(repeat: int, work: Path) -> str:
    """The own pass from 1,000 to 100,000 resources (many small stacks, a manifest over 10 MB at the top): time,
    peak memory, and the growth per tenfold, against issue 17's targets (100,000 resources in at most 10 s and
    1 GiB; time linear)."""
    rows, times = [], {}
    for size, (stacks, resources) in SCALE.items():
        assembly = generate(work / f"{size}.cdk.out", stacks, resources, metadata=True)
        runs = []
        for _ in range(repeat):
            out = subprocess.run([sys.executable, "-c", SCALE_RUN, str(assembly)], check=True, capture_output=True,
                                 text=True).stdout.split()
            runs.append((float(out[0]), int(out[1])))
        wall, peak = statistics.median(w for w, _ in runs), max(p for _, p in runs) / 2**20
        manifest = (assembly / "manifest.json").stat().st_size / 2**20
        templates = len(list(assembly.glob("*.template.json")))
        times[size] = wall
        rows.append(f"| {size} | {resources:,} | {templates:,} | {manifest:.1f} | {wall:.2f} | {peak:.0f} |")
        shutil.rmtree(assembly)
    big, mid, small = times["scale-100k"], times["scale-10k"], times["scale-1k"]
    lines = ["### scale: the own pass, one process per run", "",
             "| size | resources | templates | manifest (MiB) | own pass (s) | peak memory (MiB) |",
             "|---|---:|---:|---:|---:|---:|", *rows, "",
             "| measure | measured | target | met |", "|---|---:|---:|:---:|",
             f"| own pass, 100,000 resources | {big:.2f} s | ≤ 10 s | {'yes' if big <= 10 else 'no'} |"]
    peak_big = float(rows[-1].split("|")[6])
    lines.append(f"| peak memory, 100,000 resources | {peak_big:.0f} MiB | ≤ 1024 MiB | "
                 f"{'yes' if peak_big <= 1024 else 'no'} |")
    lines.append(f"| growth 10,000 → 100,000 resources | {big / mid:.1f}× | ≤ 12× | "
                 f"{'yes' if big / mid <= 12 else 'no'} |")
    lines.append(f"| growth 1,000 → 10,000 resources | {mid / small:.1f}× | ≤ 12× | "
                 f"{'yes' if mid / small <= 12 else 'no'} |")
    return "\n".join(lines)


def run_size(size: str, repeat: int, work: Path) -> dict[str, tuple[float, float]]:
    stacks, resources = SIZES[size]
    assembly = generate(work / f"{size}.cdk.out", stacks, resources)
    templates = sorted(str(p) for p in assembly.glob("*.template.json"))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "xdg")}
    floor = [sys.executable, "-c", "import json,sys\nfor f in sys.argv[1:]:\n    json.load(open(f))", *templates]
    commands = {
        "json.load floor": floor,
        "cfn-lint (serial)": [str(BIN / "cfn-lint"), "--", *templates],
        "cfncheck --no-cfn-lint": [str(BIN / "cfncheck"), "check", "--no-cfn-lint", "--quiet", str(assembly)],
        "cfncheck --no-cfn-lint --previous (itself)": [str(BIN / "cfncheck"), "check", "--no-cfn-lint", "--quiet",
                                                       str(assembly), "--previous", str(assembly)],
    }
    results: dict[str, list[tuple[float, int]]] = {name: [] for name in commands}
    results["cfncheck (cold cache)"] = []
    results["cfncheck (warm cache)"] = []
    for n in range(repeat):
        for name, cmd in commands.items():
            wall, peak, _ = measure(cmd, work, env)
            results[name].append((wall, peak))
        cache = work / f"cache-{size}-{n}"
        full = [str(BIN / "cfncheck"), "check", "--quiet", "--cache-dir", str(cache), str(assembly)]
        results["cfncheck (cold cache)"].append(measure(full, work, env)[:2])
        results["cfncheck (warm cache)"].append(measure(full, work, env)[:2])
        shutil.rmtree(cache, ignore_errors=True)
        print(f"  {size}: run {n + 1}/{repeat} done", file=sys.stderr)
    biggest = max(templates, key=lambda p: Path(p).stat().st_size)
    adapter: dict[str, list[tuple[float, int]]] = {"cfn-lint, one template": [],
                                                    "cfn-lint + cfncheck rules, one template": []}
    for _ in range(repeat):
        adapter["cfn-lint, one template"].append(measure([str(BIN / "cfn-lint"), "--", biggest], work, env)[:2])
        adapter["cfn-lint + cfncheck rules, one template"].append(measure(
            [str(BIN / "cfn-lint"), "--append-rules", "cfncheck.cfnlint_rules", "--", biggest], work, env)[:2])
    results.update(adapter)
    summary = {name: (statistics.median(w for w, _ in runs), max(p for _, p in runs) / 2**20)
               for name, runs in results.items()}
    floor_inside, own_inside, previous_inside = in_process(assembly, templates, repeat, env)
    summary["json.load floor, in-process"] = (floor_inside, float("nan"))
    summary["cfncheck own pass, in-process"] = (own_inside, float("nan"))
    summary["cfncheck own pass with --previous, in-process"] = (previous_inside, float("nan"))
    return summary


def table(size: str, r: dict[str, tuple[float, float]]) -> str:
    stacks, resources = SIZES[size]
    lint, floor = r["cfn-lint (serial)"][0], r["json.load floor"][0]
    cold, warm = r["cfncheck (cold cache)"][0], r["cfncheck (warm cache)"][0]
    lines = [f"### {size}: {stacks} stack(s), {resources} resources", "",
             "| command | median wall (s) | peak memory (MiB) |", "|---|---:|---:|"]
    lines += [f"| {name} | {wall:.3f} | {'' if mem != mem else f'{mem:.0f}'} |" for name, (wall, mem) in r.items()]
    one, with_rules = r["cfn-lint, one template"][0], r["cfn-lint + cfncheck rules, one template"][0]
    checks = [
        ("cold `cfncheck check` / serial cfn-lint", cold / lint, 0.6),
        ("warm / cold", warm / cold, 0.1),
        ("`--no-cfn-lint` / json.load floor", r["cfncheck --no-cfn-lint"][0] / floor, 3.0),
        ("own pass / json.load floor, in-process",
         r["cfncheck own pass, in-process"][0] / r["json.load floor, in-process"][0], 3.0),
        ("own pass with --previous / without, in-process",
         r["cfncheck own pass with --previous, in-process"][0] / r["cfncheck own pass, in-process"][0], 2.0),
        ("cfn-lint with adapters / without, one template", with_rules / one, 1.05),
        ("peak memory cold / cfn-lint", r["cfncheck (cold cache)"][1] / r["cfn-lint (serial)"][1], 1.5),
    ]
    lines += ["", "| ratio | measured | target | met |", "|---|---:|---:|:---:|"]
    lines += [f"| {name} | {value:.2f}× | ≤ {target}× | {'yes' if value <= target else 'no'} |"
              for name, value, target in checks]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", action="append", choices=sorted(SIZES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", action="store_true", help="also time the own pass from 1,000 to 100,000 resources")
    args = parser.parse_args()
    sizes = args.size or ([] if args.scale else ["small", "medium"])
    compile_cfncheck()
    with tempfile.TemporaryDirectory(prefix="cfncheck-bench-") as tmp:
        work = Path(tmp)
        out = {size: run_size(size, args.repeat, work) for size in sizes}
        scale = run_scale(args.repeat, work) if args.scale else None
    print(f"cfncheck benchmark: {os.cpu_count()} cores, python {sys.version.split()[0]}, {args.repeat} run(s) each\n")
    for size, r in out.items():
        print(table(size, r) + "\n")
    if scale:
        print(scale + "\n")
    if "medium" in out and "large" in out:
        growth = out["large"]["cfncheck --no-cfn-lint"][0] / out["medium"]["cfncheck --no-cfn-lint"][0]
        print(f"`--no-cfn-lint` growth medium → large (10× the resources): {growth:.1f}× (target ≤ 12×)")
        inside = out["large"]["cfncheck own pass, in-process"][0] / out["medium"]["cfncheck own pass, in-process"][0]
        print(f"own pass in-process growth medium → large: {inside:.1f}× (target ≤ 12×)")


if __name__ == "__main__":
    main()
