from __future__ import annotations

import json
from pathlib import Path

from helpers import git


def test_init_creates_committed_valid_repo(tmp_path: Path, cli) -> None:
    target = tmp_path / "cc"
    result = cli("init", target)
    assert result.exit_code == 0, result.stderr
    for directory in ("requirements", "raci", "items", "changes", "slas", "incidents", "baselines"):
        assert (target / directory).is_dir()
    assert (target / ".pre-commit-config.yaml").is_file()
    assert (target / ".github/workflows/ccgov.yml").is_file()
    settings = json.loads((target / ".vscode/settings.json").read_text())
    schema_file = next(k for k, v in settings["yaml.schemas"].items() if v == ["items/*.yaml"])
    assert (target / schema_file).is_file()
    assert git(target, "status", "--porcelain") == ""
    message = git(target, "log", "-1", "--format=%B")
    assert "Ccgov-Action: init" in message
    assert cli("-C", target, "validate").exit_code == 0


def test_init_example_validates_clean(tmp_path: Path, cli) -> None:
    target = tmp_path / "demo"
    assert cli("init", target, "--example").exit_code == 0
    result = cli("-C", target, "validate", "--format", "json")
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout) == []


def test_init_refuses_existing_governed_repo(tmp_path: Path, cli) -> None:
    target = tmp_path / "cc"
    assert cli("init", target).exit_code == 0
    before = (target / "ccgov.yaml").read_text()
    result = cli("init", target)
    assert result.exit_code == 1
    assert "already a governed repository" in result.stderr
    assert (target / "ccgov.yaml").read_text() == before


def test_init_without_identity_changes_nothing(tmp_path: Path, cli, isolated_home: Path) -> None:
    (isolated_home / ".gitconfig").write_text("[init]\n\tdefaultBranch = main\n")
    target = tmp_path / "cc"
    result = cli("init", target)
    assert result.exit_code == 1
    assert "git config --global user.email" in result.stderr
    assert not (target / "ccgov.yaml").exists()


def test_init_inside_existing_git_repo_keeps_its_history(make_repo, cli) -> None:
    root = make_repo({"README.md": "hello\n"})
    assert cli("init", root).exit_code == 0
    log = git(root, "log", "--format=%s").splitlines()
    assert log == ["ccgov: initialise governed repository", "initial"]
