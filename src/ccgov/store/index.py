"""The record index: one SQLite row per file, so that an edit costs a few rows.

It lives in ``.git/ccgov/`` (never in ``git status``), one per governed root:

* ``files``: every record file and ccgov.yaml: its content digest (git's blob id, so git's own answers can be compared
  with it), the stat key the digest was read with, and for records the kind,
  the id it is known by, whether it loaded, its load findings and the
  validated record itself (pickled: loading one is 10-100 us).
* ``refs``: what each record names (:func:`ccgov.records.links.references`),
  indexed by target: "who names CI-0042?" is one lookup.
* ``verdicts``: each rule's findings per record, replaced record by record.
* ``artifacts``: every file a CI names, with what validation found of it.
* ``meta``: the format, what the work tree looked like when the index was
  last brought up to date (:mod:`ccgov.store.probe`), the suppressions.

An index written by another ccgov (its code stamp differs), or that is not
an SQLite file at all, is emptied and rebuilt. Readers never block the
writer (write-ahead log). In memory (``path=None``) it serves a run without
a cache the same way, which keeps a cold run's memory at the size of the
pickled records rather than of 100,000 live models.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ccgov import __version__
from ccgov.findings import Finding

StatKey = tuple[int, int, int, int]
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
  path TEXT PRIMARY KEY, kind TEXT NOT NULL, digest TEXT NOT NULL, stem TEXT NOT NULL,
  key TEXT, loaded INTEGER NOT NULL, findings TEXT NOT NULL, model BLOB, stat TEXT
);
CREATE INDEX IF NOT EXISTS files_key ON files(key);
CREATE INDEX IF NOT EXISTS files_kind ON files(kind, path);
CREATE INDEX IF NOT EXISTS files_findings ON files(path) WHERE findings != '[]';
CREATE INDEX IF NOT EXISTS files_unloaded ON files(stem) WHERE loaded = 0;
CREATE TABLE IF NOT EXISTS refs (path TEXT NOT NULL, field TEXT NOT NULL, target TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS refs_target ON refs(target);
CREATE INDEX IF NOT EXISTS refs_path ON refs(path);
CREATE TABLE IF NOT EXISTS verdicts (
  rule TEXT NOT NULL, path TEXT NOT NULL, findings TEXT NOT NULL, PRIMARY KEY (rule, path)
);
CREATE TABLE IF NOT EXISTS artifacts (path TEXT PRIMARY KEY, digest TEXT NOT NULL);
"""
_TABLES = ("meta", "files", "refs", "verdicts", "artifacts")


@cache
def code_stamp() -> str:
    """What the stored findings were computed by: this version of ccgov, down
    to its source files (an edited rule must not be answered by old verdicts)."""
    hasher = hashlib.sha256(f"ccgov-record-index/1/{__version__}".encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        with contextlib.suppress(OSError):
            status = path.stat()
            hasher.update(
                f"{path.relative_to(package)}:{status.st_size}:{status.st_mtime_ns}\n".encode()
            )
    return hasher.hexdigest()


def encode_findings(findings: Iterable[Finding]) -> str:
    encoded = [[f.file, f.line, f.column, f.code, f.severity, f.message] for f in findings]
    return json.dumps(encoded) if encoded else "[]"


def decode_findings(text: str) -> list[Finding]:
    return [Finding(*entry) for entry in json.loads(text)]


@dataclass(slots=True)
class Row:
    """One file as the index knows it."""

    path: str
    kind: str  # a record kind's name, or "config"
    digest: str
    key: str | None = None  # the id a loaded record is known by (records.links.key_of)
    loaded: bool = False
    findings: list[Finding] = field(default_factory=list)
    refs: list[tuple[str, str]] = field(default_factory=list)
    model: bytes | None = None
    stat: StatKey | None = None

    @property
    def stem(self) -> str:
        # As PurePosixPath(path).stem, for the 100,000 rows of a first run.
        name = self.path.rpartition("/")[2]
        dot = name.rfind(".")
        return name[:dot] if dot > 0 else name


def dump_model(record: Any) -> bytes:
    return pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)


