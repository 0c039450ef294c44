"""A governed repository and the tools of a hostile insider: plain git
commits in anyone's name, hand edits of any record, merges, rewrites.
(A module of its own, not conftest: test packages each have a conftest.)"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from helpers import Result, git, write_files

NOW = datetime.now(UTC).replace(microsecond=0)

CONFIG = """\
organisation: Security Test Contact Center
timezone: America/Chicago
people:
  - {handle: alice, name: Alice Liaison, email: alice@example.com, organisation: contact_center, roles: [liaison]}
  - {handle: bob, name: Bob Board, email: bob@example.com, organisation: it, roles: [cab]}
  - {handle: carol, name: Carol Telecom, email: carol@example.com, organisation: it, roles: [telecom]}
  - {handle: dave, name: Dave Board, email: dave@example.com, organisation: it, roles: [cab, telecom]}
  - {handle: mallory, name: Mallory Engineer, email: mallory@example.com, organisation: it, roles: [telecom]}
roles:
  cab: {name: Change advisory board}
  liaison: {name: Liaison}
  telecom: {name: Telecom}
policy:
  approvals:
    - type: normal
      risk: [high, critical]
      require: [{role: cab, count: 2}]
    - type: normal
      require: [{role: cab, count: 1}]
    - type: emergency
      require: [{role: cab, count: 1}]
      retrospective: [{role: cab, count: 1}]
  conflicts: warn
catalog:
  - {id: user-add, title: Add a contact-center user, category: user_add, max_risk: low}
"""

ITEM = """\
id: {id}
name: {name}
kind: {kind}
version: "{version}"
owner: carol
"""

ITEMS = {
    "items/CI-0001.yaml": ITEM.format(
        id="CI-0001", name="Main routing script", kind="routing_script", version="4.1"
    ),
    "items/CI-0002.yaml": ITEM.format(
        id="CI-0002", name="ACD platform", kind="software", version="12.1"
    ),
    "items/CI-0003.yaml": ITEM.format(
        id="CI-0003", name="Agent desktop", kind="desktop", version="3.0"
    ),
}

WINDOW = [
    "--window-start",
    (NOW - timedelta(days=1)).isoformat(),
    "--window-end",
    (NOW + timedelta(days=2)).isoformat(),
]
PLANS = [
    "--implementation-plan",
    "Load the new version",
    "--test-plan",
    "Test calls to 5 queues",
    "--backout-plan",
    "Reload the old version",
]


def identity(handle: str) -> dict[str, str]:
    """git's environment for acting as ``handle`` (author and committer)."""
    name, email = handle.capitalize(), f"{handle}@example.com"
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
    }


class Insider:
    """A governed repository driven through the real CLI as named people, and
    attacked through plain git."""

    def __init__(self, root: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch):
        self.root = root
        self._cli = cli
        self._monkeypatch = monkeypatch

    def as_(self, handle: str) -> Insider:
        git(self.root, "config", "user.name", handle.capitalize())
        git(self.root, "config", "user.email", f"{handle}@example.com")
        return self

    def ccgov(self, *args: str, ok: bool = True) -> Result:
        result = self._cli("-C", self.root, *args)
        if ok:
            assert result.exit_code == 0, result.stdout + result.stderr
        return result

    def path(self, relative: str) -> Path:
        return self.root / relative

    def read(self, relative: str) -> str:
        return self.path(relative).read_text(encoding="utf-8")

    def edit(self, relative: str, old: str, new: str, count: int = 1) -> None:
        text = self.read(relative)
        assert old in text, f"{old!r} not in {relative}"
        self.path(relative).write_text(text.replace(old, new, count), encoding="utf-8")

    def write(self, files: dict[str, str | bytes]) -> None:
        write_files(self.root, files)

    def commit(self, message: str, *, as_: str | None = None, paths: tuple[str, ...] = ()) -> str:
        """A plain git commit (no ccgov), optionally in someone else's name."""
        env = identity(as_) if as_ else None
        git(self.root, "add", "-A", *paths)
        git(self.root, "commit", "-q", "--allow-empty", "-m", message, env=env)
        return git(self.root, "rev-parse", "HEAD").strip()

    def head(self) -> str:
        return git(self.root, "rev-parse", "HEAD").strip()

    def audit(self) -> list[dict[str, Any]]:
        result = self._cli("-C", self.root, "audit", "--format", "json")
        assert result.exit_code in (0, 1), result.stderr
        findings = json.loads(result.stdout)
        assert (result.exit_code == 1) == bool(findings)
        return findings

    def codes(self) -> set[str]:
        return {f["code"] for f in self.audit()}

    # --- the legitimate path, through the CLI ---------------------------------

    def new_rfc(self, *extra: str, by: str = "alice", risk: str = "low") -> str:
        self.as_(by)
        result = self.ccgov(
            "rfc",
            "new",
            "--title",
            "Route claims overflow",
            "--type",
            "normal",
            "--category",
            "routing_change",
            "--risk",
            risk,
            "--impact",
            "medium",
            "--description",
            "Overflow claims calls",
            "--justification",
            "Abandon rate",
            *PLANS,
            *WINDOW,
            *extra,
        )
        return result.stdout.split("(")[1].split(")")[0]

    def approved_rfc(self, *extra: str, affects: str = "CI-0001") -> str:
        rfc = self.new_rfc("--affects", affects, *extra)
        self.as_("alice").ccgov("rfc", "submit", rfc)
        self.as_("bob").ccgov("rfc", "approve", rfc)
        return rfc

    def scheduled_rfc(self, *extra: str, affects: str = "CI-0001") -> str:
        rfc = self.approved_rfc(*extra, affects=affects)
        self.as_("carol").ccgov("rfc", "schedule", rfc)
        self.ccgov("rfc", "verify", rfc, "--result", "pass", "--evidence", "lab test")
        return rfc

    def bump(self, item: str, version: str) -> None:
        text = self.read(f"items/{item}.yaml")
        import re

        self.path(f"items/{item}.yaml").write_text(
            re.sub(r'version: "[^"]*"', f'version: "{version}"', text), encoding="utf-8"
        )
