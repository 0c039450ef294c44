"""A small governed repository with three people for workflow tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from helpers import git

CONFIG = """\
organisation: Test Contact Center
timezone: America/Chicago
people:
  - {handle: alice, name: Alice Liaison, email: alice@example.com, organisation: contact_center, roles: [liaison]}
  - {handle: bob, name: Bob Board, email: bob@example.com, organisation: it, roles: [cab]}
  - {handle: carol, name: Carol Telecom, email: carol@example.com, organisation: it, roles: [telecom]}
  - {handle: dave, name: Dave Board, email: dave@example.com, organisation: it, roles: [cab, telecom]}
roles:
  cab: {name: Change advisory board}
  liaison: {name: Liaison}
  telecom: {name: Telecom}
blackouts:
  - name: Open enrolment peak
    start: 2030-11-01T00:00:00-05:00
    end: 2030-11-15T00:00:00-06:00
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
# The main routing script: keep the version in step with the ACD.
id: {id}
name: {name}
kind: routing_script
version: "{version}"
owner: carol
"""


def set_identity(root: Path, handle: str) -> None:
    git(root, "config", "user.name", handle.capitalize())
    git(root, "config", "user.email", f"{handle}@example.com")


@pytest.fixture
def governed(make_repo: Callable[..., Path]) -> Path:
    root = make_repo(
        {
            "ccgov.yaml": CONFIG,
            "items/CI-0001.yaml": ITEM.format(
                id="CI-0001", name="Main routing script", version="4.1"
            ),
            "items/CI-0002.yaml": ITEM.format(
                id="CI-0002", name="Claims routing script", version="2.0"
            ),
            "changes/.gitkeep": "",
        }
    )
    set_identity(root, "alice")
    return root


@pytest.fixture
def as_user(governed: Path) -> Callable[[str], None]:
    return lambda handle: set_identity(governed, handle)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Pin ccgov's clock (the `rfc` commands' now) to an ISO moment; call again to move it."""

    def set_now(moment: str) -> None:
        instant = datetime.fromisoformat(moment)
        monkeypatch.setattr("ccgov.cli.rfc._now", lambda: instant)

    return set_now
