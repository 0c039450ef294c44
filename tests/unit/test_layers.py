"""Every import points down, with no exception: docs/architecture.md's rule,
checked on the source (imports inside functions count too)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2] / "src" / "ccgov"

# Lowest first. A package may import its own layer and the layers below.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"errors", "findings", "__version__"}),
    frozenset({"records"}),
    frozenset({"store", "policy"}),
    frozenset({"sla"}),
    frozenset({"rules"}),
    frozenset({"validation"}),
    frozenset(
        {
            "workflow",
            "baseline",
            "history",
            "imports",
            "onboarding",
            "operations",
            "planning",
            "rhythm",
        }
    ),
    frozenset({"report"}),
    frozenset({"cli", "__main__"}),
)
RANK = {name: rank for rank, layer in enumerate(LAYERS) for name in layer}


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, package) for every ccgov import in a file, wherever it sits."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "ccgov":
                found += [(node.lineno, alias.name) for alias in node.names]
            elif node.module.startswith("ccgov."):
                found.append((node.lineno, _package(node.module)))
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, _package(alias.name))
                for alias in node.names
                if alias.name.startswith("ccgov.")
            ]
    return found


MODULES = sorted(SOURCE.rglob("*.py"))


def test_every_package_has_a_layer() -> None:
    packages = {p.name for p in SOURCE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    modules = {p.stem for p in SOURCE.glob("*.py") if p.stem != "__init__"}
    assert packages | modules <= set(RANK), sorted((packages | modules) - set(RANK))
    # Only errors and findings sit loose at the package root.
    assert modules == {"errors", "findings", "__main__"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SOURCE)))
def test_imports_point_down(path: Path) -> None:
    relative = path.relative_to(SOURCE)
    own = relative.parts[0].removesuffix(".py") if len(relative.parts) > 1 else path.stem
    if own == "__init__":
        own = "__version__"
    up = [
        f"{relative}:{line} imports ccgov.{target}"
        for line, target in _imports(path)
        if RANK[target] > RANK[own]
    ]
    assert not up, up
