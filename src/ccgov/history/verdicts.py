"""Per-commit audit verdicts, kept in ``.git/ccgov/audit.sqlite``.

A commit never changes, and neither does anything its judgement reads (its
own changes and the state of its parent), so a verdict is computed once per
commit and rules version: an audit with nothing new reads the verdicts of
the commits it lists and judges nothing, and one new commit costs one
judgement. A cache that cannot be opened is simply not used.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ccgov import __version__

# Bump when a judgement would come out differently for the same commit.
RULES_VERSION = f"{__version__}/audit-1"


class VerdictStore:
    def __init__(self, path: Path | None) -> None:
        self._db: sqlite3.Connection | None = None
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS verdicts "
                "(sha TEXT PRIMARY KEY, rules TEXT NOT NULL, payload TEXT NOT NULL)"
            )
        except sqlite3.Error:
            self._db = None

    def __enter__(self) -> VerdictStore:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.commit()
            self._db.close()

    def get(self, shas: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The stored verdicts of these commits (missing or stale ones are absent)."""
        if self._db is None:
            return {}
        found: dict[str, dict[str, Any]] = {}
        wanted = list(shas)
        try:
            for chunk in _chunks(wanted, 500):
                rows = self._db.execute(
                    f"SELECT sha, payload FROM verdicts WHERE rules = ? AND sha IN "
                    f"({','.join('?' * len(chunk))})",
                    [RULES_VERSION, *chunk],
                )
                for sha, payload in rows:
                    found[sha] = json.loads(payload)
        except (sqlite3.Error, ValueError):
            return {}
        return found

    def put(self, sha: str, verdict: dict[str, Any]) -> None:
        if self._db is None:
            return
        with contextlib.suppress(sqlite3.Error):
            self._db.execute(
                "INSERT OR REPLACE INTO verdicts (sha, rules, payload) VALUES (?, ?, ?)",
                (sha, RULES_VERSION, json.dumps(verdict)),
            )


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