class RecordIndex:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.db = self._connect()

    def _connect(self) -> sqlite3.Connection:
        if self.path is None:
            db = sqlite3.connect(":memory:", isolation_level=None)
            _create(db)
            return db
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._open(self.path)
        except sqlite3.DatabaseError:
            # Not an SQLite file at all (or damaged beyond reading): start over.
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return self._open(self.path)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=10, isolation_level=None)
        try:
            with contextlib.suppress(sqlite3.OperationalError):
                # Readers never wait for the writer, nor the writer for readers.
                db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            if _format(db) != code_stamp():
                # Written by another ccgov: start again, atomically (another
                # process may be doing the same).
                db.execute("BEGIN IMMEDIATE")
                if _format(db) != code_stamp():
                    for table in _TABLES:
                        db.execute(f"DROP TABLE IF EXISTS {table}")
                    _create(db)
                db.execute("COMMIT")
        except BaseException:
            db.close()
            raise
        return db

    def close(self) -> None:
        self.db.close()

    # --- transactions -------------------------------------------------------------

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """One write transaction: everything in it lands, or nothing."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @contextlib.contextmanager
    def trial(self) -> Iterator[None]:
        """Changes made inside are undone when it ends (judging a change)."""
        self.db.execute("SAVEPOINT trial")
        try:
            yield
        finally:
            self.db.execute("ROLLBACK TO trial")
            self.db.execute("RELEASE trial")

    # --- meta ---------------------------------------------------------------------

    def meta(self, name: str) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_meta(self, name: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, json.dumps(value)))

    # --- files --------------------------------------------------------------------

    def rows(self, paths: Iterable[str]) -> dict[str, Row]:
        """The rows of these paths (without their records), with their references."""
        found: dict[str, Row] = {}
        for chunk in _chunks(list(paths)):
            marks = ",".join("?" * len(chunk))
            for path, kind, digest, key, loaded, findings, stat in self.db.execute(
                "SELECT path, kind, digest, key, loaded, findings, stat FROM files "
                f"WHERE path IN ({marks})",
                chunk,
            ):
                found[path] = Row(
                    path,
                    kind,
                    digest,
                    key,
                    bool(loaded),
                    decode_findings(findings),
                    stat=_stat(stat),
                )
            for path, name, target in self.db.execute(
                f"SELECT path, field, target FROM refs WHERE path IN ({marks})", chunk
            ):
                found[path].refs.append((name, target))
        return found

    def digests(self, kinds: Iterable[str] | None = None) -> dict[str, tuple[str, StatKey | None]]:
        """path -> (digest, stat key) of every file (of these kinds)."""
        query = "SELECT path, digest, stat FROM files"
        wanted = list(kinds) if kinds is not None else None
        if wanted is not None:
            query += f" WHERE kind IN ({','.join('?' * len(wanted))})"
        return {
            path: (digest, _stat(stat))
            for path, digest, stat in self.db.execute(query, wanted or [])
        }

    def paths(self, kind: str) -> list[str]:
        return [
            p
            for (p,) in self.db.execute(
                "SELECT path FROM files WHERE kind = ? ORDER BY path", (kind,)
            )
        ]

    def loaded_paths(self, kind: str) -> list[str]:
        return [
            p
            for (p,) in self.db.execute(
                "SELECT path FROM files WHERE kind = ? AND loaded = 1 ORDER BY path", (kind,)
            )
        ]

    def loaded_kinds(self, paths: Iterable[str]) -> dict[str, str]:
        """path -> kind of those of ``paths`` that hold a loaded record."""
        found: dict[str, str] = {}
        for chunk in _chunks(list(paths)):
            found.update(
                self.db.execute(
                    f"SELECT path, kind FROM files WHERE path IN ({','.join('?' * len(chunk))}) "
                    "AND loaded = 1",
                    chunk,
                ).fetchall()
            )
        return found

    def put(self, rows: Iterable[Row], *, new: bool = False) -> None:
        """Write rows (``new``: paths the index does not hold yet)."""
        rows = list(rows)
        self.db.executemany(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    r.path,
                    r.kind,
                    r.digest,
                    r.stem,
                    r.key,
                    int(r.loaded),
                    encode_findings(r.findings),
                    r.model,
                    ":".join(map(str, r.stat)) if r.stat else None,
                )
                for r in rows
            ],
        )
        if not new:
            self.db.executemany("DELETE FROM refs WHERE path = ?", [(r.path,) for r in rows])
        self.db.executemany(
            "INSERT INTO refs VALUES (?, ?, ?)",
            [(r.path, name, target) for r in rows for name, target in r.refs],
        )

    def set_stat(self, path: str, stat: StatKey | None) -> None:
        text = ":".join(map(str, stat)) if stat else None
        self.db.execute("UPDATE files SET stat = ? WHERE path = ?", (text, path))

    def remove(self, paths: Iterable[str]) -> None:
        gone = [(p,) for p in paths]
        for table in ("files", "refs", "verdicts"):
            self.db.executemany(f"DELETE FROM {table} WHERE path = ?", gone)

    def models(self, paths: Iterable[str]) -> dict[str, Any]:
        """The validated records of these paths (those that loaded)."""
        found: dict[str, Any] = {}
        for chunk in _chunks(list(paths)):
            for path, blob in self.db.execute(
                f"SELECT path, model FROM files WHERE path IN ({','.join('?' * len(chunk))}) "
                "AND model IS NOT NULL",
                chunk,
            ):
                found[path] = pickle.loads(blob)
        return found

    # --- ids and references -------------------------------------------------------

    def carriers(self, keys: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
        """id -> every (kind, path) of a loaded record known by it, by path."""
        found: dict[str, list[tuple[str, str]]] = {}
        for chunk in _chunks(list(keys)):
            for key, kind, path in self.db.execute(
                f"SELECT key, kind, path FROM files WHERE key IN ({','.join('?' * len(chunk))}) "
                "ORDER BY path",
                chunk,
            ):
                found.setdefault(key, []).append((kind, path))
        return found

    def carriers_of_kind(self, kind: str) -> dict[str, list[str]]:
        """id -> the paths of the loaded records of ``kind`` known by it."""
        found: dict[str, list[str]] = {}
        for key, path in self.db.execute(
            "SELECT key, path FROM files WHERE kind = ? AND key IS NOT NULL ORDER BY path", (kind,)
        ):
            found.setdefault(key, []).append(path)
        return found

    def all_carriers(self) -> dict[str, list[tuple[str, str]]]:
        found: dict[str, list[tuple[str, str]]] = {}
        for key, kind, path in self.db.execute(
            "SELECT key, kind, path FROM files WHERE key IS NOT NULL ORDER BY path"
        ):
            found.setdefault(key, []).append((kind, path))
        return found

    def unloaded_stems(self, stems: Iterable[str] | None = None) -> set[str]:
        """Stems of record files that exist but did not load."""
        query = "SELECT stem FROM files WHERE loaded = 0 AND kind != 'config'"
        if stems is None:
            return {s for (s,) in self.db.execute(query)}
        found: set[str] = set()
        for chunk in _chunks(list(stems)):
            found |= {
                s
                for (s,) in self.db.execute(
                    f"{query} AND stem IN ({','.join('?' * len(chunk))})", chunk
                )
            }
        return found

    def referrers(self, targets: Iterable[str], field: str | None = None) -> set[str]:
        """Paths of the records naming any of ``targets`` (in ``field``)."""
        found: set[str] = set()
        for chunk in _chunks(list(targets)):
            query = f"SELECT path FROM refs WHERE target IN ({','.join('?' * len(chunk))})"
            args: list[str] = list(chunk)
            if field is not None:
                query += " AND field = ?"
                args.append(field)
            found |= {p for (p,) in self.db.execute(query, args)}
        return found

    def links(self, kind: str, field: str) -> list[tuple[str, str, list[str]]]:
        """(path, key, targets of ``field``) of every loaded record of ``kind``, by path."""
        targets: dict[str, list[str]] = {}
        for path, target in self.db.execute(
            "SELECT refs.path, refs.target FROM refs JOIN files ON files.path = refs.path "
            "WHERE files.kind = ? AND refs.field = ? ORDER BY refs.rowid",
            (kind, field),
        ):
            targets.setdefault(path, []).append(target)
        return [
            (path, key, targets.get(path, []))
            for path, key in self.db.execute(
                "SELECT path, key FROM files WHERE kind = ? AND loaded = 1 ORDER BY path", (kind,)
            )
        ]

    def targets(self, field: str) -> list[str]:
        return [t for (t,) in self.db.execute("SELECT target FROM refs WHERE field = ?", (field,))]

    # --- artifacts ----------------------------------------------------------------

    def artifacts(self, paths: Iterable[str] | None = None) -> dict[str, str]:
        """artifact path -> what validation found of it (of these paths)."""
        if paths is None:
            return dict(self.db.execute("SELECT path, digest FROM artifacts").fetchall())
        found: dict[str, str] = {}
        for chunk in _chunks(list(paths)):
            found.update(
                self.db.execute(
                    f"SELECT path, digest FROM artifacts WHERE path IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
            )
        return found

    def put_artifacts(self, digests: dict[str, str]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO artifacts VALUES (?, ?)", digests.items())

    def drop_unnamed_artifacts(self) -> None:
        """Forget artifacts no CI names any more."""
        self.db.execute(
            "DELETE FROM artifacts WHERE path NOT IN "
            "(SELECT target FROM refs WHERE field = 'artifact')"
        )

    # --- verdicts -----------------------------------------------------------------

    def replace_verdicts(
        self, rule: str, paths: Iterable[str] | None, findings: dict[str, list[Finding]]
    ) -> None:
        """The rule's findings for ``paths`` (None: every path) become ``findings``."""
        if paths is None:
            self.db.execute("DELETE FROM verdicts WHERE rule = ?", (rule,))
        else:
            self.db.executemany(
                "DELETE FROM verdicts WHERE rule = ? AND path = ?", [(rule, p) for p in paths]
            )
        self.db.executemany(
            "INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?)",
            [(rule, path, encode_findings(found)) for path, found in findings.items() if found],
        )

    def clear_verdicts(self) -> None:
        self.db.execute("DELETE FROM verdicts")

    def has_verdicts(self, rule: str, paths: Iterable[str]) -> bool:
        for chunk in _chunks(list(paths)):
            row = self.db.execute(
                f"SELECT 1 FROM verdicts WHERE rule = ? AND path IN ({','.join('?' * len(chunk))}) "
                "LIMIT 1",
                [rule, *chunk],
            ).fetchone()
            if row:
                return True
        return False

    def load_findings(self) -> list[Finding]:
        """What loading the files found (no rule's findings)."""
        found: list[Finding] = []
        for (text,) in self.db.execute("SELECT findings FROM files WHERE findings != '[]'"):
            found += decode_findings(text)
        return found

    def findings(self) -> list[Finding]:
        """Every stored finding: load findings and every rule's."""
        found: list[Finding] = []
        for (text,) in self.db.execute("SELECT findings FROM files WHERE findings != '[]'"):
            found += decode_findings(text)
        for (text,) in self.db.execute("SELECT findings FROM verdicts"):
            found += decode_findings(text)
        return found

    def count_files(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM files").fetchone()[0])

    def count(self, kinds: Iterable[str]) -> int:
        wanted = list(kinds)
        row = self.db.execute(
            f"SELECT COUNT(*) FROM files WHERE kind IN ({','.join('?' * len(wanted))})", wanted
        ).fetchone()
        return int(row[0])


def _create(db: sqlite3.Connection) -> None:
    # One statement at a time: executescript() would commit the open transaction.
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (json.dumps(code_stamp()),))


def _format(db: sqlite3.Connection) -> str | None:
    try:
        row = db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
    except sqlite3.OperationalError:  # no such table: a new file
        return None
    try:
        return str(json.loads(row[0])) if row else None
    except ValueError:
        return None


def _stat(text: str | None) -> StatKey | None:
    if not text:
        return None
    size, mtime, ctime, inode = (int(part) for part in text.split(":"))
    return size, mtime, ctime, inode


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def index_path(git_dir: Path | None, root: Path) -> Path | None:
    """Where the index of the governed ``root`` lives (None: not in a git repository)."""
    if git_dir is None:
        return None
    tag = hashlib.sha1(os.fsencode(root.resolve())).hexdigest()[:12]
    return git_dir / "ccgov" / f"records-{tag}.sqlite"
