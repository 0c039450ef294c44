"""Export rows -> incident record data (imports/incident_rows.py, classify and
read_source in imports/incidents.py), without git: what the repository holds
is a hand-made Known."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

import pytest

from ccgov.imports.incident_rows import Known
from ccgov.imports.incidents import Classified, classify, read_source
from ccgov.imports.problems import CellError, ImportRefusedError, Problems
from ccgov.imports.timestamps import Timestamps
from helpers import ROOT, known_facts

DATA = ROOT / "tests" / "data" / "import"
MAPPING = (DATA / "mapping.yaml").read_text(encoding="utf-8")
HEADER = (
    "Number,Short description,Priority,Service,Opened,First response,Resolved,Closed,"
    "Assigned to,Caller,Configuration item,Description"
)
GOOD = (
    "INC1,Queue overflow not routing,2 - High,Contact center,03/02/2026 09:15,"
    "03/02/2026 09:20,03/02/2026 12:00,,Carol Telecom,Floor,Main routing script,"
)


def known(**changes: object) -> Known:
    base: Known = known_facts()
    for name, value in changes.items():
        setattr(base, name, value)
    return base


def convert(*rows: str, mapping: str = MAPPING, header: str = HEADER, **facts: object):
    text = "\n".join([header, *rows]) + "\n"
    source = read_source("export.csv", text.encode(), "mapping.yaml", mapping.encode())
    return classify(source, known(**facts))


def problems(result: Classified) -> list[str]:
    return [str(p) for p in result.problems.items]


def only(result: Classified) -> str:
    [problem] = problems(result)
    return problem


def record(*rows: str, **options: object) -> dict[str, object]:
    result = convert(*rows, **options)  # type: ignore[arg-type]
    assert problems(result) == []
    [accepted] = result.accepted
    return accepted.record


# --- the normal path ---------------------------------------------------------


def test_a_row_becomes_record_data() -> None:
    assert record(GOOD) == {
        "title": "Queue overflow not routing",
        "severity": 2,
        "sla": "SLA-0001",
        "opened": "2026-03-02T09:15:00-06:00",
        "responded": "2026-03-02T09:20:00-06:00",
        "resolved": "2026-03-02T12:00:00-06:00",
        "affects": ["CI-0001"],
        "reported_by": "Floor",
        "assignee": "carol",
    }


def test_the_shared_export_converts_cleanly() -> None:
    source = read_source(
        "export.csv", (DATA / "export.csv").read_bytes(), "mapping.yaml", MAPPING.encode()
    )
    result = classify(source, known())
    assert problems(result) == []
    # Row 2's description spans two lines of the file; it is still one row.
    assert [c.row for c in result.accepted] == [2, 3, 4]
    assert [(d.row, d.duplicate_of) for d in result.duplicates] == [(5, "row 2")]
    assert result.accepted[2].record["opened"] == "2026-03-10T08:00:00-05:00"
    assert result.accepted[0].record["description"] == (
        "Callers pressing 2 hear silence,\nthen the call drops."
    )


def test_values_are_looked_up_ignoring_case_and_spacing() -> None:
    row = GOOD.replace("2 - High", "2  -  HIGH").replace("Carol Telecom", "carol telecom")
    data = record(row.replace("Main routing script", '"main routing script; CI-0002, CI-0001"'))
    assert data["severity"] == 2 and data["assignee"] == "carol"
    assert data["affects"] == ["CI-0001", "CI-0002"]  # in order, once each


def test_constants_fill_empty_cells_and_unmapped_fields() -> None:
    mapping = MAPPING.replace("  reported_by: Service desk", "  reported_by: Desk\n  severity: 3")
    data = record(GOOD.replace("2 - High", "").replace("Floor", ""), mapping=mapping)
    assert data["severity"] == 3 and data["reported_by"] == "Desk"


def test_plain_severities_without_a_map() -> None:
    mapping = MAPPING.split("severities:")[0] + "slas:" + MAPPING.split("slas:")[1]
    assert record(GOOD.replace("2 - High", "4"), mapping=mapping)["severity"] == 4
    assert "unknown severity '5'" in only(convert(GOOD.replace("2 - High", "5"), mapping=mapping))


# --- timestamps --------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "03/02/9999 09:15",
        "12/31/9999 23:30",  # converting it to UTC overflowed once
        "0001-01-01T00:00:00+05:00",  # so did this
        "01/01/1969 12:00",
        "1970-01-01T00:30:00+01:00",  # 1969 in UTC
        "2999-12-31T23:30:00-05:00",  # 3000 in UTC
    ],
)
def test_a_time_outside_1970_to_2999_is_a_located_error(cell: str) -> None:
    result = convert(GOOD.replace("03/02/2026 09:15", cell))
    assert only(result) == (
        f"export.csv row 2, column E (Opened): {cell!r} is outside the supported range "
        "(1970 to 2999); check the year"
    )
    assert result.accepted == []


def test_the_range_is_checked_before_any_arithmetic_with_zones() -> None:
    class ClocksChangeAtTheEndOfTime(tzinfo):
        """A zone whose clocks go back at 9999-12-31 23:00, so a local time there
        needs converting to UTC to tell the two instants apart."""

        def utcoffset(self, dt: datetime | None) -> timedelta:
            late = dt is not None and dt.replace(tzinfo=None) >= datetime(9999, 12, 31, 23)
            return timedelta(hours=-5 if late and not dt.fold else -6)

        def dst(self, dt: datetime | None) -> timedelta:
            return timedelta(0)

        def tzname(self, dt: datetime | None) -> str:
            return "X"

    times = Timestamps(["%Y-%m-%d %H:%M"], ClocksChangeAtTheEndOfTime(), "X", "error")
    with pytest.raises(CellError, match="outside the supported range"):
        times.parse("opened", "9999-12-31 23:30")


def test_the_range_is_checked_in_every_time_column() -> None:
    result = convert(GOOD.replace("03/02/2026 12:00", "12/31/9999 23:59"))
    assert only(result).startswith("export.csv row 2, column G (Resolved): '12/31/9999 23:59'")


@pytest.mark.parametrize("cell", ["1970-01-01T00:00:00Z", "2999-12-31T23:59:59+00:00"])
def test_the_ends_of_the_range_are_accepted(cell: str) -> None:
    row = GOOD.replace("03/02/2026 09:15", cell).replace("03/02/2026 09:20", "")
    assert record(row.replace("03/02/2026 12:00", ""))["opened"] == cell.replace("Z", "+00:00")


def test_a_time_that_matches_no_format() -> None:
    assert only(convert(GOOD.replace("03/02/2026 09:15", "2026-03-02"))).endswith(
        "'2026-03-02' is not a timestamp in the mapping's timestamp_formats "
        "(%m/%d/%Y %H:%M, ISO 8601)"
    )


def test_local_times_in_a_dst_change() -> None:
    skipped = convert(GOOD.replace("03/02/2026 09:20", "03/08/2026 02:30"))
    assert "column F (First response): '03/08/2026 02:30' does not exist" in only(skipped)
    twice = GOOD.replace("03/02/2026 09:15", "11/01/2026 01:30")
    twice = twice.replace("03/02/2026 09:20", "").replace("03/02/2026 12:00", "")
    assert "happens twice in America/Chicago" in only(convert(twice))
    later = MAPPING.replace("timezone:", "ambiguous_times: later\ntimezone:")
    earlier = MAPPING.replace("timezone:", "ambiguous_times: earlier\ntimezone:")
    assert record(twice, mapping=later)["opened"] == "2026-11-01T01:30:00-06:00"
    assert record(twice, mapping=earlier)["opened"] == "2026-11-01T01:30:00-05:00"


def test_times_out_of_order() -> None:
    result = convert(GOOD.replace("03/02/2026 12:00", "03/02/2026 09:00"))
    assert only(result) == (
        "export.csv row 2, column G (Resolved): resolved (2026-03-02T09:00:00-06:00) is "
        "before responded (2026-03-02T09:20:00-06:00)"
    )


def test_a_naive_time_needs_the_mapping_zone() -> None:
    mapping = MAPPING.replace("timezone: America/Chicago\n", "")
    assert "has no UTC offset and the mapping names no timezone" in only(
        convert(GOOD, mapping=mapping)
    )


# --- references and values ---------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("Queue overflow not routing", " ", "column B (Short description): the title is empty"),
        ("03/02/2026 09:15", "", "column E (Opened): the opened time is empty"),
        ("2 - High", "Urgent", "column C (Priority): unknown severity 'Urgent'"),
        ("Contact center", "Billing", "column D (Service): unknown SLA 'Billing'"),
        ("Contact center", "SLA-0009", "there is no SLA SLA-0009 in the repository"),
        ("Carol Telecom", "Mallory", "column I (Assigned to): 'Mallory' is not a person"),
        ("Main routing script", "CI-0099", "column K (Configuration item): no configuration"),
        ("Main routing script", "Phones", "unknown configuration item 'Phones'"),
    ],
)
def test_a_bad_cell_is_named_by_row_and_column(old: str, new: str, expected: str) -> None:
    other = GOOD.replace("INC1", "INC2").replace(old, new).replace("Queue", "Skill")
    result = convert(GOOD, other)
    assert [c.row for c in result.accepted] == [2]
    assert only(result).startswith("export.csv row 3, ") and expected in only(result)


def test_an_sla_without_a_target_for_the_severity() -> None:
    mapping = MAPPING.replace("Contact center: SLA-0001", "Contact center: SLA-0002")
    assert only(convert(GOOD.replace("2 - High", "3 - Moderate"), mapping=mapping)) == (
        "export.csv row 2, column C (Priority): SLA-0002 sets no target for severity 3"
    )


def test_values_from_the_mapping_say_so() -> None:
    mapping = (
        "timezone: America/Chicago\ntimestamp_formats: ['%m/%d/%Y %H:%M']\nsla: SLA-0009\n"
        "columns: {title: Short description, opened: Opened}\n"
        "constants: {severity: 2, assignee: zed, caused_by: RFC-0002}\n"
    )
    assert problems(convert(GOOD, mapping=mapping)) == [
        "export.csv row 2: there is no SLA SLA-0009 in the repository (known: SLA-0001, "
        "SLA-0002) (from the mapping's sla)",
        "export.csv row 2: there is no RFC RFC-0002 in the repository "
        "(from the mapping's constants.caused_by)",
        "export.csv row 2: 'zed' is not a person in ccgov.yaml "
        "(from the mapping's constants.assignee)",
    ]


def test_an_assignee_mapped_to_someone_unknown() -> None:
    mapping = MAPPING.replace("Carol Telecom: carol", "Carol Telecom: caroline")
    assert "'Carol Telecom' maps to 'caroline', who is not a person" in only(
        convert(GOOD, mapping=mapping)
    )


# --- duplicates --------------------------------------------------------------


def test_repeats_within_the_export_and_recorded_ones_are_skipped() -> None:
    other = GOOD.replace("INC1", "INC2").replace("Queue", "Skill")
    retitled = GOOD.replace("Queue overflow", "Queue  OVERFLOW").replace("INC1", "")
    result = convert(GOOD, other, GOOD.replace("2 - High", "Junk"), retitled)
    assert problems(result) == []  # a duplicate's other cells do not matter
    assert [(d.row, d.duplicate_of) for d in result.duplicates] == [(4, "row 2"), (5, "row 2")]
    recorded = convert(GOOD, other, tickets={"INC2": "INC-0042"})
    assert [(d.row, d.duplicate_of) for d in recorded.duplicates] == [(3, "INC-0042")]
    [first] = recorded.accepted
    by_time = convert(GOOD, incidents={(first.opened, "queue overflow not routing"): "INC-7"})
    assert [d.duplicate_of for d in by_time.duplicates] == ["INC-7"]


# --- the source: mapping, columns, rows --------------------------------------


def refusal(csv: bytes, mapping: str = MAPPING) -> ImportRefusedError:
    with pytest.raises(ImportRefusedError) as caught:
        read_source("export.csv", csv, "mapping.yaml", mapping.encode())
    return caught.value


def test_the_source_is_refused_with_located_problems() -> None:
    assert [str(p) for p in refusal(b"").problems] == [
        "export.csv: the file is empty: expected a header row naming the columns, then the rows"
    ]
    quiet_day = read_source(
        "export.csv", HEADER.encode() + b"\n\n", "mapping.yaml", MAPPING.encode()
    )
    assert not quiet_day.table.rows and quiet_day.table.blank_rows == 1
    missing = refusal(HEADER.replace("Priority", "Prio").encode() + b"\n" + GOOD.encode())
    assert "missing column 'Priority' (columns.severity, did you mean 'Prio'?)" in str(missing)
    cp1252 = refusal((HEADER + "\n" + GOOD.replace("Floor", "Café")).encode("cp1252"))
    assert "row 2, column J (Caller): byte 0xe9 is not valid utf-8" in str(cp1252)
    assert cp1252.hint is not None and "encoding: cp1252" in cp1252.hint
    ascii_mapping = MAPPING.replace("timezone:", "encoding: ascii\ntimezone:")
    ascii = refusal((HEADER + "\n" + GOOD.replace("Floor", "Café")).encode(), ascii_mapping)
    assert "byte 0xc3 is not valid ascii" in str(ascii)
    assert ascii.hint == "check the mapping's encoding"
    mapping = refusal(b"", MAPPING.replace("timezone:", "time_zone:"))
    assert [str(p) for p in mapping.problems] == [
        "mapping.yaml:3:1: unknown key 'time_zone'; did you mean 'timezone'?"
    ]


def test_ragged_rows_are_problems_beside_the_row_problems() -> None:
    result = convert(GOOD, "INC6,too,few", GOOD.replace("INC1", "INC7").replace("09:15", "x"))
    assert [p.line for p in result.problems.items] == [3, 4]
    assert "row 3: the row has 3 cells, the header 12" in problems(result)[0]


def test_semicolons_and_utf16_are_read_as_they_come() -> None:
    text = (HEADER + "\n" + GOOD + "\n").replace(",", ";")
    source = read_source("e.csv", text.encode("utf-16"), "m.yaml", MAPPING.encode())
    assert source.table.delimiter == ";"
    assert len(classify(source, known()).accepted) == 1


def test_problems_are_capped() -> None:
    collected = Problems(limit=2)
    for _ in range(5):
        collected.extend(convert(GOOD.replace("2 - High", "?")).problems.items)
    assert len(collected.items) == 2 and collected.more == 3
    with pytest.raises(ImportRefusedError, match=r"5 problems:(.|\n)*\.\.\. and 3 more"):
        collected.raise_if_any()
