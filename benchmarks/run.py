#!/usr/bin/env python3
"""Benchmark ccgov on generated governed repositories and print a report.

    python benchmarks/run.py [--sizes 1000,10000] [--keep DIR] [--json FILE]

For each size N it generates a repository (benchmarks/generate.py, in a
temporary directory unless --keep), then times the installed `ccgov` console
script (the one next to this Python) as a user would run it:

* `ccgov --help` start-up (median of 5 runs),
* `ccgov validate` cold (no cache: `--no-cache` when validate offers it, and
  .git/ccgov/ deleted first), with the cache being built (first cached run),
  warm (nothing changed, median of 3), after one incident's title changed
  (median of 3, a different incident each time) and after 100 changed,
* `ccgov report sla` over the year of incidents (if the command exists),
* `ccgov report sla --format json` on a repository of 10,000 incidents
  (`--sla-incidents`, generated once, at N=10,000: the other kinds as for
  10,000 records), median of 3 after the cache is built,
* `ccgov baseline snapshot` on the clean tree,
* peak memory of validate (see --help of the table footer for the method),
* check-jsonschema with the schemas from `ccgov schema export`, on the same
  files, one invocation per record kind, summed; and the ratio
  ccgov cold / check-jsonschema.

Each figure is printed with its target (targets apply to N=10,000) and
PASS/MISS. It is a report, not a test: the exit status is 0 even when a
target is missed, and non-zero only when a command fails.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
YEAR = 2025
TARGET_SIZE = 10_000
# kind -> directory, as in ccgov.records.kinds (kept here so the runner does
# not import ccgov itself).
KIND_DIRS = {
    "requirement": "requirements",
    "raci": "raci",
    "item": "items",
    "change": "changes",
    "sla": "slas",
    "incident": "incidents",
    "baseline": "baselines",
}


def executable(name: str) -> str:
    """The tool installed next to this Python (the venv's), else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"error: {name} is not installed next to {sys.executable} or on PATH")
    return found


class CommandFailed(Exception):
    pass


@dataclass
class Run:
    seconds: float
    returncode: int
    max_rss_mb: float  # largest single process in the tree (wait4 ru_maxrss)
    stdout: str
    stderr: str
    tree_pss_mb: float | None = None  # peak sum over the process tree, sampled
    tree_rss_mb: float | None = None


def run(cmd: list[str], *, cwd: Path | None = None, sample_tree: bool = False) -> Run:
    """Run ``cmd``, timing it wall-clock, and collect its resource usage.

    Output goes to temporary files so that we, not subprocess, reap the child
    with os.wait4 and get its own rusage. On Linux that rusage covers the child
    and the children it reaped (ccgov's worker processes); ru_maxrss is the
    peak of the largest single process among them, not their sum. With
    ``sample_tree`` the whole process tree's memory is also sampled from /proc
    every 10 ms (this costs a little CPU, so timed runs do not sample).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        peak_pss = peak_rss = 0.0
        if sample_tree:
            while True:
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                pss, rss = tree_memory(process.pid)
                peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
                time.sleep(0.01)
        else:
            pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        max_rss = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 2**20
        return Run(
            seconds,
            process.returncode,
            max_rss,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            peak_pss if sample_tree else None,
            peak_rss if sample_tree else None,
        )


def tree_memory(root: int) -> tuple[float, float]:
    """(PSS, RSS) in MB summed over ``root`` and its descendants, from /proc.

    PSS (proportional set size) splits pages shared between the forked workers
    and their parent, so the sum is what the tree really occupies; the RSS sum
    counts shared pages once per process and overstates it.
    """
    pss = rss = 0.0
    pending = [root]
    while pending:
        pid = pending.pop()
        try:
            proc = Path(f"/proc/{pid}")
            for task in (proc / "task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
            with (proc / "smaps_rollup").open() as handle:
                for line in handle:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) / 1024
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1]) / 1024
        except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
            continue
    return pss, rss


def must(result: Run, what: str, failures: list[str]) -> Run:
    if result.returncode != 0:
        detail = (result.stderr.strip() or result.stdout.strip()).splitlines()[-5:]
        failures.append(f"{what}: exit {result.returncode}: " + " | ".join(detail))
    return result


# --- editing records -----------------------------------------------------------

_TITLE = re.compile(r"^title:.*\n(?:[ ]+.*\n)*", re.MULTILINE)


def edit_title(path: Path, label: str) -> None:
    """Give an incident a new title (a plain one-line scalar)."""
    text = path.read_text("utf-8")
    new, count = _TITLE.subn(f"title: Benchmark edit {label} of {path.stem}\n", text, count=1)
    if count != 1:
        raise CommandFailed(f"{path} has no title line to edit")
    path.write_text(new, "utf-8")


# --- one size --------------------------------------------------------------------


@dataclass
class Result:
    size: int
    records: str = ""
    files: int = 0
    generate_s: float = 0.0
    help_s: float = 0.0
    help_runs: list[float] = field(default_factory=list)
    cold_s: float = 0.0
    cold_mode: str = ""
    first_cached_s: float | None = None
    warm_s: float = 0.0
    warm_runs: list[float] = field(default_factory=list)
    one_s: float = 0.0
    one_runs: list[float] = field(default_factory=list)
    hundred_s: float = 0.0
    report_s: float | None = None
    report_note: str = ""
    sla_json_s: float | None = None  # report sla --format json on --sla-incidents incidents
    sla_json_runs: list[float] = field(default_factory=list)
    sla_json_note: str = ""
    snapshot_s: float = 0.0
    max_rss_mb: float = 0.0
    tree_pss_mb: float | None = None
    tree_rss_mb: float | None = None
    cjs_s: float = 0.0
    cjs_kinds: dict[str, dict[str, Any]] = field(default_factory=dict)
    ratio: float = 0.0


def bench_sla_json(
    result: Result, base: Path, ccgov: str, failures: list[str], seed: int, incidents: int
) -> None:
    """`report sla --format json` over a year of ``incidents`` incidents (the SLA
    engine at scale): a repository of its own, the cache built first."""
    repo = base / f"sla-{incidents}"
    if repo.exists():
        shutil.rmtree(repo)
    log(f"N={result.size}: generating {repo} with {incidents} incidents")
    generated = run(
        [sys.executable, str(HERE / "generate.py"), "--records", str(result.size),
         "--incidents", str(incidents), "--out", str(repo), "--seed", str(seed),
         "--year", str(YEAR)]
    )  # fmt: skip
    if generated.returncode != 0:
        failures.append(f"generate.py --incidents failed: {generated.stderr.strip()}")
        return
    must(run([ccgov, "-C", str(repo), "validate"]), "validate (SLA repository)", failures)
    args = [ccgov, "-C", str(repo), "report", "sla", "--period", str(YEAR), "--format", "json",
            "--output", str(base / f"sla-{incidents}.json")]  # fmt: skip
    log(f"N={result.size}: report sla --format json on {incidents} incidents x3")
    result.sla_json_runs = [must(run(args), "report sla --format json", failures).seconds
                            for _ in range(3)]  # fmt: skip
    result.sla_json_s = statistics.median(result.sla_json_runs)
    records = generated.stdout.strip().split(": ", 1)[-1].split(" ", 1)[0]
    result.sla_json_note = f"{incidents} incidents ({records} records): " + " ".join(
        args[3:]
    ).replace(str(base) + os.sep, "")


def bench_size(
    size: int,
    base: Path,
    ccgov: str,
    cjs: str,
    failures: list[str],
    seed: int,
    sla_incidents: int = 0,
) -> Result:
    result = Result(size)
    repo = base / f"n{size}"
    if repo.exists():
        shutil.rmtree(repo)
    log(f"N={size}: generating {repo}")
    generated = run(
        [
            sys.executable,
            str(HERE / "generate.py"),
            "--records",
            str(size),
            "--out",
            str(repo),
            "--seed",
            str(seed),
            "--year",
            str(YEAR),
        ]
    )
    if generated.returncode != 0:
        raise CommandFailed(f"generate.py failed: {generated.stderr.strip()}")
    result.generate_s = generated.seconds
    result.records = generated.stdout.strip().split(": ", 1)[-1]
    result.files = sum(1 for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts)
    rss: list[float] = []

    def validate(what: str, *extra: str, sample: bool = False) -> Run:
        outcome = must(
            run([ccgov, "-C", str(repo), "validate", *extra], sample_tree=sample), what, failures
        )
        rss.append(outcome.max_rss_mb)
        return outcome

    log(f"N={size}: ccgov --help x5")
    result.help_runs = [
        must(run([ccgov, "--help"]), "ccgov --help", failures).seconds for _ in range(5)
    ]
    result.help_s = statistics.median(result.help_runs)

    validate_help = run([ccgov, "validate", "--help"]).stdout
    no_cache = ["--no-cache"] if "--no-cache" in validate_help else []
    cache_dir = repo / ".git" / "ccgov"
    shutil.rmtree(cache_dir, ignore_errors=True)
    log(f"N={size}: validate cold {' '.join(no_cache)}")
    result.cold_s = validate("validate (cold)", *no_cache).seconds
    result.cold_mode = (
        "--no-cache, .git/ccgov/ deleted" if no_cache else ".git/ccgov/ deleted (no --no-cache)"
    )
    if no_cache:
        shutil.rmtree(cache_dir, ignore_errors=True)
        log(f"N={size}: validate, building the cache")
        result.first_cached_s = validate("validate (first cached run)").seconds
    log(f"N={size}: validate warm x3")
    result.warm_runs = [validate("validate (warm)").seconds for _ in range(3)]
    result.warm_s = statistics.median(result.warm_runs)

    incidents = sorted((repo / "incidents").glob("*.yaml"))
    log(f"N={size}: validate after one change x3")
    for rep in range(3):
        edit_title(incidents[rep], f"one-{rep}")
        result.one_runs.append(validate("validate (one changed)").seconds)
    result.one_s = statistics.median(result.one_runs)
    log(f"N={size}: validate after 100 changes")
    for index, path in enumerate(incidents[100:200]):
        edit_title(path, f"hundred-{index}")
    result.hundred_s = validate("validate (100 changed)").seconds

    # Peak memory of the whole process tree: an extra, untimed cold run.
    if Path("/proc/self/smaps_rollup").exists():
        log(f"N={size}: validate cold again, sampling memory")
        shutil.rmtree(cache_dir, ignore_errors=True)
        sampled = validate("validate (memory run)", *no_cache, sample=True)
        result.tree_pss_mb, result.tree_rss_mb = sampled.tree_pss_mb, sampled.tree_rss_mb
    result.max_rss_mb = max(rss)

    # Back to the committed state (a baseline needs a clean tree).
    subprocess.run(["git", "-C", str(repo), "checkout", "-q", "--", "."], check=True)
    must(run([ccgov, "-C", str(repo), "validate"]), "validate (after restoring)", failures)

    log(f"N={size}: report sla")
    sla_help = ""
    if run([ccgov, "report", "--help"]).returncode == 0:
        sla_help = run([ccgov, "report", "sla", "--help"]).stdout
        args = [ccgov, "-C", str(repo), "report", "sla"]
        if "--period" in sla_help:
            args += ["--period", str(YEAR)]
        if "--output" in sla_help:
            args += ["--output", str(base / f"sla-report-{size}.md")]
        report = must(run(args), "report sla", failures)
        result.report_s = report.seconds
        result.report_note = " ".join(args[3:]).replace(str(base) + os.sep, "")
    else:
        result.report_note = "n/a (command not available)"

    if sla_incidents and size == TARGET_SIZE and "--format" in sla_help:
        bench_sla_json(result, base, ccgov, failures, seed, sla_incidents)

    log(f"N={size}: baseline snapshot")
    status = subprocess.run(
        ["git", "-C", str(repo), "status", "--porcelain"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if status.strip():
        failures.append(
            f"N={size}: the tree is not clean before the snapshot: {status.splitlines()[:3]}"
        )
    snapshot = must(
        run([ccgov, "-C", str(repo), "baseline", "snapshot", "bench", "-m", "benchmark"]),
        "baseline snapshot",
        failures,
    )
    result.snapshot_s = snapshot.seconds

    log(f"N={size}: check-jsonschema")
    schemas = base / f"schemas-{size}"
    must(run([ccgov, "-C", str(repo), "schema", "export", str(schemas)]), "schema export", failures)
    jobs = [("config", ["ccgov.yaml"])]
    for kind, directory in KIND_DIRS.items():
        if kind == "baseline":
            continue  # the snapshot's manifest is not part of what validate timed
        files = sorted(p.name for p in (repo / directory).glob("*.yaml"))
        if files:
            jobs.append((kind, [f"{directory}/{name}" for name in files]))
    for kind, files in jobs:
        checked = run([cjs, "--schemafile", str(schemas / f"{kind}.schema.json"), *files], cwd=repo)
        entry: dict[str, Any] = {
            "files": len(files),
            "seconds": checked.seconds,
            "exit": checked.returncode,
        }
        if checked.returncode != 0:
            lines = [
                ln.strip() for ln in (checked.stdout + checked.stderr).splitlines() if ln.strip()
            ]
            entry["errors"] = sum(1 for ln in lines if "::" in ln) or len(lines)
            entry["sample"] = lines[:4]
        result.cjs_kinds[kind] = entry
        result.cjs_s += checked.seconds
    result.ratio = result.cold_s / result.cjs_s if result.cjs_s else float("nan")
    return result


def log(message: str) -> None:
    print(f"... {message}", file=sys.stderr, flush=True)


# --- the report --------------------------------------------------------------------


def seconds(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f} s"


def megabytes(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} MB"


def report(results: list[Result], judged: Result, failures: list[str]) -> str:
    def verdict(ok: bool | None) -> str:
        return "" if ok is None else ("PASS" if ok else "MISS")

    memory = judged.tree_pss_mb if judged.tree_pss_mb is not None else judged.max_rss_mb
    rows: list[tuple[str, list[str], str, str]] = [
        ("records (files incl. artifacts)", [f"{r.size} ({r.files})" for r in results], "", ""),
        ("generate.py", [seconds(r.generate_s) for r in results], "", ""),
        (
            "ccgov --help (median of 5)",
            [seconds(r.help_s) for r in results],
            "< 0.25 s",
            verdict(judged.help_s < 0.25),
        ),
        (
            "validate cold (no cache)",
            [seconds(r.cold_s) for r in results],
            "<= 0.5 x cjs",
            verdict(judged.ratio <= 0.5),
        ),
        ("validate, building the cache", [seconds(r.first_cached_s) for r in results], "", ""),
        (
            "validate warm (median of 3)",
            [seconds(r.warm_s) for r in results],
            "< 0.5 s",
            verdict(judged.warm_s < 0.5),
        ),
        (
            "validate, 1 record changed (median of 3)",
            [seconds(r.one_s) for r in results],
            "< 0.8 s",
            verdict(judged.one_s < 0.8),
        ),
        ("validate, 100 records changed", [seconds(r.hundred_s) for r in results], "", ""),
        (
            "report sla (a year of incidents)",
            [seconds(r.report_s) if r.report_s is not None else "n/a" for r in results],
            "",
            "",
        ),
        (
            "report sla --format json, 10,000 incidents (median of 3)",
            [seconds(r.sla_json_s) for r in results],
            "< 1 s",
            verdict(judged.sla_json_s < 1.0) if judged.sla_json_s is not None else "",
        ),
        ("baseline snapshot", [seconds(r.snapshot_s) for r in results], "", ""),
        (
            "peak memory, process tree (PSS)",
            [megabytes(r.tree_pss_mb) for r in results],
            "< 400 MB",
            verdict(memory < 400),
        ),
        ("peak RSS, largest single process", [megabytes(r.max_rss_mb) for r in results], "", ""),
        ("check-jsonschema, same files (sum)", [seconds(r.cjs_s) for r in results], "", ""),
        (
            "ratio validate cold / check-jsonschema",
            [f"{r.ratio:.2f}" for r in results],
            "<= 0.50",
            verdict(judged.ratio <= 0.5),
        ),
    ]
    headers = [
        "figure",
        *[f"N={r.size:,}" for r in results],
        f"target (N={judged.size:,})",
        "status",
    ]
    table = [headers] + [[label, *values, target, status] for label, values, target, status in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    lines = []
    for index, row in enumerate(table):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:-2], widths[1:-2], strict=True)
        ]
        cells += [row[-2].ljust(widths[-2]), row[-1]]
        lines.append("| " + " | ".join(cells) + " |")
        if index == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    notes = [
        "",
        f"Targets are judged at N={judged.size:,}"
        + (
            ""
            if judged.size == TARGET_SIZE
            else f" (the issue's targets are for N={TARGET_SIZE:,})"
        )
        + ".",
        f"Cold run: {judged.cold_mode}. Warm: nothing changed since the cached run. "
        "Changed: an incident's title edited in the work tree.",
        "report sla: " + "; ".join(f"N={r.size:,}: {r.report_note}" for r in results),
        *(
            f"report sla --format json at N={r.size:,}: {r.sla_json_note}"
            for r in results
            if r.sla_json_note
        ),
        "Memory: process-tree PSS is the peak of the summed proportional set size of ccgov and its "
        "worker processes, sampled from /proc every 10 ms during an extra, untimed cold run (the "
        "RSS sum of that run, which counts pages shared after fork once per process: "
        + ", ".join(f"N={r.size:,}: {megabytes(r.tree_rss_mb)}" for r in results)
        + "). Largest single process: ru_maxrss from os.wait4 over every validate run, which covers "
        "ccgov and the workers it reaped, each on its own.",
        "check-jsonschema: one invocation per kind (ccgov.yaml included), schemas from "
        "`ccgov schema export`; it checks each file against its schema only (no cross-record rules). "
        "Per kind, seconds:",
    ]
    for r in results:
        parts = [
            f"{kind} {e['files']}: {e['seconds']:.2f}"
            + ("" if e["exit"] == 0 else f" (exit {e['exit']})")
            for kind, e in r.cjs_kinds.items()
        ]
        notes.append(f"  N={r.size:,}: " + ", ".join(parts))
        for kind, e in r.cjs_kinds.items():
            if e["exit"] != 0:
                notes.append(
                    f"    check-jsonschema rejected {kind} files ({e.get('errors')} lines): "
                    + " / ".join(e.get("sample", []))
                )
    if failures:
        notes += ["", "COMMAND FAILURES:"] + [f"  {f}" for f in failures]
    return "\n".join(lines + notes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark ccgov on generated repositories.")
    parser.add_argument(
        "--sizes", default="1000,10000", help="comma-separated record counts (default 1000,10000)"
    )
    parser.add_argument(
        "--keep", type=Path, help="generate into this directory and keep the repositories"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the raw figures as JSON here")
    parser.add_argument(
        "--sla-incidents",
        type=int,
        default=10_000,
        help="incidents in the repository for the `report sla --format json` figure, measured "
        "at N=10,000 (default 10000; 0 skips it)",
    )
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    ccgov, cjs = executable("ccgov"), executable("check-jsonschema")
    version = run([ccgov, "--version"]).stdout.strip()
    failures: list[str] = []
    began = time.perf_counter()
    # Other work on the machine skews every figure: the report says how busy it was.
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        base = args.keep.resolve()
        cleanup = None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="ccgov-bench-")
        base = Path(cleanup.name)
    results: list[Result] = []
    try:
        for size in sizes:
            try:
                results.append(
                    bench_size(size, base, ccgov, cjs, failures, args.seed, args.sla_incidents)
                )
            except CommandFailed as exc:
                failures.append(f"N={size}: {exc}")
    finally:
        if cleanup is not None:
            cleanup.cleanup()
    if not results:
        print("\n".join(failures), file=sys.stderr)
        return 1
    judged = next((r for r in results if r.size == TARGET_SIZE), max(results, key=lambda r: r.size))
    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"ccgov benchmark: {version}, Python {platform.python_version()}, {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d %H:%M %Z')}, "
        f"load average {load_before:.2f} before / {load_after:.2f} after, {time.perf_counter() - began:.0f} s"
    )
    print(report(results, judged, failures))
    if args.json:
        args.json.write_text(
            json.dumps([r.__dict__ for r in results], indent=2, default=str) + "\n"
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
