"""Small persistent maps in ``.git/ccgov/``: JSON values keyed by things that
never change (a commit id, a blob id), each table stamped with the version
of what computed them. SQLite, so one new entry is one row written, not a
whole file. A store that cannot be opened is simply not used."""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class JsonStore:
    def __init__(self, path: Path | None, table: str, version: str) -> None:
        assert _NAME.match(table), table
        self.table, self.version = table, version
        self._db: sqlite3.Connection | None = None
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=10)
            self._db.execute(
                f"CREATE TABLE IF NOT EXISTS {table} "
                "(key TEXT PRIMARY KEY, version TEXT NOT NULL, value TEXT NOT NULL)"
            )
        except sqlite3.Error:
            self._db = None

    def __enter__(self) -> JsonStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.commit()
            self._db.close()
            self._db = None

    def get(self, keys: Iterable[str]) -> dict[str, Any]:
        """The stored values of these keys (missing or stale ones are absent)."""
        if self._db is None:
            return {}
        found: dict[str, Any] = {}
        try:
            for chunk in _chunks(list(keys), 500):
                rows = self._db.execute(
                    f"SELECT key, value FROM {self.table} WHERE version = ? AND key IN "
                    f"({','.join('?' * len(chunk))})",
                    [self.version, *chunk],
                )
                found.update((key, json.loads(value)) for key, value in rows)
        except (sqlite3.Error, ValueError):
            return {}
        return found

    def put(self, values: Mapping[str, Any]) -> None:
        if self._db is None or not values:
            return
        with contextlib.suppress(sqlite3.Error):
            self._db.executemany(
                f"INSERT OR REPLACE INTO {self.table} (key, version, value) VALUES (?, ?, ?)",
                [(key, self.version, json.dumps(value)) for key, value in values.items()],
            )
            # Committed at once: another store on the same file (a second
            # table) would otherwise wait for this one's write lock, up to
            # the 10 s timeout, and then lose its own write.
            self._db.commit()


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
