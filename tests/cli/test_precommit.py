"""The real pre-commit framework runs the hook from this checkout's
.pre-commit-hooks.yaml against a governed repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT, git

REQUIREMENT = """\
id: REQ-0001
title: Callers can reach an agent
statement: The IVR shall offer a route to a live agent from every menu.
kind: functional
priority: must
source: {handle}
owner: {handle}
area: ivr
"""

pytestmark = pytest.mark.slow


def _pre_commit() -> list[str]:
    found = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("pre-commit is not installed in the test environment (pip install -e '.[dev]')")
    return [found]


def _commit(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "commit", "-m", "add record"],
        cwd=root,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )


def test_hook_passes_clean_commit_and_blocks_bad_record(tmp_path: Path, cli) -> None:
    if not (ROOT / ".git").exists():
        pytest.fail("the hook test needs this project's git checkout")
    # pre-commit clones the hook repository at a revision: use this checkout's HEAD.
    head = git(ROOT, "rev-parse", "HEAD").strip()
    root = tmp_path / "cc"
    result = cli("init", root, "--hooks-repo", ROOT, "--hooks-rev", head)
    assert result.exit_code == 0, result.stderr
    subprocess.run([*_pre_commit(), "install"], cwd=root, check=True, capture_output=True)
    handle = next(
        line.split(":")[1].strip()
        for line in (root / "ccgov.yaml").read_text().splitlines()
        if line.strip().startswith("- handle:")
    )

    (root / "requirements" / "REQ-0001.yaml").write_text(REQUIREMENT.format(handle=handle))
    git(root, "add", "requirements/REQ-0001.yaml")
    good = _commit(root)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "ccgov validate" in good.stdout + good.stderr

    (root / "items").mkdir(exist_ok=True)
    (root / "items" / "CI-0001.yaml").write_text(
        f"id: CI-0001\nname: Main call flow\nkind: call_flow\nversion: 1.10\nowner: {handle}\n"
    )
    git(root, "add", "items/CI-0001.yaml")
    bad = _commit(root)
    output = bad.stdout + bad.stderr
    assert bad.returncode != 0
    assert "items/CI-0001.yaml" in output and "SCH004" in output
    assert git(root, "log", "--format=%s").splitlines()[0] == "add record"
    assert len(git(root, "log", "--format=%s").splitlines()) == 2
