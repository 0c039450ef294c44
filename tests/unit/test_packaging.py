"""The package as it is installed, not as the editable checkout sees it."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from helpers import ROOT


def test_every_package_is_listed_in_pyproject() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(path.parent.relative_to(ROOT / "src").parts)
        for path in (ROOT / "src" / "ccgov").rglob("__init__.py")
    }
    assert found <= listed, f"add to pyproject.toml packages: {sorted(found - listed)}"


@pytest.mark.slow
def test_wheel_contains_templates_and_example(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("ccgov-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "ccgov/templates/report/base.html.j2" in names
    assert "ccgov/templates/init/ccgov.yaml.j2" in names
    assert "ccgov/examples/northwind/ccgov.yaml" in names
    assert "ccgov/sla/calendar.py" in names and "ccgov/workflow/rfc.py" in names
