"""A small governed repository with three people for workflow tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from governed_repo import CONFIG, ITEM

from helpers import git

__all__ = ["CONFIG", "ITEM"]


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
