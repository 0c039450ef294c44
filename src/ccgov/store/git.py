"""All git access. Commands go through the git command line so the user's
hooks, signing and config apply; the environment git exports to hooks is
removed first so ccgov run from a hook talks to the right repository."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from ccgov.errors import GitError

# Variables git sets while running hooks; inherited, they would point ccgov's
# own git calls at the outer repository or index.
_HOOK_VARIABLES = (
    "GIT_DIR",
    "GIT_INDEX_FILE",
    "GIT_WORK_TREE",
    "GIT_PREFIX",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
)


def clean_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _HOOK_VARIABLES}
    env["GIT_TERMINAL_PROMPT"] = "0"
    return env


def run(root: Path, args: Sequence[str], *, check: bool = True, input: str | None = None) -> str:
    """Run ``git args`` in ``root`` and return its standard output."""
    try:
        completed = subprocess.run(
            ["git", *args],
            cwd=root,
            env=clean_environment(),
            input=input,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed or not on PATH", hint="install git 2.30 or later") from exc
    if check and completed.returncode != 0:
        said = (completed.stderr or completed.stdout).strip()
        raise GitError(f"git {' '.join(args[:2])} failed: {said}")
    return completed.stdout


def is_work_tree(path: Path) -> bool:
    return run(path, ["rev-parse", "--is-inside-work-tree"], check=False).strip() == "true"


def init(path: Path) -> None:
    run(path, ["init", "--quiet"])


def config_value(root: Path, key: str) -> str | None:
    value = run(root, ["config", "--get", key], check=False).strip()
    return value or None


def commit_paths(root: Path, paths: Sequence[str], message: str, *, trailers: dict[str, str]) -> str:
    """Stage exactly ``paths`` and commit only them; return the new commit id.

    Other staged changes stay staged and out of the commit (``git commit --
    paths`` commits the named paths only).
    """
    run(root, ["add", "--", *paths])
    args = ["commit", "--quiet", "-m", message]
    for key, value in trailers.items():
        args += ["--trailer", f"{key}: {value}"]
    run(root, [*args, "--", *paths])
    return run(root, ["rev-parse", "HEAD"]).strip()
