"""Data-driven import examples: tests/data/import/.

- ``positive/*.csv``: read with ``mapping.yaml`` and converted with no problem.
- ``negative/*.csv``: each beside a ``.expect`` file listing, in order, every
  problem it must produce, one a line: ``PLACE: text`` where PLACE is where
  the problem is (``row 3, column C (Priority)``, ``row 4``, or ``file``) and
  the message must contain the text. Lines starting with # are comments.
- ``mappings/negative/*.yaml``: mapping files whose leading ``# expect:
  LINE:COLUMN text`` comments list their problems, as record files do.

The repository's facts are :func:`helpers.known_facts`; nothing touches git.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ccgov.imports.incidents import classify, read_source
from ccgov.imports.mapping import load_mapping
from ccgov.imports.problems import ImportRefusedError, Problem
from helpers import ROOT, known_facts

DATA = ROOT / "tests" / "data" / "import"
MAPPING = (DATA / "mapping.yaml").read_bytes()
_EXPECT = re.compile(r"^#\s*expect:\s*(?P<line>[0-9]+):(?P<column>[0-9]+)\s+(?P<text>.*?)\s*$")


def problems_of(csv: Path) -> list[Problem]:
    try:
        source = read_source(csv.name, csv.read_bytes(), "mapping.yaml", MAPPING)
    except ImportRefusedError as refused:
        return refused.problems
    return classify(source, known_facts()).problems.items


@pytest.mark.parametrize("csv", sorted((DATA / "positive").glob("*.csv")), ids=lambda p: p.name)
def test_positive(csv: Path) -> None:
    source = read_source(csv.name, csv.read_bytes(), "mapping.yaml", MAPPING)
    result = classify(source, known_facts())
    assert [str(p) for p in result.problems.items] == []
    assert result.accepted


@pytest.mark.parametrize("csv", sorted((DATA / "negative").glob("*.csv")), ids=lambda p: p.name)
def test_negative(csv: Path) -> None:
    lines = csv.with_suffix(".expect").read_text(encoding="utf-8").splitlines()
    expected = [line.split(": ", 1) for line in lines if line and not line.startswith("#")]
    assert expected, f"{csv.name}: the .expect file lists no problem"
    found = problems_of(csv)
    assert [p.place or "file" for p in found] == [place for place, _ in expected], found
    for problem, (_, text) in zip(found, expected, strict=True):
        assert text in problem.message, problem


def test_every_negative_export_has_its_expectations() -> None:
    exports = {p.stem for p in (DATA / "negative").glob("*.csv")}
    assert exports == {p.stem for p in (DATA / "negative").glob("*.expect")}


@pytest.mark.parametrize(
    "mapping", sorted((DATA / "mappings" / "negative").glob("*.yaml")), ids=lambda p: p.name
)
def test_negative_mapping(mapping: Path) -> None:
    data = mapping.read_bytes()
    expected = [
        (int(m["line"]), int(m["column"]), m["text"])
        for line in data.decode().splitlines()
        if (m := _EXPECT.match(line))
    ]
    assert expected, f"{mapping.name} states no # expect: line"
    loaded, problems = load_mapping(mapping.name, data)
    assert loaded is None
    assert [(p.line, p.column) for p in problems] == [(line, col) for line, col, _ in expected]
    for problem, (_, _, text) in zip(problems, expected, strict=True):
        assert text in problem.message, problem
