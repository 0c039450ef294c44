"""`ccgov init`: create a governed repository.

The new tree is built and validated in a temporary directory first and only
then moved into place, so a failure leaves the target as it was.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ccgov.errors import CcgovError, RefusedError
from ccgov.findings import Finding
from ccgov.onboarding.pinning import REQUIREMENTS_FILE, current_pin, requirements_text
from ccgov.onboarding.tooling import SCHEMA_DIR, Hooks, render_template, tool_files
from ccgov.records import schema
from ccgov.records.kinds import CONFIG_FILE, KINDS
from ccgov.records.text import counted
from ccgov.store import git
from ccgov.store.yamlio import atomic_write

EXAMPLE_NAME = "northwind"


class InvalidScaffoldError(CcgovError):
    """The tree ccgov would create does not validate (a bug or a broken example)."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(
            "the new repository would not validate: "
            + "; ".join(f"{f.file}:{f.line}:{f.column} {f.code} {f.message}" for f in findings[:5])
        )
        self.findings = findings


@dataclass(frozen=True, slots=True)
class Identity:
    name: str
    email: str

    @property
    def handle(self) -> str:
        local = self.email.split("@", 1)[0].lower()
        handle = re.sub(r"[^a-z0-9_.-]", "-", local).strip("-.") or "me"
        return handle if handle[0].isalpha() else f"u{handle}"


@dataclass(frozen=True, slots=True)
class InitResult:
    root: Path
    files: list[str]
    commit: str | None
    notes: list[str] = field(default_factory=list)


def example_source() -> Path:
    """The bundled example governed repository."""
    return Path(str(resources.files("ccgov.examples") / EXAMPLE_NAME))


def _governed_files(*, organisation: str, identity: Identity, with_config: bool) -> dict[str, str]:
    """The files of the governed folder itself."""
    files: dict[str, str] = {}
    if with_config:
        files[CONFIG_FILE] = render_template(
            "ccgov.yaml.j2",
            organisation=json.dumps(organisation),
            timezone="UTC",
            handle=identity.handle,
            name=json.dumps(identity.name),
            email=json.dumps(identity.email),
        )
    files[".gitignore"] = render_template("gitignore.j2")
    files[REQUIREMENTS_FILE] = requirements_text(current_pin())
    for file_name, body in schema.schemas().items():
        files[f"{SCHEMA_DIR}/{file_name}"] = schema.render(body)
    for kind in KINDS:
        files[f"{kind.directory}/.gitkeep"] = ""
    return files


def _copy_tree(source: Path, target: Path) -> list[str]:
    copied = []
    for path in sorted(source.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            relative = path.relative_to(source).as_posix()
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
            copied.append(relative)
    return copied


def create(
    target: Path,
    *,
    example: bool = False,
    hooks: Hooks = Hooks(),
    commit: bool = True,
) -> InitResult:
    """Create a governed repository at ``target`` and make its first commit.

    Refusals (an existing governed repo, an unknown git identity) come before
    anything is written, except ``git init`` of a new directory; the tree is
    validated in a staging directory before any file is moved into place.
    Inside a larger git repository, the hook, CI and editor settings go to
    its top level (merged into existing files, never overwriting them).
    """
    from ccgov.validation.validate import validate

    target = target.resolve()
    if (target / CONFIG_FILE).exists():
        raise RefusedError(
            f"{target} is already a governed repository ({CONFIG_FILE} exists)",
            hint="nothing was changed; edit the existing files instead",
        )
    target.mkdir(parents=True, exist_ok=True)
    if not git.is_work_tree(target):
        git.init(target)
    name = git.config_value(target, "user.name")
    email = git.config_value(target, "user.email")
    if commit and (name is None or email is None):
        raise RefusedError(
            "git does not know who you are, so ccgov cannot record who acted",
            hint='run git config --global user.name "Your Name" and '
            "git config --global user.email you@example.com",
        )
    identity = Identity(name or "ccgov user", email or "user@example.invalid")
    top = Path(git.run(target, ["rev-parse", "--show-toplevel"]).strip()).resolve()
    governed = target.relative_to(top).as_posix() if target != top else ""
    with tempfile.TemporaryDirectory(prefix=".ccgov-init-", dir=target) as staging_name:
        staging = Path(staging_name)
        written = _copy_tree(example_source(), staging) if example else []
        files = _governed_files(
            organisation=target.name, identity=identity, with_config=not example
        )
        for relative, content in files.items():
            if relative not in written:
                atomic_write(staging / relative, content)
                written.append(relative)
        clashes = [
            relative
            for relative in written
            if (target / relative).exists() and not relative.endswith(".gitkeep")
        ]
        if clashes:
            raise RefusedError(
                f"{counted(len(clashes), 'file')} would be overwritten: "
                f"{', '.join(sorted(clashes)[:5])}",
                hint="init into an empty directory, or move those files away first",
            )
        result = validate(staging)
        if result.errors:
            raise InvalidScaffoldError([f for f in result.findings if f.severity == "error"])
        tooling, notes = tool_files(top, governed, hooks)
        for relative in sorted(written):
            destination = target / relative
            if destination.exists():
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            (staging / relative).replace(destination)
    for relative, content in tooling.items():
        atomic_write(top / relative, content)
    paths = sorted([*written, *(os.path.relpath(top / relative, target) for relative in tooling)])
    commit_id = None
    if commit:
        commit_id = git.commit_paths(
            target,
            paths,
            "ccgov: initialise governed repository",
            trailers={"Ccgov-Action": "init"},
        )
    return InitResult(target, paths, commit_id, notes)
