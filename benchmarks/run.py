#!/usr/bin/env python3
"""Benchmark ccgov on generated governed repositories and print a report.

    python benchmarks/run.py [--sizes 10000,100000] [--keep DIR] [--json FILE]

For each size N it generates a repository (benchmarks/generate.py; with
--keep into DIR/nN, where a repository generated earlier with the same seed
is reset and reused instead of generated again), then times the installed
`ccgov` console script (the one next to this Python) as a user would run it:

* `ccgov --help` (median of 5),
* `validate` cold (`--no-cache`, .git/ccgov/ deleted), and the peak memory of
  its whole process tree during an extra, untimed cold run,
* `validate` building the index, warm (median of 3), after one incident's
  title changed in the work tree (median of 3), and after a branch switch
  that changes 100 records,
* `audit` with nothing new since the last run, and with one new commit,
* `rfc new`, `rfc submit`, `rfc approve`,
* `baseline snapshot` and `baseline diff` (the snapshot against the branch
  that changed 100 CI records),
* `report site` (every report page and the dashboard, into a directory),
* `report sla --format json` over a year of 10,000 incidents
  (`--sla-incidents`; a repository of its own, generated once, measured with
  N=10,000 only), median of 3 after the index is built,
* check-jsonschema with the schemas from `ccgov schema export`, on the same
  files, one invocation per kind, summed.

Each figure is printed in seconds, as a ratio to `ccgov --help` (cold
validate: to check-jsonschema), with its target at that size and PASS/MISS.
It is a report, not a test: the exit status is non-zero only when a command
fails.
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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
YEAR = 2025
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
    "demand": "demand",
    "plan": "plans",
    "risk": "risks",
    "link": "links",
    "routine": "routines",
    "meeting": "meetings",
    "vendor": "vendors",
    "problem": "problems",
    "knowledge": "knowledge",
    "kpi": "kpis",
}
# The generator's people: the requester of the benchmark RFC and a CAB member
# who may approve it (separation of duties).
APPROVER = "claire.morgan@example.com"


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


def run(
    cmd: list[str],
    *,
    cwd: Path | None = None,
    sample_tree: bool = False,
    env: dict[str, str] | None = None,
) -> Run:
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
        process = subprocess.Popen(
            cmd,
            cwd=cwd,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **env} if env else None,
        )
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


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


# --- editing records -----------------------------------------------------------

_TITLE = re.compile(r"^title:.*\n(?:[ ]+.*\n)*", re.MULTILINE)
_VERSION = re.compile(r"^version:.*$", re.MULTILINE)


def edit_title(path: Path, label: str) -> None:
    """Give an incident a new title (a plain one-line scalar)."""
    text = path.read_text("utf-8")
    new, count = _TITLE.subn(f"title: Benchmark edit {label} of {path.stem}\n", text, count=1)
    if count != 1:
        raise CommandFailed(f"{path} has no title line to edit")
    path.write_text(new, "utf-8")


def edit_version(path: Path, label: str) -> None:
    """Give a CI record a new version (or one where it had none)."""
    text = path.read_text("utf-8")
    new, count = _VERSION.subn(f'version: "{label}"', text, count=1)
    if count != 1:
        new = text.rstrip("\n") + f'\nversion: "{label}"\n'
    path.write_text(new, "utf-8")


# --- targets -----------------------------------------------------------------------

# figure -> size -> (target text, check of (seconds, ratio to --help or cjs, memory MB))
Check = Callable[["Figure"], bool]
TARGETS: dict[str, dict[int, tuple[str, Check]]] = {
    "help": {
        10_000: ("< 0.1 s", lambda f: f.seconds < 0.1),
        100_000: ("< 0.1 s", lambda f: f.seconds < 0.1),
    },
    "cold": {
        10_000: ("<= 0.2 x cjs", lambda f: f.ratio is not None and f.ratio <= 0.2),
        100_000: (
            "<= 0.15 x cjs, < 1 GB",
            lambda f: f.ratio is not None and f.ratio <= 0.15 and (f.memory_mb or 0) < 1024,
        ),
    },
    "warm": {
        10_000: ("< 0.3 s", lambda f: f.seconds < 0.3),
        100_000: ("< 0.5 s", lambda f: f.seconds < 0.5),
    },
    "one": {
        10_000: ("< 0.4 s", lambda f: f.seconds < 0.4),
        100_000: ("< 0.8 s", lambda f: f.seconds < 0.8),
    },
    "audit_none": {
        10_000: ("< 0.5 s", lambda f: f.seconds < 0.5),
        100_000: ("< 1 s", lambda f: f.seconds < 1.0),
    },
    "audit_one": {
        10_000: ("< 1 s", lambda f: f.seconds < 1.0),
        100_000: ("< 1.5 s", lambda f: f.seconds < 1.5),
    },
}
for _step in ("rfc_new", "rfc_submit", "rfc_approve"):
    TARGETS[_step] = {
        10_000: ("< 0.5 s", lambda f: f.seconds < 0.5),
        100_000: ("< 1 s", lambda f: f.seconds < 1.0),
    }
TARGETS["sla_json"] = {10_000: ("< 1 s", lambda f: f.seconds < 1.0)}
for _step in ("snapshot", "diff"):
    TARGETS[_step] = {
        10_000: ("< 1 s", lambda f: f.seconds < 1.0),
        100_000: ("< 3 s", lambda f: f.seconds < 3.0),
    }

LABELS = {
    "help": "ccgov --help (median of 5)",
    "cold": "validate cold (--no-cache)",
    "build": "validate, building the index",
    "warm": "validate warm (median of 3)",
    "one": "validate, 1 record changed (median of 3)",
    "branch": "validate, 100 records changed by a branch switch",
    "audit_none": "audit, nothing new since the last run",
    "audit_one": "audit, one new commit",
    "rfc_new": "rfc new",
    "rfc_submit": "rfc submit",
    "rfc_approve": "rfc approve",
    "snapshot": "baseline snapshot",
    "diff": "baseline diff (100 CIs changed)",
    "site": "report site",
    "sla_json": "report sla --format json, 10,000 incidents (median of 3)",
    "cjs": "check-jsonschema, same files (sum)",
}


@dataclass
class Figure:
    seconds: float
    ratio: float | None = None  # to `ccgov --help` (cold validate: to check-jsonschema)
    memory_mb: float | None = None
    runs: list[float] = field(default_factory=list)


@dataclass
class Result:
    size: int
    records: str = ""
    files: int = 0
    generate_s: float = 0.0
    reused: bool = False
    figures: dict[str, Figure] = field(default_factory=dict)
    max_rss_mb: float = 0.0
    tree_rss_mb: float | None = None
    cjs_kinds: dict[str, dict[str, Any]] = field(default_factory=dict)
    sla_json_note: str = ""


# --- one size --------------------------------------------------------------------


def prepare(size: int, repo: Path, seed: int, result: Result) -> None:
    """Generate the repository, or reset one generated earlier with the same seed."""
    stamp = repo / ".git" / "ccgov-benchmark-seed"
    if stamp.is_file() and stamp.read_text() == f"{size} {seed}\n":
        log(f"N={size}: resetting {repo} to the generated commit")
        first = git(repo, "rev-list", "--max-parents=0", "HEAD").split()[0]
        git(repo, "checkout", "-q", "-f", "main")
        git(repo, "reset", "-q", "--hard", first)
        git(repo, "clean", "-q", "-fdx")
        refs = git(repo, "for-each-ref", "--format=%(refname)", "refs/tags", "refs/heads").split()
        for ref in refs:
            if ref != "refs/heads/main":
                git(repo, "update-ref", "-d", ref)
        shutil.rmtree(repo / ".git" / "ccgov", ignore_errors=True)
        result.reused = True
    else:
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
        stamp.write_text(f"{size} {seed}\n")
    if not result.records:
        counts = {d: len(list((repo / d).glob("*.yaml"))) for d in KIND_DIRS.values()}
        result.records = ", ".join(f"{n} {d}" for d, n in counts.items() if n)
    result.files = sum(1 for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts)
    # Settle git's index (a fresh commit leaves racily clean entries git re-hashes).
    git(repo, "status", "--porcelain")


def bench_sla_json(
    result: Result, base: Path, ccgov: str, failures: list[str], seed: int, incidents: int
) -> None:
    """`report sla --format json` over a year of ``incidents`` incidents (the SLA
    engine at scale): a repository of its own, the index built first."""
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
    if run([ccgov, "-C", str(repo), "validate"]).returncode != 0:
        failures.append("validate (SLA repository) failed")
    args = [ccgov, "-C", str(repo), "report", "sla", "--period", str(YEAR), "--format", "json",
            "--output", str(base / f"sla-{incidents}.json")]  # fmt: skip
    log(f"N={result.size}: report sla --format json on {incidents} incidents x3")
    runs = []
    for _ in range(3):
        outcome = run(args)
        if outcome.returncode != 0:
            failures.append(f"report sla --format json: exit {outcome.returncode}")
        runs.append(outcome.seconds)
    result.figures["sla_json"] = Figure(statistics.median(runs), runs=runs)
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
    prepare(size, repo, seed, result)
    rss: list[float] = []
    figures = result.figures

    def timed(
        what: str,
        *args: str,
        sample: bool = False,
        env: dict[str, str] | None = None,
        findings_ok: bool = False,
    ) -> Run:
        outcome = run([ccgov, "-C", str(repo), *args], sample_tree=sample, env=env)
        # Exit 1 is "findings" (an unauthorised CI change in the diff is one).
        if outcome.returncode not in ((0, 1) if findings_ok else (0,)):
            detail = (outcome.stderr.strip() or outcome.stdout.strip()).splitlines()[-5:]
            failures.append(f"N={size} {what}: exit {outcome.returncode}: " + " | ".join(detail))
        rss.append(outcome.max_rss_mb)
        return outcome

    log(f"N={size}: ccgov --help x5")
    helps = [run([ccgov, "--help"]).seconds for _ in range(5)]
    figures["help"] = Figure(statistics.median(helps), runs=helps)

    cache_dir = repo / ".git" / "ccgov"
    shutil.rmtree(cache_dir, ignore_errors=True)
    log(f"N={size}: validate cold")
    figures["cold"] = Figure(timed("validate (cold)", "validate", "--no-cache").seconds)
    if Path("/proc/self/smaps_rollup").exists():
        log(f"N={size}: validate cold again, sampling memory")
        shutil.rmtree(cache_dir, ignore_errors=True)
        sampled = timed("validate (memory run)", "validate", "--no-cache", sample=True)
        figures["cold"].memory_mb, result.tree_rss_mb = sampled.tree_pss_mb, sampled.tree_rss_mb
    shutil.rmtree(cache_dir, ignore_errors=True)
    log(f"N={size}: validate, building the index")
    figures["build"] = Figure(timed("validate (building)", "validate").seconds)
    log(f"N={size}: validate warm x3")
    warm = [timed("validate (warm)", "validate").seconds for _ in range(3)]
    figures["warm"] = Figure(statistics.median(warm), runs=warm)

    incidents = sorted((repo / "incidents").glob("*.yaml"))
    log(f"N={size}: validate after one change x3")
    one = []
    for rep in range(3):
        edit_title(incidents[rep], f"one-{rep}")
        one.append(timed("validate (one changed)", "validate").seconds)
    figures["one"] = Figure(statistics.median(one), runs=one)
    git(repo, "checkout", "-q", "--", ".")

    # A branch that changes 100 CI records (also what `baseline diff` compares).
    log(f"N={size}: preparing a branch that changes 100 records")
    git(repo, "switch", "-q", "-c", "bench-100")
    for index, path in enumerate(sorted((repo / "items").glob("*.yaml"))[100:200]):
        edit_version(path, f"99.{index}")
    git(repo, "commit", "-q", "--no-verify", "-am", "Benchmark: 100 CI records changed")
    git(repo, "switch", "-q", "main")
    timed("validate (before the switch)", "validate")
    git(repo, "switch", "-q", "bench-100")
    log(f"N={size}: validate after a branch switch")
    figures["branch"] = Figure(timed("validate (branch switch)", "validate").seconds)
    git(repo, "switch", "-q", "main")
    timed("validate (after switching back)", "validate")

    log(f"N={size}: audit")
    timed("audit (first run)", "audit")
    figures["audit_none"] = Figure(timed("audit (nothing new)", "audit").seconds)
    log(f"N={size}: rfc new, audit, submit, approve")
    items = sorted(p.stem for p in (repo / "items").glob("*.yaml"))
    before = {p.stem for p in (repo / "changes").glob("*.yaml")}
    new = timed(
        "rfc new",
        "rfc",
        "new",
        "--title",
        "Benchmark change",
        "--type",
        "normal",
        "--category",
        "routing_change",
        "--risk",
        "low",
        "--impact",
        "low",
        "--description",
        "A change raised by the benchmark.",
        "--justification",
        "Measuring ccgov.",
        "--affects",
        items[len(items) // 2],
        "--implementation-plan",
        "Apply the change.",
        "--test-plan",
        "Place a test call.",
        "--backout-plan",
        "Restore the previous version.",
    )
    figures["rfc_new"] = Figure(new.seconds)
    figures["audit_one"] = Figure(timed("audit (one new commit)", "audit").seconds)
    created = {p.stem for p in (repo / "changes").glob("*.yaml")} - before
    if len(created) != 1:
        raise CommandFailed(f"rfc new created {sorted(created)}")
    rfc_id = created.pop()
    figures["rfc_submit"] = Figure(timed("rfc submit", "rfc", "submit", rfc_id).seconds)
    approver = {
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "user.email",
        "GIT_CONFIG_VALUE_0": APPROVER,
    }
    figures["rfc_approve"] = Figure(
        timed("rfc approve", "rfc", "approve", rfc_id, env=approver).seconds
    )

    log(f"N={size}: baseline snapshot and diff")
    status = git(repo, "status", "--porcelain")
    if status.strip():
        failures.append(f"N={size}: the tree is not clean before the snapshot: {status[:200]}")
    figures["snapshot"] = Figure(
        timed("baseline snapshot", "baseline", "snapshot", "bench", "-m", "benchmark").seconds
    )
    figures["diff"] = Figure(
        timed("baseline diff", "baseline", "diff", "bench", "bench-100", findings_ok=True).seconds
    )
    log(f"N={size}: report site")
    figures["site"] = Figure(
        timed("report site", "report", "site", "--output", str(base / f"site-{size}")).seconds
    )
    result.max_rss_mb = max(rss)
    if sla_incidents and size == 10_000:
        bench_sla_json(result, base, ccgov, failures, seed, sla_incidents)

    log(f"N={size}: check-jsonschema")
    schemas = base / f"schemas-{size}"
    timed("schema export", "schema", "export", str(schemas))
    jobs = [("config", ["ccgov.yaml"])]
    for kind, directory in KIND_DIRS.items():
        if kind == "baseline":
            continue  # the snapshot's manifest is not part of what validate timed
        files = sorted(p.name for p in (repo / directory).glob("*.yaml"))
        if files:
            jobs.append((kind, [f"{directory}/{name}" for name in files]))
    total = 0.0
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
        total += checked.seconds
    figures["cjs"] = Figure(total)
    help_s = figures["help"].seconds
    for name, figure in figures.items():
        if name == "cold":
            figure.ratio = figure.seconds / total if total else None
        elif name not in ("help", "cjs"):
            figure.ratio = figure.seconds / help_s if help_s else None
    return result


def log(message: str) -> None:
    print(f"... {message}", file=sys.stderr, flush=True)


# --- the report --------------------------------------------------------------------


def report(results: list[Result], failures: list[str]) -> str:
    headers = ["figure"]
    for r in results:
        headers += [f"N={r.size:,}", "target", ""]
    table = [headers]
    table.append(
        ["records (files incl. artifacts)"]
        + [c for r in results for c in (f"{r.files:,} files", "", "")]
    )
    table.append(
        ["generate.py"]
        + [c for r in results for c in ("reused" if r.reused else f"{r.generate_s:.1f} s", "", "")]
    )
    for name, label in LABELS.items():
        row = [label]
        for r in results:
            figure = r.figures.get(name)
            if figure is None:
                row += ["n/a", "", ""]
                continue
            text = f"{figure.seconds:.2f} s"
            if figure.ratio is not None:
                text += (
                    f" ({figure.ratio:.2f} x cjs)" if name == "cold" else f" ({figure.ratio:.1f} x)"
                )
            if figure.memory_mb is not None:
                text += f", {figure.memory_mb:.0f} MB"
            target = TARGETS.get(name, {}).get(r.size)
            row += [text, target[0] if target else "", _verdict(target, figure)]
        table.append(row)
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    lines = []
    for index, row in enumerate(table):
        cells = [row[0].ljust(widths[0])] + [
            cell.rjust(width) if i % 3 == 0 else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row[1:], widths[1:], strict=True))
        ]
        lines.append("| " + " | ".join(cells) + " |")
        if index == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    notes = [
        "",
        "Ratios: seconds / `ccgov --help` (cold validate: seconds / check-jsonschema).",
        "Cold: --no-cache with .git/ccgov/ deleted; memory: the peak of the summed PSS of ccgov "
        "and its worker processes, sampled from /proc every 10 ms during an extra, untimed cold "
        "run (RSS sum of that run: "
        + ", ".join(
            f"N={r.size:,}: {r.tree_rss_mb:.0f} MB" for r in results if r.tree_rss_mb is not None
        )
        + "; largest single process over all runs: "
        + ", ".join(f"N={r.size:,}: {r.max_rss_mb:.0f} MB" for r in results)
        + ").",
        "Warm: nothing changed since the last run. One changed: an incident's title edited in the "
        "work tree. Branch switch: `git switch` to a branch whose one commit changed 100 CI "
        "records. Audit: after a first run; then after `rfc new` committed. rfc approve: as "
        f"{APPROVER}. Baseline diff: the snapshot against that branch.",
        "check-jsonschema: one invocation per kind (ccgov.yaml included), schemas from "
        "`ccgov schema export`; each file against its schema only. Per kind, seconds:",
    ]
    for r in results:
        parts = [
            f"{kind} {e['files']}: {e['seconds']:.2f}"
            + ("" if e["exit"] == 0 else f" (exit {e['exit']})")
            for kind, e in r.cjs_kinds.items()
        ]
        notes.append(f"  N={r.size:,} ({r.records}): " + ", ".join(parts))
    notes += [
        f"report sla --format json at N={r.size:,}: {r.sla_json_note}"
        for r in results
        if r.sla_json_note
    ]
    if failures:
        notes += ["", "COMMAND FAILURES:"] + [f"  {f}" for f in failures]
    return "\n".join(lines + notes)


def _verdict(target: tuple[str, Check] | None, figure: Figure) -> str:
    if target is None:
        return ""
    return "PASS" if target[1](figure) else "MISS"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark ccgov on generated repositories.")
    parser.add_argument(
        "--sizes", default="10000", help="comma-separated record counts (default 10000)"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="generate into this directory and keep the repositories (reused by later runs)",
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
            except (CommandFailed, subprocess.CalledProcessError) as exc:
                failures.append(f"N={size}: {exc}")
    finally:
        if cleanup is not None:
            cleanup.cleanup()
    if not results:
        print("\n".join(failures), file=sys.stderr)
        return 1
    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"ccgov benchmark: {version}, Python {platform.python_version()}, {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d %H:%M %Z')}, "
        f"load average {load_before:.2f} before / {load_after:.2f} after, "
        f"{time.perf_counter() - began:.0f} s"
    )
    print(report(results, failures))
    if args.json:
        args.json.write_text(
            json.dumps([r.__dict__ for r in results], indent=2, default=lambda o: o.__dict__) + "\n"
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
