"""Data-driven record examples: tests/data/<kind>/{positive,negative}/*.yaml.

A positive file must load with no findings. A negative file states what it
must produce in its leading comment, one finding per line::

    # expect: SCH004 6:10 quote it

(code, line:column, and optionally text the message must contain); the
findings must be exactly those. A ``# path: items/CI-0001.yaml`` line says
where the file would sit in a repository (the id must match that name);
by default it is ``<kind directory>/<file name>`` (``ccgov.yaml`` for config).
Only single-file loading is checked here; cross-record rules have their own
tests in test_rules.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from ccgov.records.base import Model
from ccgov.records.config import RepoConfig
from ccgov.records.kinds import CONFIG_FILE, KIND_BY_NAME
from ccgov.store.loader import load_record

DATA = Path(__file__).resolve().parent.parent / "data"
KINDS = (
    "config",
    "requirement",
    "raci",
    "item",
    "change",
    "sla",
    "incident",
    "baseline",
    "demand",
    "plan",
    "risk",
    "link",
    "routine",
    "meeting",
    "vendor",
    "problem",
    "knowledge",
    "kpi",
)

_EXPECT = re.compile(
    rb"^#\s*expect:\s*(?P<code>[A-Z]+[0-9]{3})\s+(?P<line>[0-9]+):(?P<column>[0-9]+)"
    rb"(?:\s+(?P<text>.*?))?\s*$"
)
_PATH = re.compile(rb"^#\s*path:\s*(?P<path>\S+)\s*$")


@dataclass(frozen=True)
class Expected:
    code: str
    line: int
    column: int
    text: str | None


def header(data: bytes) -> list[bytes]:
    """The leading comment lines (bytes: some negative files are not UTF-8)."""
    lines = []
    for line in data.splitlines():
        if not line.startswith(b"#"):
            break
        lines.append(line)
    return lines


def expectations(data: bytes) -> list[Expected]:
    found = []
    for line in header(data):
        match = _EXPECT.match(line)
        if match:
            text = match["text"].decode() if match["text"] else None
            found.append(
                Expected(match["code"].decode(), int(match["line"]), int(match["column"]), text)
            )
    return found


def model_for(kind: str, file: Path, data: bytes) -> tuple[str, type[Model], str | None]:
    """(repository path, model, id field) to load ``file`` with."""
    declared = next((m["path"].decode() for line in header(data) if (m := _PATH.match(line))), None)
    if kind == "config":
        return declared or CONFIG_FILE, RepoConfig, None
    record_kind = KIND_BY_NAME[kind]
    path = declared or f"{record_kind.directory}/{file.name}"
    return path, record_kind.model, record_kind.id_field


def cases(group: str) -> list[object]:
    return [
        pytest.param(kind, file, id=f"{kind}/{group}/{file.name}")
        for kind in KINDS
        for file in sorted((DATA / kind / group).glob("*.yaml"))
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_examples(kind: str) -> None:
    assert len(list((DATA / kind / "positive").glob("*.yaml"))) >= 2
    assert len(list((DATA / kind / "negative").glob("*.yaml"))) >= 4


@pytest.mark.parametrize(("kind", "file"), cases("positive"))
def test_positive(kind: str, file: Path) -> None:
    data = file.read_bytes()
    path, model, id_field = model_for(kind, file, data)
    loaded, findings = load_record(path, data, model, id_field=id_field)
    assert findings == []
    assert loaded is not None


@pytest.mark.parametrize(("kind", "file"), cases("negative"))
def test_negative(kind: str, file: Path) -> None:
    data = file.read_bytes()
    expected = expectations(data)
    assert expected, f"{file.name} has no '# expect: CODE line:column' line"
    path, model, id_field = model_for(kind, file, data)
    _, findings = load_record(path, data, model, id_field=id_field)
    actual = sorted((f.code, f.line, f.column) for f in findings)
    assert actual == sorted((e.code, e.line, e.column) for e in expected), "\n".join(
        f"# expect: {f.code} {f.line}:{f.column} {f.message}" for f in findings
    )
    for wanted in expected:
        if wanted.text is None:
            continue
        messages = [
            f.message
            for f in findings
            if (f.code, f.line, f.column) == (wanted.code, wanted.line, wanted.column)
        ]
        assert any(wanted.text in message for message in messages), (wanted, messages)
    assert all(f.file == path for f in findings)
