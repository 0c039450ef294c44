"""`ccgov doctor`: is this repository's tooling consistent and runnable?

Each check says what it found and, when something is wrong, the next step.
A `fail` means something will not run as written (the hook, CI); a `warn`
means it runs but something is likely to surprise the team.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ccgov import __version__
from ccgov.onboarding.pinning import REQUIREMENTS_FILE, read_pin
from ccgov.onboarding.tooling import HOOK_ID, PRE_COMMIT_CONFIG, WORKFLOW
from ccgov.records.kinds import KIND_BY_NAME
from ccgov.store import git
from ccgov.store.repo import Repository
from ccgov.store.yamlio import parse_document

Status = Literal["ok", "warn", "fail"]


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    status: Status
    detail: str
    fix: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {"check": self.name, "status": self.status, "detail": self.detail, "fix": self.fix}


def diagnose(repository: Repository) -> list[Check]:
    root = repository.root
    top = Path(git.run(root, ["rev-parse", "--show-toplevel"]).strip())
    prefix = git.run(root, ["rev-parse", "--show-prefix"], check=False).strip()
    return [
        _config(repository),
        _identity(repository),
        *_hook(top, prefix),
        _hook_installed(root),
        _workflow(top, prefix),
        _pin(root),
        _adoption(repository),
    ]


def _config(repository: Repository) -> Check:
    if repository.config is None:
        return Check(
            "ccgov.yaml", "fail", "missing or invalid", "run `ccgov validate` and fix ccgov.yaml"
        )
    count = len(repository.config.people)
    return Check("ccgov.yaml", "ok", f"{count} {'person' if count == 1 else 'people'}")


def _identity(repository: Repository) -> Check:
    email = git.config_value(repository.root, "user.email")
    person = repository.config.person_by_email(email) if repository.config and email else None
    if person is None:
        return Check(
            "identity",
            "warn",
            f"git user.email {email or '(unset)'} is not a person in ccgov.yaml",
            "add yourself under people: (through a governance_change RFC once control started), "
            "or set git's user.email to your listed address",
        )
    return Check("identity", "ok", f"you act as {person.handle}")


def _load(path: Path) -> object:
    if not path.is_file():
        return None
    document = parse_document(path.name, path.read_bytes())[0]
    return document.data if document is not None else None


def _hook(top: Path, prefix: str) -> list[Check]:
    config = _load(top / PRE_COMMIT_CONFIG)
    if config is None:
        return [
            Check(
                "pre-commit hook",
                "fail",
                f"no readable {PRE_COMMIT_CONFIG} at {top}",
                "run `ccgov init` again in an empty folder to see the file it writes, or "
                "copy it from docs/user-guide.md",
            )
        ]
    repos = config.get("repos", []) if isinstance(config, dict) else []
    for repo in repos if isinstance(repos, list) else []:
        hooks = repo.get("hooks", []) if isinstance(repo, dict) else []
        for hook in hooks if isinstance(hooks, list) else []:
            if isinstance(hook, dict) and hook.get("id") == HOOK_ID:
                return _hook_entry(repo, hook, prefix)
    return [
        Check(
            "pre-commit hook",
            "fail",
            f"{PRE_COMMIT_CONFIG} does not run {HOOK_ID}",
            "add the repo: local hook from docs/user-guide.md",
        )
    ]


def _hook_entry(repo: dict[str, object], hook: dict[str, object], prefix: str) -> list[Check]:
    checks: list[Check] = []
    if repo.get("repo") == "local":
        entry = str(hook.get("entry", ""))
        if "--staged" not in entry:
            checks.append(
                Check(
                    "pre-commit hook",
                    "warn",
                    f"the hook runs `{entry}`: it validates the work tree, so untracked work "
                    "in progress blocks commits",
                    "use `ccgov validate --staged`",
                )
            )
        elif prefix and prefix.rstrip("/") not in entry:
            checks.append(
                Check(
                    "pre-commit hook",
                    "fail",
                    f"the hook runs `{entry}` at the top level, but the governed folder is {prefix}",
                    f"add the folder: `ccgov validate --staged {prefix.rstrip('/')}`",
                )
            )
        else:
            checks.append(Check("pre-commit hook", "ok", f"repo: local, `{entry}`"))
        checks.append(_executable())
        return checks
    rev = str(repo.get("rev", ""))
    source = str(repo.get("repo", ""))
    if Path(source).is_dir() and git.resolve(Path(source), rev) is None:
        checks.append(
            Check(
                "pre-commit hook",
                "fail",
                f"{source} has no revision {rev}",
                "use a tag or commit sha of that repository (ccgov init --hooks-rev)",
            )
        )
    else:
        checks.append(Check("pre-commit hook", "ok", f"{source} at {rev}"))
    return checks


def _executable() -> Check:
    found = shutil.which("ccgov")
    if found is None:
        return Check(
            "ccgov on PATH",
            "fail",
            "the hook runs `ccgov`, which is not on PATH",
            "install ccgov where the team commits (pip install -r .ccgov/requirements.txt)",
        )
    completed = subprocess.run([found, "--version"], capture_output=True, text=True, check=False)
    version = completed.stdout.strip().removeprefix("ccgov ")
    if completed.returncode != 0 or version != __version__:
        return Check(
            "ccgov on PATH",
            "warn",
            f"{found} is version {version or 'unknown'}, this is {__version__}",
            "install the pinned version so the hook and CI judge alike",
        )
    return Check("ccgov on PATH", "ok", found)


def _hook_installed(root: Path) -> Check:
    hook = git.git_dir(root) / "hooks" / "pre-commit"
    common = Path(git.run(root, ["rev-parse", "--git-common-dir"]).strip())
    candidates = [hook, (root / common / "hooks" / "pre-commit")]
    if any(p.is_file() and "pre-commit" in p.read_text(errors="replace") for p in candidates):
        return Check("hook installed", "ok", "git runs pre-commit on commit")
    return Check(
        "hook installed",
        "warn",
        "git does not run pre-commit in this clone",
        "run `pre-commit install` (once per clone)",
    )


def _workflow(top: Path, prefix: str) -> Check:
    path = top / WORKFLOW
    if not path.is_file():
        return Check("CI workflow", "fail", f"no {WORKFLOW}", "run `ccgov init` to see the file")
    text = path.read_text(encoding="utf-8", errors="replace")
    wanted = f"-r {prefix}{REQUIREMENTS_FILE}"
    missing = [
        what
        for what, needle in (
            (f"install from {prefix}{REQUIREMENTS_FILE}", wanted),
            ("validate", " validate"),
            ("audit", " audit"),
            ("full history (fetch-depth: 0)", "fetch-depth: 0"),
        )
        if needle not in text
    ]
    if missing:
        return Check(
            "CI workflow",
            "fail",
            f"{WORKFLOW} does not " + ", ".join(missing),
            "compare it with the workflow in docs/user-guide.md",
        )
    return Check("CI workflow", "ok", f"{WORKFLOW} validates and audits")


def _pin(root: Path) -> Check:
    path = root / REQUIREMENTS_FILE
    line = read_pin(path.read_text(encoding="utf-8")) if path.is_file() else None
    if line is None:
        return Check(
            "pinned install",
            "fail",
            f"no requirement line in {REQUIREMENTS_FILE}",
            "put one line there: ccgov==X.Y.Z or ccgov @ git+https://...@<sha>",
        )
    if "file://" in line or line.startswith(("/", ".")):
        return Check(
            "pinned install",
            "fail",
            f"{line!r} names a folder on one machine; CI cannot install it",
            "use a package version or a VCS URL at a commit",
        )
    if "==" in line and line.split("==", 1)[1].strip() != __version__:
        return Check(
            "pinned install",
            "warn",
            f"CI installs {line}, you run {__version__}",
            "align them, so the hook and CI judge alike",
        )
    return Check("pinned install", "ok", line)


def _adoption(repository: Repository) -> Check:
    config = repository.config
    if config is None or config.change_control is not None:
        return Check("change control start", "ok", "recorded" if config else "n/a")
    items = KIND_BY_NAME["item"].directory
    commits = git.run(repository.root, ["log", "--format=%H", "--", f"{items}/"], check=False)
    if len(commits.split()) > 1 and not any(
        r.record.status in ("implemented", "verified", "closed", "backed_out")
        for r in repository.of("change")
    ):
        return Check(
            "change control start",
            "warn",
            "CI records were committed after init and no RFC is implemented yet: "
            "`ccgov audit` reports them as unauthorised (AUD002)",
            "once the environment is documented, run `ccgov adopt`",
        )
    return Check("change control start", "ok", "from the first commit")
