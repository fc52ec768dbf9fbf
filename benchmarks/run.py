"""Benchmark cfncheck against plain cfn-lint on the same synthetic cloud assemblies; print a Markdown table.

    python benchmarks/run.py --size small --size medium --repeat 3
    python benchmarks/run.py --size large --repeat 1
    python benchmarks/run.py --scale --repeat 3      # the own pass from 1,000 to 100,000 resources
    python benchmarks/run.py --size large --scale --repeat 3   # every target of issue 17, in one table

For each size it generates an assembly (benchmarks/generate.py) in a temporary folder and times, several
times each: a floor (a bare ``json.load`` of every template), plain serial ``cfn-lint`` over all templates,
``cfncheck check --no-cfn-lint``, and ``cfncheck check`` with a cold and a warm cache. Times are medians of
runs that nothing watches; peak memory comes from one more run of each command, sampled every 50 ms: the
largest sum of proportional set sizes (PSS) over the process and its descendants, so pages that forked workers
share with their parent count once, as they do in the machine's memory. (Sampling every process of the machine
as often, as this benchmark once did, takes enough of a 2-core machine to slow a parallel run by a sixth.)
It also times cfn-lint with and without cfncheck's adapter rules on the largest template (first lint, with an
empty cache, and a re-lint), and, inside one warm process, the floor and cfncheck's own pass: the wall-clock of a
command includes the interpreter's start-up and imports, which do not grow with the templates. With the large
size it adds the re-check after one resource changed in one template, and the editor's case: one template of a
160-template assembly, linted with the adapters by a new cfn-lint process each time, as an editor does.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import EDITOR, SCALE, SIZES, generate  # noqa: E402

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


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                out.extend(int(child) for child in handle.read().split())
        except OSError:
            continue
    return out


def _tree_pss(root: int) -> int:
    """Memory (PSS) of ``root`` and all its descendants, so forked workers' shared pages count once."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _pss(pid)
        todo.extend(_children(pid))
    return total


def wall(cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    """Seconds of one run, not watched."""
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def peak_memory(cmd: list[str], cwd: Path, env: dict[str, str]) -> int:
    """Peak PSS in bytes of one run and its descendants, sampled every 50 ms."""
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_pss(proc.pid))
        time.sleep(0.05)
    return peak


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


def run_scale(repeat: int, work: Path) -> tuple[str, list[tuple[str, float, str, float]]]:
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
        seconds, peak = statistics.median(w for w, _ in runs), max(p for _, p in runs) / 2**20
        manifest = (assembly / "manifest.json").stat().st_size / 2**20
        templates = len(list(assembly.glob("*.template.json")))
        times[size] = seconds
        rows.append(f"| {size} | {resources:,} | {templates:,} | {manifest:.1f} | {seconds:.2f} | {peak:.0f} |")
        shutil.rmtree(assembly)
    big, mid, small = times["scale-100k"], times["scale-10k"], times["scale-1k"]
    peak_big = float(rows[-1].split("|")[6])
    text = "\n".join(["### scale: the own pass, one process per run", "",
                      "| size | resources | templates | manifest (MiB) | own pass (s) | peak memory (MiB) |",
                      "|---|---:|---:|---:|---:|---:|", *rows])
    return text, [("scale: own pass, 100,000 resources", big, "s", 10.0),
                  ("scale: peak memory, 100,000 resources", peak_big, "MiB", 1024.0),
                  ("scale: growth 10,000 → 100,000 resources", big / mid, "×", 12.0),
                  ("scale: growth 1,000 → 10,000 resources", mid / small, "×", 12.0)]


Summary = dict[str, tuple[float, float]]  # command -> (median seconds, peak MiB or NaN)
Target = tuple[str, float, str, float]  # (what, measured, unit, at most)
NAN = float("nan")


def _median_runs(commands: dict[str, list[str]], repeat: int, work: Path, env: dict[str, str]) -> Summary:
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, cmd in commands.items():
            times[name].append(wall(cmd, work, env))
    return {name: (statistics.median(t), peak_memory(commands[name], work, env) / 2**20)
            for name, t in times.items()}


def _adapters(template: Path, repeat: int, work: Path, env: dict[str, str], label: str) -> Summary:
    """cfn-lint on ``template`` without and with cfncheck's adapters, each run a new process: the first lint
    (empty cache), a re-lint of the unchanged assembly, and the lint after one resource of ``template`` changed
    (the editor's save), against plain cfn-lint on the changed template."""
    plain = [str(BIN / "cfn-lint"), "--", str(template)]
    adapted = [str(BIN / "cfn-lint"), "--append-rules", "cfncheck.cfnlint_rules", "--", str(template)]
    cache_home = work / f"xdg-adapters-{label}"
    lint_env = {**env, "XDG_CACHE_HOME": str(cache_home)}
    runs: dict[str, list[float]] = {k: [] for k in ("plain", "first", "again", "plain changed", "changed")}
    with _restored(template, cache_home) as original:
        for n in range(repeat):
            shutil.rmtree(cache_home, ignore_errors=True)
            template.write_text(original)
            runs["plain"].append(wall(plain, work, lint_env))
            runs["first"].append(wall(adapted, work, lint_env))
            runs["again"].append(wall(adapted, work, lint_env))
            _change_one_resource(template, original, n)
            runs["plain changed"].append(wall(plain, work, lint_env))
            runs["changed"].append(wall(adapted, work, lint_env))
    m = {k: statistics.median(v) for k, v in runs.items()}
    return {f"cfn-lint, {label}": (m["plain"], NAN),
            f"cfn-lint + cfncheck rules, {label}, first lint": (m["first"], NAN),
            f"cfn-lint + cfncheck rules, {label}, re-lint": (m["again"], NAN),
            f"cfn-lint, {label}, after one change": (m["plain changed"], NAN),
            f"cfn-lint + cfncheck rules, {label}, after one change": (m["changed"], NAN)}


