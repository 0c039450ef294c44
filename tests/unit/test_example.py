"""The bundled example (examples/northwind) validates clean, and each mistake
seeded into a copy of it is reported at its file and line, with nothing else.
Mistakes that stop a record from loading (YAML and schema errors) are put in
records nothing refers to, so they cause no knock-on dangling references.

The mistakes are data: a text replacement in one file plus the findings it
must cause. A finding's expected line is the line of an anchor text in the
mutated file, so editing the example elsewhere does not break this test."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from ccgov.validation.validate import validate
from helpers import EXAMPLE


@dataclass(frozen=True)
class Expect:
    code: str
    # How exactly one line of the mutated file starts: the reported line.
    anchor: str


@dataclass(frozen=True)
class Mistake:
    file: str
    old: str
    new: str
    expect: tuple[Expect, ...]


MISTAKES: tuple[Mistake, ...] = (
    # An unquoted version is the number 4.1, not the text "4.10".
    Mistake(
        "items/CI-0035.yaml",
        'version: "4.10"',
        "version: 4.10",
        (Expect("SCH004", "version: 4.10"),),
    ),
    # A timestamp without a time zone is never guessed.
    Mistake(
        "incidents/INC-0012.yaml",
        "resolved: 2026-01-26T14:00:00-06:00",
        "resolved: 2026-01-26T14:00:00",
        (Expect("SCH005", "resolved: 2026-01-26T14:00:00"),),
    ),
    # A typo in a key name.
    Mistake(
        "requirements/REQ-0014.yaml",
        "rationale:",
        "rationalle:",
        (Expect("SCH002", "rationalle:"),),
    ),
    # A value outside its vocabulary.
    Mistake(
        "changes/RFC-0012.yaml",
        "risk: medium",
        "risk: moderate",
        (Expect("SCH003", "risk: moderate"),),
    ),
    # The id no longer matches the file name.
    Mistake(
        "incidents/INC-0040.yaml",
        "id: INC-0040",
        "id: INC-0400",
        (Expect("ID001", "id: INC-0400"),),
    ),
    # A dependency on a configuration item that does not exist.
    Mistake(
        "items/CI-0032.yaml",
        "depends_on: [CI-0001]",
        "depends_on: [CI-0100]",
        (Expect("REF003", "depends_on: [CI-0100]"),),
    ),
    # An owner who is not in ccgov.yaml.
    Mistake(
        "requirements/REQ-0009.yaml",
        "owner: mreyes",
        "owner: mreyse",
        (Expect("REF001", "owner: mreyse"),),
    ),
    # A RACI column that is not a declared role.
    Mistake(
        "raci/incident-sev3-4.yaml",
        "raci: {help_desk: AR, liaison: C}",
        "raci: {helpdesk: AR, liaison: C}",
        (Expect("REF002", "    raci: {helpdesk: AR"),),
    ),
    # Two roles accountable for one activity.
    Mistake(
        "raci/rfc.yaml",
        "raci: {cab: AR, liaison: R, security: C}",
        "raci: {cab: AR, liaison: A, security: C}",
        (Expect("RACI001", "  - name: Approve or reject"),),
    ),
    # REQ-0013 refines REQ-0001; now REQ-0001 also refines REQ-0013.
    Mistake(
        "requirements/REQ-0001.yaml",
        "area: routing\n",
        "area: routing\nparents: [REQ-0013]\n",
        (Expect("CYC001", "parents: [REQ-0013]"),),
    ),
    # An SLA naming a calendar ccgov.yaml does not define.
    Mistake(
        "slas/SLA-0002.yaml",
        "calendar: cc-extended",
        "calendar: cc-extnded",
        (Expect("REF004", "calendar: cc-extnded"),),
    ),
    # Widening an approved RFC's scope voids its approval, so the RFC now
    # lacks the approval its status claims.
    Mistake(
        "changes/RFC-0010.yaml",
        "affects: [CI-0017, CI-0025]",
        "affects: [CI-0017, CI-0023, CI-0025]",
        (Expect("RFC005", "    content_hash: sha256:"), Expect("RFC001", "status: approved")),
    ),
    # The requester approves their own RFC.
    Mistake(
        "changes/RFC-0011.yaml",
        "  - by: hnakamura",
        "  - by: dokafor",
        (Expect("RFC002", "  - by: dokafor"),),
    ),
    # Resolved before it was responded to (and before it opened).
    Mistake(
        "incidents/INC-0016.yaml",
        "resolved: 2026-02-05T12:10:00-06:00",
        "resolved: 2026-02-05T07:10:00-06:00",
        (Expect("INC001", "resolved: 2026-02-05T07:10:00-06:00"),),
    ),
    # The second pause starts before the first one ends.
    Mistake(
        "incidents/INC-0029.yaml",
        "start: 2026-03-05T13:00:00-06:00",
        "start: 2026-03-04T13:00:00-06:00",
        (Expect("INC002", "  - start: 2026-03-04T13:00:00-06:00"),),
    ),
    # A key given twice.
    Mistake(
        "incidents/INC-0034.yaml",
        "assignee: tbrennan\n",
        "assignee: tbrennan\nassignee: acarter\n",
        (Expect("YAML002", "assignee: acarter"),),
    ),
    # A problem closed while its action A1 is still open.
    Mistake(
        "problems/PRB-0002.yaml",
        "status: known_error\n",
        "status: closed\nclosed: 2026-03-31T10:00:00-05:00\n",
        (Expect("PRB001", "  - id: A1"),),
    ),
    # A notification for an escalation step SLA-0002 does not have.
    Mistake(
        "incidents/INC-0042.yaml",
        "  - step: 2",
        "  - step: 3",
        (Expect("INC007", "  - step: 3"),),
    ),
    # An escalation recorded before the incident opened.
    Mistake(
        "incidents/INC-0025.yaml",
        "    at: 2026-02-24T07:22:00-06:00",
        "    at: 2026-02-24T06:40:00-06:00",
        (Expect("INC006", "    at: 2026-02-24T06:40:00-06:00"),),
    ),
    # A quarter among the months of a monthly KPI.
    Mistake(
        "kpis/ivr-containment.yaml",
        "  - period: 2025-11",
        "  - period: 2025-Q4",
        (Expect("KPI001", "  - period: 2025-Q4"),),
    ),
    # A severity 2 closed without its root cause (policy.rca).
    Mistake(
        "incidents/INC-0036.yaml",
        "root_cause: >-\n  A conditional-access policy published at 06:00 blocked the Tulsa office IP\n"
        "  range.\n",
        "",
        (Expect("RCA001", "closed:"),),
    ),
    # A tab used for indentation.
    Mistake(
        "raci/proactive-optimisation.yaml",
        "    raci: {wfm: AR, liaison: C}",
        "\traci: {wfm: AR, liaison: C}",
        (Expect("YAML001", "\traci: {wfm: AR"),),
    ),
)


def _line_of(path: Path, anchor: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [number for number, line in enumerate(lines, 1) if line.startswith(anchor)]
    assert len(hits) == 1, f"anchor {anchor!r} starts lines {hits} of {path}, not exactly one"
    return hits[0]


def _seed(root: Path, mistakes: tuple[Mistake, ...] = MISTAKES) -> set[tuple[str, int, str]]:
    """Apply the mistakes to the copy at ``root``; return the (file, line, code)
    findings they must cause."""
    for mistake in mistakes:
        path = root / mistake.file
        text = path.read_text(encoding="utf-8")
        assert text.count(mistake.old) == 1, f"{mistake.old!r} is not once in {mistake.file}"
        path.write_text(text.replace(mistake.old, mistake.new), encoding="utf-8")
    return {
        (mistake.file, _line_of(root / mistake.file, expect.anchor), expect.code)
        for mistake in mistakes
        for expect in mistake.expect
    }


def test_mistakes_are_distinct() -> None:
    files = [mistake.file for mistake in MISTAKES]
    codes = [expect.code for mistake in MISTAKES for expect in mistake.expect]
    assert len(set(files)) == len(files), "one mistake per file keeps the findings apart"
    assert len(set(codes)) == len(codes)


def test_example_validates_clean(example_repo: Path, cli) -> None:
    assert validate(example_repo).findings == []
    result = cli("-C", example_repo, "validate", "--format", "json")
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout) == []


def test_example_source_validates_clean() -> None:
    """The tree `ccgov init --example` copies, as shipped (not a git copy)."""
    result = validate(EXAMPLE)
    assert result.findings == []
    assert result.files_checked > 100


def test_seeded_mistakes_are_reported_exactly(example_repo: Path) -> None:
    expected = _seed(example_repo)
    findings = validate(example_repo).findings
    assert {(f.file, f.line, f.code) for f in findings} == expected
    assert len(findings) == len(expected), "each mistake is reported once"
    assert all(f.severity == "error" for f in findings)


def test_seeded_mistakes_through_the_cli(example_repo: Path, cli) -> None:
    expected = _seed(example_repo)
    result = cli("-C", example_repo, "validate", "--format", "json")
    assert result.exit_code == 1
    reported = json.loads(result.stdout)
    assert {(f["file"], f["line"], f["code"]) for f in reported} == expected
    assert len(reported) == len(expected)


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: "+".join(e.code for e in m.expect))
def test_each_mistake_alone(example_repo: Path, mistake: Mistake) -> None:
    """One mistake at a time: its findings do not depend on the others."""
    expected = _seed(example_repo, (mistake,))
    assert {(f.file, f.line, f.code) for f in validate(example_repo).findings} == expected
