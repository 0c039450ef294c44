"""Fixtures for the security tests: a governed repository to attack."""

from __future__ import annotations

import pytest
from insider import CONFIG, ITEMS, Insider


@pytest.fixture
def insider(make_repo, cli, monkeypatch: pytest.MonkeyPatch) -> Insider:
    root = make_repo({"ccgov.yaml": CONFIG, **ITEMS, "changes/.gitkeep": ""})
    repo = Insider(root, cli, monkeypatch)
    repo.as_("alice")
    return repo
