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


def _run(root: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=root, capture_output=True, text=True, env=env)


def test_generated_local_hook_runs_offline_as_written(tmp_path: Path, cli) -> None:
    """`ccgov init`'s own .pre-commit-config.yaml, untouched, with no network:
    a staged bad record is blocked, an untracked half-written one is not."""
    root = tmp_path / "cc"
    assert cli("init", root).exit_code == 0
    env = {
        **os.environ,
        # The hook runs the ccgov on PATH; no proxy, no index: nothing may be fetched.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PIP_NO_INDEX": "1",
        "https_proxy": "http://127.0.0.1:9",
        "http_proxy": "http://127.0.0.1:9",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
    }
    installed = _run(root, *_pre_commit(), "install", env=env)
    assert installed.returncode == 0, installed.stderr
    handle = next(
        line.split(":")[1].strip()
        for line in (root / "ccgov.yaml").read_text().splitlines()
        if line.strip().startswith("- handle:")
    )
    # Work in progress that is not staged must not block anybody.
    (root / "items" / "CI-0009.yaml").write_text("id: CI-0009\nname: [half written\n")
    (root / "requirements" / "REQ-0001.yaml").write_text(REQUIREMENT.format(handle=handle))
    git(root, "add", "requirements/REQ-0001.yaml")
    good = _run(root, "git", "commit", "-m", "add record", env=env)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "ccgov validate" in good.stdout + good.stderr
    # A ccgov step commits too, through the same hook.
    step = _run(
        root,
        sys.executable,
        "-m",
        "ccgov",
        "req",
        "new",
        "--title",
        "t",
        "--statement",
        "The IVR shall greet callers.",
        "--kind",
        "functional",
        "--priority",
        "must",
        "--area",
        "ivr",
        env=env,
    )
    assert step.returncode == 0, step.stdout + step.stderr
    # A staged bad record is blocked.
    (root / "items" / "CI-0001.yaml").write_text(
        f"id: CI-0001\nname: Main call flow\nkind: call_flow\nversion: 1.10\nowner: {handle}\n"
    )
    git(root, "add", "items/CI-0001.yaml")
    bad = _run(root, "git", "commit", "-m", "bad record", env=env)
    assert bad.returncode != 0
    said = bad.stdout + bad.stderr
    assert "items/CI-0001.yaml" in said and "SCH004" in said
    assert "CI-0009" not in said  # the untracked file is still not part of it
    assert git(root, "log", "-1", "--format=%s").strip().startswith("req(")
