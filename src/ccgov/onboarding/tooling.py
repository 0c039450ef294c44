"""The files a team's tools read: the pre-commit hook, the CI workflow and
the editor's schema wiring. They live at the git repository's top level
(where pre-commit, GitHub and VS Code look), even when the governed folder
is a subfolder, and are merged into existing files, never overwriting them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ccgov.errors import UsageError
from ccgov.onboarding.pinning import REQUIREMENTS_FILE
from ccgov.records.kinds import CONFIG_FILE, KINDS
from ccgov.store import git
from ccgov.store.yamlio import dump_for_edit, load_for_edit

SCHEMA_DIR = ".ccgov/schemas"
PRE_COMMIT_CONFIG = ".pre-commit-config.yaml"
WORKFLOW = ".github/workflows/ccgov.yml"
VSCODE_SETTINGS = ".vscode/settings.json"
VSCODE_EXTENSIONS = ".vscode/extensions.json"
HOOK_ID = "ccgov-validate"


@dataclass(frozen=True, slots=True)
class Hooks:
    """Where pre-commit gets the ccgov hook: this machine's ccgov (repo: local,
    the default) or a hosted copy of ccgov at a revision."""

    repo: str | None = None
    rev: str | None = None

    @classmethod
    def resolve(cls, repo: str | None, rev: str | None) -> Hooks:
        if repo is None:
            if rev is not None:
                raise UsageError("--hooks-rev needs --hooks-repo")
            return cls()
        if rev is None:
            local = Path(repo).expanduser()
            if not local.is_dir():
                raise UsageError(
                    "--hooks-repo needs --hooks-rev: a tag or a commit sha of that repository",
                    hint="pre-commit checks that revision out; a moving branch is not a pin",
                )
            rev = git.resolve(local, "HEAD")
            if rev is None:
                raise UsageError(f"{repo} has no commits to take the hook from")
        return cls(repo, rev)


def render_template(template: str, **values: object) -> str:
    import jinja2

    text = (resources.files("ccgov") / "templates" / "init" / template).read_text("utf-8")
    environment = jinja2.Environment(
        autoescape=False, keep_trailing_newline=True, undefined=jinja2.StrictUndefined
    )
    return environment.from_string(text).render(**values)


def _prefixed(governed: str, relative: str) -> str:
    return f"{governed}/{relative}" if governed else relative


def schema_mapping(governed: str) -> dict[str, list[str]]:
    """VS Code's yaml.schemas: which schema validates which files."""
    base = f"./{_prefixed(governed, SCHEMA_DIR)}"
    return {
        f"{base}/config.schema.json": [_prefixed(governed, CONFIG_FILE)],
        **{
            f"{base}/{kind.name}.schema.json": [_prefixed(governed, f"{kind.directory}/*.yaml")]
            for kind in KINDS
        },
    }


def tool_files(top: Path, governed: str, hooks: Hooks) -> tuple[dict[str, str], list[str]]:
    """(path relative to ``top`` -> content, notes) for the tooling files."""
    files: dict[str, str] = {}
    notes: list[str] = []
    hook = render_template(
        "pre-commit-config.yaml.j2",
        hooks_repo=hooks.repo or "",
        hooks_rev=hooks.rev or "",
        governed=governed,
    )
    merged = _merge_pre_commit(top / PRE_COMMIT_CONFIG, hook)
    if merged is None:
        notes.append(f"{PRE_COMMIT_CONFIG} already runs {HOOK_ID}; left as it is")
    else:
        files[PRE_COMMIT_CONFIG] = merged
    if (top / WORKFLOW).exists():
        notes.append(f"{WORKFLOW} exists; left as it is (compare it with `ccgov doctor`)")
    else:
        files[WORKFLOW] = render_template(
            "workflow.yml.j2",
            requirements=_prefixed(governed, REQUIREMENTS_FILE),
            dash_c=f" -C {governed}" if governed else "",
        )
    settings = _merge_json(
        top / VSCODE_SETTINGS, {"yaml.schemas": schema_mapping(governed), "yaml.validate": True}
    )
    if settings is None:
        notes.append(
            f"{VSCODE_SETTINGS} could not be read as JSON; add the yaml.schemas entries by hand "
            "(see docs/user-guide.md)"
        )
    else:
        files[VSCODE_SETTINGS] = settings
    extensions = _merge_json(top / VSCODE_EXTENSIONS, {"recommendations": ["redhat.vscode-yaml"]})
    if extensions is not None:
        files[VSCODE_EXTENSIONS] = extensions
    return files, notes


def _merge_pre_commit(path: Path, ours: str) -> str | None:
    """Our hook added to an existing config (None: it is already there)."""
    if not path.exists():
        return ours
    document = load_for_edit(path.read_text(encoding="utf-8")) or {}
    repos = document.setdefault("repos", [])
    for repo in repos:
        if any(isinstance(h, dict) and h.get("id") == HOOK_ID for h in repo.get("hooks", [])):
            return None
    repos.extend(load_for_edit(ours)["repos"])
    return dump_for_edit(document)


def _merge(existing: Any, new: Any) -> Any:
    if isinstance(existing, dict) and isinstance(new, dict):
        merged = dict(existing)
        for key, value in new.items():
            merged[key] = _merge(existing.get(key), value) if key in existing else value
        return merged
    if isinstance(existing, list) and isinstance(new, list):
        return [*existing, *(item for item in new if item not in existing)]
    return existing if existing is not None else new


def _merge_json(path: Path, ours: dict[str, Any]) -> str | None:
    """Our keys merged into an existing JSON file (None: it is not plain JSON)."""
    if path.exists():
        try:
            existing = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            return None
        if not isinstance(existing, dict):
            return None
        ours = _merge(existing, ours)
    return json.dumps(ours, indent=2) + "\n"
