"""The SLA feature lives in one folder: ``sla/`` imports neither the reports
nor the CLI, its maths never touches the store, and the status warning
threshold is written once."""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import ROOT

SLA = ROOT / "src" / "ccgov" / "sla"
PURE = ("calendar.py", "measure.py")


def imported(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_sla_imports_neither_report_nor_cli() -> None:
    for path in SLA.glob("*.py"):
        bad = {m for m in imported(path) if m.startswith(("ccgov.report", "ccgov.cli"))}
        assert not bad, f"{path.name} imports {sorted(bad)}"


def test_the_maths_is_pure() -> None:
    for name in PURE:
        bad = {
            m
            for m in imported(SLA / name)
            if m.startswith(("ccgov.store", "ccgov.sla.terms", "ccgov.errors", "subprocess"))
        }
        assert not bad, f"{name} imports {sorted(bad)}"


def test_the_warning_threshold_is_written_once() -> None:
    sources = [p for p in (ROOT / "src" / "ccgov").rglob("*.py")]
    defining = [p for p in sources if "WARN_FRACTION =" in p.read_text(encoding="utf-8")]
    assert [p.name for p in defining] == ["status.py"]
    cli = (ROOT / "src" / "ccgov" / "cli" / "sla.py").read_text(encoding="utf-8")
    assert "0.75" not in cli and "WARN_FRACTION" in cli