@contextmanager
def _restored(template: Path, scratch: Path) -> Iterator[str]:
    """The template's text, written back afterwards whatever the block did to it; ``scratch`` removed."""
    original = template.read_text()
    try:
        yield original
    finally:
        template.write_text(original)
        shutil.rmtree(scratch, ignore_errors=True)


def _change_one_resource(template: Path, original: str, n: int) -> None:
    """One property of one resource changes, to a value not used before (so no cache knows the result)."""
    data = json.loads(original)
    for res in data["Resources"].values():
        if res.get("Type") == "AWS::SQS::Queue":
            res["Properties"]["VisibilityTimeout"] = 100 + n
            break
    else:
        raise AssertionError(f"no queue to change in {template}")
    template.write_text(json.dumps(data, indent=1))


def _recheck(assembly: Path, repeat: int, work: Path, env: dict[str, str]) -> Summary:
    """``cfncheck check`` with a warm cache after one resource of one template changed, against what it must do
    at least: cfn-lint on that template, and the own pass (``--no-cfn-lint``)."""
    template = assembly / "Bench000-Service.template.json"
    cache = work / "cache-recheck"
    full = [str(BIN / "cfncheck"), "check", "--quiet", "--cache-dir", str(cache), str(assembly)]
    own = [str(BIN / "cfncheck"), "check", "--no-cfn-lint", "--quiet", str(assembly)]
    plain = [str(BIN / "cfn-lint"), "--", str(template)]
    runs: dict[str, list[float]] = {"re-check": [], "cfn-lint": [], "own": []}
    with _restored(template, cache) as original:
        wall(full, work, env)  # every template in the cache
        for n in range(repeat):
            _change_one_resource(template, original, n)
            runs["re-check"].append(wall(full, work, env))
            runs["cfn-lint"].append(wall(plain, work, env))
            runs["own"].append(wall(own, work, env))
    m = {k: statistics.median(v) for k, v in runs.items()}
    return {"cfncheck re-check after one change (warm cache)": (m["re-check"], NAN),
            "cfn-lint on the changed template": (m["cfn-lint"], NAN),
            "cfncheck --no-cfn-lint (same run)": (m["own"], NAN)}


def run_size(size: str, repeat: int, work: Path) -> Summary:
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
    summary = _median_runs(commands, repeat, work, env)
    cold: list[float] = []
    warm: list[float] = []
    for n in range(repeat + 1):  # the last round is watched, for the peak memory
        cache = work / f"cache-{size}-{n}"
        full = [str(BIN / "cfncheck"), "check", "--quiet", "--cache-dir", str(cache), str(assembly)]
        if n < repeat:
            cold.append(wall(full, work, env))
            warm.append(wall(full, work, env))
        else:
            summary["cfncheck (cold cache)"] = (statistics.median(cold), peak_memory(full, work, env) / 2**20)
            summary["cfncheck (warm cache)"] = (statistics.median(warm), peak_memory(full, work, env) / 2**20)
        shutil.rmtree(cache, ignore_errors=True)
        print(f"  {size}: round {n + 1}/{repeat + 1} done", file=sys.stderr)
    biggest = Path(max(templates, key=lambda p: Path(p).stat().st_size))
    summary.update(_adapters(biggest, max(repeat, 5), work, env, "largest template"))
    if size == "large":
        summary.update(_recheck(assembly, max(repeat, 3), work, env))
    floor_inside, own_inside, previous_inside = in_process(assembly, templates, repeat, env)
    summary["json.load floor, in-process"] = (floor_inside, NAN)
    summary["cfncheck own pass, in-process"] = (own_inside, NAN)
    summary["cfncheck own pass with --previous, in-process"] = (previous_inside, NAN)
    shutil.rmtree(assembly)
    return summary


def run_editor(repeat: int, work: Path) -> Summary:
    """The adapters on the ECS service template of a 160-template assembly (benchmarks/generate.py EDITOR)."""
    stacks, resources = EDITOR
    assembly = generate(work / "editor.cdk.out", stacks, resources)
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "xdg")}
    count = len(list(assembly.glob("*.template.json")))
    summary = _adapters(assembly / "Bench000-Service.template.json", max(repeat, 5), work, env,
                        f"one template of {count}")
    shutil.rmtree(assembly)
    return summary


