"""Helpers shared by tests (importable as `helpers`; conftest re-exports them)."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "northwind"


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    ).stdout


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def examples(default: int) -> int:
    """Hypothesis examples per property: fewer under `make mutation`, which runs
    the property tests once per mutant (CCGOV_PROPERTY_EXAMPLES)."""
    return int(os.environ.get("CCGOV_PROPERTY_EXAMPLES", default))


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def known_facts() -> Any:
    """What the workflow tests' repository holds, for converting exports without
    git: four people, CI-0001 and CI-0002, RFC-0001, SLA-0001 (severities 1-4)
    and SLA-0002 (1 and 2)."""
    from ccgov.imports.incident_rows import Known

    return Known(
        people={"alice", "bob", "carol", "dave"},
        items={"CI-0001", "CI-0002"},
        changes={"RFC-0001"},
        slas={"SLA-0001": {1, 2, 3, 4}, "SLA-0002": {1, 2}},
    )
