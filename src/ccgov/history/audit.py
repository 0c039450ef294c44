"""`ccgov audit`: history checks a governance committee or auditor runs.

Walks the commits (merges excluded: their changes are audited in the commits
that made them) and reports approvals added by somebody other than the
approver, configuration-item changes that no implementing RFC covers, RFCs
implemented without passing test evidence, and unsigned commits where policy
requires signatures.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ccgov.history.log import action_of, implementing_rfcs, plain
from ccgov.records.config import RepoConfig
from ccgov.records.kinds import ARTIFACTS_DIR, CONFIG_FILE, KIND_BY_NAME
from ccgov.store import git
from ccgov.store.loader import load_record

CHANGES = KIND_BY_NAME["change"].directory
ITEMS = KIND_BY_NAME["item"].directory


@dataclass(frozen=True, slots=True)
class AuditFinding:
    code: str
    commit: str
    author: str
    file: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {
            "code": self.code,
            "commit": self.commit,
            "author": self.author,
            "file": self.file,
            "message": self.message,
        }


def _config_at(root: Path, revision: str) -> RepoConfig | None:
    data = git.file_at(root, revision, CONFIG_FILE)
    if data is None:
        return None
    loaded, _ = load_record(CONFIG_FILE, data, RepoConfig, id_field=None)
    return loaded.record if loaded else None


def _entries(data: Any, field: str) -> list[dict[str, Any]]:
    value = data.get(field) if isinstance(data, dict) else None
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def _key(entry: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(entry.get(k)) for k in ("by", "role", "decision", "at", "content_hash"))


def audit(root: Path, *, since: str | None = None) -> list[AuditFinding]:
    revision = f"{since}..HEAD" if since else "HEAD"
    head_config = _config_at(root, "HEAD")
    found: list[AuditFinding] = []
    for info, changes in git.walk(root, revision):
        config = _config_at(root, info.sha) or head_config
        author = config.person_by_email(info.author_email) if config else None
        handle = author.handle if author else None
        who = f"{info.author_name} <{info.author_email}>"

        def report(code: str, file: str, message: str, who: str = who, sha: str = info.sha) -> None:
            found.append(AuditFinding(code, sha, who, file, message))

        action = action_of(info)
        for change in changes:
            if change.path.startswith(f"{CHANGES}/") and change.status != "D":
                old, new = plain(change.old, change.path), plain(change.new, change.path)
                for field in ("approvals", "reviews"):
                    before = {_key(e) for e in _entries(old, field)}
                    for entry in _entries(new, field):
                        if _key(entry) not in before and entry.get("by") != handle:
                            report(
                                "AUD001",
                                change.path,
                                f"{field[:-1]} by {entry.get('by')} was added by {who}, "
                                "not by the approver",
                            )
                old_status = old.get("status") if isinstance(old, dict) else None
                if (
                    isinstance(new, dict)
                    and new.get("status") == "implemented"
                    and old_status != "implemented"
                ):
                    tests = _entries(new, "tests")
                    if not any(t.get("result") == "pass" for t in tests):
                        report(
                            "AUD003",
                            change.path,
                            f"{PurePosixPath(change.path).stem} implemented without passing test evidence",
                        )
            owners = _owners(root, info.sha, change.path, change.old_path)
            if owners and info.parents and action != "init":
                # (The initial import documents the system as found.)
                for item in owners:
                    if not implementing_rfcs(root, info, item):
                        report(
                            "AUD002",
                            change.path,
                            f"{item} changed without an implementing RFC that affects it "
                            f"(commit action: {action})",
                        )
    if head_config is not None and head_config.policy.require_signed_commits:
        signatures = git.signature_status(root, revision)
        for sha, letter in signatures.items():
            if letter in ("N", "B"):
                found.append(
                    AuditFinding(
                        "AUD004",
                        sha,
                        "",
                        "",
                        "commit is not signed" if letter == "N" else "bad signature",
                    )
                )
    return found


def _owners(root: Path, sha: str, path: str, old_path: str | None) -> list[str]:
    """The CIs a changed path documents: its own record, or the CIs whose
    artifact it is (a call-flow export edited without its record is still a
    change to that CI)."""
    for candidate in (path, old_path or ""):
        if candidate.startswith(f"{ITEMS}/"):
            return [PurePosixPath(path).stem]
    if not path.startswith(f"{ARTIFACTS_DIR}/"):
        return []
    return sorted(
        {
            PurePosixPath(item_path).stem
            for commit in (sha, f"{sha}^")
            for item_path, data in git.tree_files(root, commit, ITEMS).items()
            if isinstance(record := plain(data, item_path), dict)
            and record.get("artifact") in (path, old_path)
        }
    )