def table(title: str, r: Summary) -> str:
    lines = [f"### {title}", "", "| command | median wall (s) | peak memory (MiB) |", "|---|---:|---:|"]
    lines += [f"| {name} | {sec:.3f} | {'' if mem != mem else f'{mem:.0f}'} |" for name, (sec, mem) in r.items()]
    return "\n".join(lines)


def targets(size: str, r: Summary) -> list[Target]:
    """Issue 17's targets (and the earlier ones the benchmark keeps) measured on one size."""
    lint, cold = r["cfn-lint (serial)"], r["cfncheck (cold cache)"]
    own, floor_inside = r["cfncheck own pass, in-process"][0], r["json.load floor, in-process"][0]
    one = "largest template"
    out: list[Target] = [
        (f"{size}: cold `cfncheck check` / serial cfn-lint", cold[0] / lint[0], "×", 0.55),
        (f"{size}: warm / cold", r["cfncheck (warm cache)"][0] / cold[0], "×", 0.05),
        (f"{size}: peak memory, cold, all processes / serial cfn-lint", cold[1] / lint[1], "×", 1.5),
        (f"{size}: own pass / json.load floor, in-process", own / floor_inside, "×", 3.0),
        (f"{size}: own pass with --previous / without, in-process",
         r["cfncheck own pass with --previous, in-process"][0] / own, "×", 2.0),
        (f"{size}: cfn-lint with adapters / without, {one}, re-lint",
         r[f"cfn-lint + cfncheck rules, {one}, re-lint"][0] / r[f"cfn-lint, {one}"][0], "×", 1.05),
        (f"{size}: cfn-lint with adapters / without, {one}, first lint",
         r[f"cfn-lint + cfncheck rules, {one}, first lint"][0] / r[f"cfn-lint, {one}"][0], "×", 1.05),
    ]
    if "cfncheck re-check after one change (warm cache)" in r:
        least = r["cfn-lint on the changed template"][0] + r["cfncheck --no-cfn-lint (same run)"][0]
        out.append((f"{size}: re-check after one change / (cfn-lint on that template + own pass)",
                    r["cfncheck re-check after one change (warm cache)"][0] / least, "×", 1.2))
    return out


def editor_targets(r: Summary) -> list[Target]:
    name = next(k for k in r if k.startswith("cfn-lint, one template of") and "change" not in k)
    label = name.removeprefix("cfn-lint, ")
    return [
        (f"editor: adapters / cfn-lint, {label}, after one change",
         r[f"cfn-lint + cfncheck rules, {label}, after one change"][0] / r[f"cfn-lint, {label}, after one change"][0],
         "×", 1.2),
        (f"editor: adapters / cfn-lint, {label}, re-lint",
         r[f"cfn-lint + cfncheck rules, {label}, re-lint"][0] / r[name][0], "×", 1.2),
        (f"editor: adapters / cfn-lint, {label}, first lint",
         r[f"cfn-lint + cfncheck rules, {label}, first lint"][0] / r[name][0], "×", 1.2),
    ]


def target_table(rows: list[Target]) -> str:
    lines = ["### Targets", "", "| measure | measured | target | met |", "|---|---:|---:|:---:|"]
    for what, value, unit, limit in rows:
        shown = f"{value:.2f}{unit}" if unit == "×" else f"{value:,.2f} {unit}"
        bound = f"≤ {limit}{unit}" if unit == "×" else f"≤ {limit:,} {unit}"
        lines.append(f"| {what} | {shown} | {bound} | {'yes' if value <= limit else '**no**'} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", action="append", choices=sorted(SIZES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", action="store_true", help="also time the own pass from 1,000 to 100,000 resources")
    args = parser.parse_args()
    sizes = args.size or ([] if args.scale else ["small", "medium"])
    compile_cfncheck()
    rows: list[Target] = []
    with tempfile.TemporaryDirectory(prefix="cfncheck-bench-") as tmp:
        work = Path(tmp)
        out = {size: run_size(size, args.repeat, work) for size in sizes}
        editor = run_editor(args.repeat, work) if "large" in sizes else None
        scale, scale_rows = run_scale(args.repeat, work) if args.scale else (None, [])
    print(f"cfncheck benchmark: {os.cpu_count()} cores, python {sys.version.split()[0]}, {args.repeat} run(s) each "
          "(adapters and re-check: at least 5 and 3)\n")
    for size, r in out.items():
        stacks, resources = SIZES[size]
        print(table(f"{size}: {stacks} stack(s), {resources:,} resources", r) + "\n")
        if size == "large":  # issue 17's targets are set on the large benchmark
            rows += targets(size, r)
    if editor is not None:
        print(table(f"editor: {EDITOR[0]} stacks, {EDITOR[1]:,} resources", editor) + "\n")
        rows += editor_targets(editor)
    if scale:
        print(scale + "\n")
        rows += scale_rows
    if "medium" in out and "large" in out:
        inside = out["large"]["cfncheck own pass, in-process"][0] / out["medium"]["cfncheck own pass, in-process"][0]
        rows.append(("own pass growth medium → large (10× the resources), in-process", inside, "×", 12.0))
    print(target_table(rows))


if __name__ == "__main__":
    main()
