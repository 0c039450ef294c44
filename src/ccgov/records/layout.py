"""Where things live in a governed repository. Deliberately free of models, so
the cached fast path of `validate` can list files without importing pydantic."""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Literal, get_args

from ccgov.findings import Finding

CONFIG_FILE = "ccgov.yaml"
# Files configuration items point at (call-flow exports, prompt audio).
ARTIFACTS_DIR = "artifacts"
# One directory per record kind, in the order records.kinds lists the kinds.
RECORD_DIRECTORIES = (
    "requirements",
    "raci",
    "items",
    "changes",
    "slas",
    "incidents",
    "baselines",
    "demand",
    "plans",
    "risks",
    "links",
    "routines",
    "meetings",
    "vendors",
    "problems",
    "knowledge",
    "kpis",
)
# The record kinds, in the order of RECORD_DIRECTORIES (records.kinds has the
# models; this stays light).
KindName = Literal[
    "requirement",
    "raci",
    "item",
    "change",
    "sla",
    "incident",
    "baseline",
    "demand",
    "plan",
    "risk",
    "link",
    "routine",
    "meeting",
    "vendor",
    "problem",
    "knowledge",
    "kpi",
]
# Each record directory's kind.
KIND_OF_DIRECTORY: dict[str, str] = dict(zip(RECORD_DIRECTORIES, get_args(KindName), strict=True))
# Findings about files ccgov noticed but did not read: part of what a cached
# verdict depends on.
STRAY_CODES = frozenset({"FILE001", "FILE003"})


def misplaced(root: Path) -> list[Finding]:
    """YAML in a folder whose name is close to a record folder's (requirement/,
    itmes/): those records would otherwise be silently skipped."""
    findings: list[Finding] = []
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return findings
    for entry in entries:
        name = entry.name
        if name.startswith(".") or name in RECORD_DIRECTORIES or not entry.is_dir():
            continue
        close = difflib.get_close_matches(name.lower(), RECORD_DIRECTORIES, n=1, cutoff=0.7)
        if not close:
            continue
        try:
            yaml_files = sorted(
                e.name for e in os.scandir(entry.path) if e.name.endswith((".yaml", ".yml"))
            )
        except OSError:
            continue
        if yaml_files:
            findings.append(
                Finding.of(
                    f"{name}/{yaml_files[0]}",
                    0,
                    0,
                    "FILE003",
                    f"ignored: {name}/ is not a record folder ({len(yaml_files)} YAML "
                    f"file{'s' if len(yaml_files) != 1 else ''} not read); "
                    f"did you mean {close[0]}/?",
                )
            )
    return findings


def raw_listing(root: Path) -> dict[str, list[str] | OSError]:
    """Each record directory's entries, names only, in the order the file
    system lists them (or why it cannot be listed). Listing 100,000 records
    must stay cheap: no stat, no sorting."""
    found: dict[str, list[str] | OSError] = {}
    for directory in RECORD_DIRECTORIES:
        try:
            found[directory] = os.listdir(root / directory)  # noqa: PTH208 (names, no Path objects)
        except (FileNotFoundError, NotADirectoryError):
            continue  # no such directory: nothing of that kind
        except OSError as exc:
            found[directory] = exc
    return found


def sort_listing(
    raw: dict[str, list[str] | OSError],
) -> tuple[dict[str, list[str]], list[Finding]]:
    """The record file names (direct children ``*.yaml``) of each directory,
    sorted, and findings for what does not belong there."""
    found: dict[str, list[str]] = {}
    findings: list[Finding] = []
    for directory, entries in raw.items():
        if isinstance(entries, OSError):
            findings.append(
                Finding.of(
                    directory, 0, 0, "YAML008", f"cannot be listed: {entries.strerror or entries}"
                )
            )
            continue
        names = sorted(entries)
        found[directory] = [name for name in names if name.endswith(".yaml") and name[0] != "."]
        if len(found[directory]) == len(names):
            continue
        for name in names:
            if name[0] == "." or name.endswith(".yaml"):
                continue
            relative = f"{directory}/{name}"
            if name.endswith(".yml"):
                findings.append(
                    Finding.of(
                        relative,
                        0,
                        0,
                        "FILE001",
                        "ignored: record files end in .yaml; rename it",
                    )
                )
            else:
                findings.append(
                    Finding.of(
                        relative,
                        0,
                        0,
                        "FILE001",
                        f"ignored: not a record file; only *.yaml belongs in {directory}/",
                    )
                )
    return found, findings


def listing(root: Path) -> tuple[dict[str, list[str]], list[Finding]]:
    """The record file names of each record directory, sorted, and findings
    for what does not belong there (or in a mistyped directory)."""
    found, findings = sort_listing(raw_listing(root))
    return found, findings + misplaced(root)


def scan(root: Path) -> tuple[list[str], list[Finding]]:
    """Record files (direct children ``*.yaml`` of each record directory), and
    findings for what does not belong there."""
    names, findings = listing(root)
    return [f"{directory}/{name}" for directory, found in names.items() for name in found], findings


def artifact_problem(root: Path, artifact: str) -> str | None:
    """Why an artifact path is unusable, or None (shared by rules, cache, baselines)."""
    if Path(artifact).is_absolute() or "\\" in artifact:
        return f"artifact {artifact!r} must be a relative path with forward slashes"
    target = (root / artifact).resolve()
    if not target.is_relative_to(root):
        return f"artifact {artifact!r} leads outside the repository"
    if not target.is_file():
        return f"artifact {artifact!r} does not exist or is not a file"
    return None
