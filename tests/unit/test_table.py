"""The shared reader of outside tables (imports/table.py, imports/columns.py):
bytes in, header and located rows out, every problem at its row and column."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ccgov.errors import CcgovError
from ccgov.imports.columns import check_columns, match_columns
from ccgov.imports.table import DELIMITERS, Table, read_limited, read_table, sniff

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BAD = "\ue001"  # stands for an undecodable byte; never generated otherwise
TRICKY = list(',;\t"\n\r ')
cells = st.text(
    alphabet=st.one_of(
        st.sampled_from(TRICKY),
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufeff" + BAD),
    ),
    max_size=12,
)
names = cells.filter(lambda name: bool(name) and name.strip() == name)
plain_names = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N"), blacklist_characters="\ufeff" + BAD),
    min_size=1,
    max_size=8,
)


@st.composite
def tables(draw: st.DrawFn, header_names: st.SearchStrategy[str] = names, min_columns: int = 1):
    """(header, rows): rows are lists of cells, or None for a blank line."""
    header = draw(st.lists(header_names, min_size=min_columns, max_size=5))
    row = st.lists(cells, min_size=len(header), max_size=len(header)).filter(
        lambda r: any(c.strip() for c in r)
    )
    rows = draw(st.lists(st.one_of(row, st.none()), max_size=8))
    return header, rows


def written(header: list[str], rows: list[list[str] | None], delimiter: str, end: str) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator=end)
    writer.writerow(header)
    for row in rows:
        if row is None:
            out.write(end)
        else:
            writer.writerow(row)
    return out.getvalue()


def readable(text: str, header: list[str], rows: list[list[str] | None], delimiter: str) -> bool:
    """Does Python's own reader get the table back? With a "\n" line end, the
    3.11 writer leaves a "\r" in a cell unquoted, which no reader can undo."""
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return records == [header] + [row if row is not None else [] for row in rows]


def start_lines(header: list[str], rows: list[list[str] | None], delimiter: str, end: str):
    """The file line each data row starts on, counted the way editors count."""
    lines = []
    for index, row in enumerate(rows):
        before = written(header, rows[:index], delimiter, end)
        if row is not None:
            lines.append(len(re.findall(r"\r\n|\r|\n", before)) + 1)
    return lines


def check_round_trip(table: Table, header: list[str], rows: list[list[str] | None]) -> None:
    assert table.problems == () and table.failure is None
    assert table.header == tuple(header)
    assert table.header_row == 1
    data = [(number, row) for number, row in enumerate(rows, start=2) if row is not None]
    assert [r.cells for r in table.rows] == [tuple(row) for _, row in data]
    assert [r.number for r in table.rows] == [number for number, _ in data]
    assert table.blank_rows == sum(row is None for row in rows)
    for row in table.rows:
        for column in range(1, len(header) + 1):
            cell = row.cell(column)
            assert (cell.row, cell.column) == (row.number, column)


@PROPERTY
@given(
    tables(),
    st.sampled_from(DELIMITERS),
    st.sampled_from(["\r\n", "\n"]),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_any_table_python_writes_reads_back_cell_for_cell(
    drawn: tuple[list[str], list[list[str] | None]], delimiter: str, end: str, encoding: str
) -> None:
    header, rows = drawn
    text = written(header, rows, delimiter, end)
    assume(readable(text, header, rows, delimiter))
    table = read_table("t.csv", text.encode(encoding), delimiter=delimiter)
    check_round_trip(table, header, rows)
    assert [r.line for r in table.rows] == start_lines(header, rows, delimiter, end)


@PROPERTY
@given(tables(plain_names, min_columns=2), st.sampled_from(DELIMITERS))
def test_the_delimiter_is_sniffed_from_the_header(
    drawn: tuple[list[str], list[list[str] | None]], delimiter: str
) -> None:
    header, rows = drawn
    table = read_table("t.csv", written(header, rows, delimiter, "\r\n").encode())
    assert table.delimiter == delimiter
    check_round_trip(table, header, rows)


@PROPERTY
@given(tables(), st.sampled_from(DELIMITERS), st.data())
def test_an_undecodable_byte_is_located_to_its_cell(
    drawn: tuple[list[str], list[list[str] | None]], delimiter: str, data: st.DataObject
) -> None:
    header, rows = drawn
    at = data.draw(st.integers(0, len(rows)))  # 0: the header
    column = data.draw(st.integers(0, len(header) - 1))
    if at:
        if rows[at - 1] is None:
            rows[at - 1] = [""] * len(header)
        spoilt = list(rows[at - 1] or [])
        spoilt[column] += BAD
        rows[at - 1] = spoilt
    else:
        header = [*header]
        header[column] += BAD
    text = written(header, rows, delimiter, "\r\n")
    raw = text.encode().replace(BAD.encode(), b"\xff")
    table = read_table("t.csv", raw, delimiter=delimiter)
    assert table.failure == "encoding"
    [problem] = table.problems
    assert (problem.line, problem.column) == (at + 1, column + 1)
    assert problem.heading == (header[column].strip() or None if at else None)
    assert "byte 0xff is not valid utf-8" in problem.message


# --- rows, blank rows, ragged rows -------------------------------------------


def test_row_numbers_count_records_and_blank_lines_as_a_spreadsheet_does() -> None:
    text = '\n , \nA,B\n1,"two\nlines"\n\n3,4\r\n5,6\n'
    table = read_table("t.csv", text.encode())
    assert table.header == ("A", "B") and table.header_row == 3
    assert [(r.number, r.line) for r in table.rows] == [(4, 4), (6, 7), (7, 8)]
    assert table.rows[0].cells == ("1", "two\nlines")
    assert table.blank_rows == 1  # the ones above the header are not data


def test_header_names_are_stripped_and_cells_kept_as_written() -> None:
    table = read_table("t.csv", b" Title , Opened \n  x ,\r\n")
    assert table.header == ("Title", "Opened")
    assert table.rows[0].cells == ("  x ", "")
    assert table.heading(2) == "Opened" and table.heading(3) is None


def test_ragged_rows_are_located_and_left_out() -> None:
    table = read_table("t.csv", b"A,B,C\n1,2,3\n1,2\n1,2,3,4\n5,6,7\n")
    assert [r.number for r in table.rows] == [2, 5]
    short, long = table.problems
    assert (short.line, short.column) == (3, 0)
    assert short.message.startswith("the row has 2 cells, the header 3; is it cut short")
    assert (long.line, long.column) == (4, 0)
    assert "the row has 4 cells, the header 3; is a value holding a ',' missing its quotes?" in (
        long.message
    )
    assert table.failure is None


def test_malformed_quoting_stops_the_reader_where_it_lost_its_way() -> None:
    table = read_table("t.csv", b'A,B\n1,2\n3,"x"y\n4,5\n')
    [problem] = table.problems
    assert (problem.line, problem.column) == (3, 0)
    assert problem.message.startswith("the file is not well-formed CSV here:")
    assert [r.number for r in table.rows] == [2]


def test_a_quote_never_closed() -> None:
    [problem] = read_table("t.csv", b'A,B\n1,"2\n3,4\n').problems
    assert problem.line == 2
    assert "a quoted value that starts in this row is never closed" in problem.message


def test_a_cell_over_the_field_limit() -> None:
    data = b'A,B\n1,"' + b"x" * (csv.field_size_limit() + 1) + b'"\n'
    [problem] = read_table("t.csv", data).problems
    assert problem.line == 2 and "a cell is longer than" in problem.message


def test_a_header_that_cannot_be_read() -> None:
    table = read_table("t.csv", b'"A"x,B\n1,2\n')
    assert table.failure == "csv" and table.problems[0].line == 1


# --- encodings ---------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16-le", "utf-16-be", "utf-16"])
def test_byte_order_marks(encoding: str) -> None:
    text = "Caller,Title\nCafé,x\n"
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    table = read_table("t.csv", bom + text.encode(encoding))
    assert table.problems == ()
    assert table.header == ("Caller", "Title") and table.rows[0].cells == ("Café", "x")


def test_a_bom_wins_over_the_encoding_asked_for() -> None:
    table = read_table("t.csv", "A\né\n".encode("utf-8-sig"), encoding="cp1252")
    assert table.header == ("A",) and table.rows[0].cells == ("é",)


def test_another_encoding_when_asked_for() -> None:
    table = read_table("t.csv", "A,B\nx,é\n".encode("cp1252"), encoding="cp1252")
    assert table.rows[0].cells == ("x", "é") and table.encoding == "cp1252"


def test_undecodable_bytes_name_the_codec_and_the_cell() -> None:
    table = read_table("t.csv", "A,Caller\nx,\nx,Café\n".encode("cp1252"))
    [problem] = table.problems
    assert str(problem) == (
        "t.csv row 3, column B (Caller): byte 0xe9 is not valid utf-8: "
        "the file is in another encoding"
    )
    utf16 = read_table("t.csv", b"A\n\x00", encoding="utf-16-le")
    assert "is not valid utf-16-le" in utf16.problems[0].message


def test_a_codec_that_fails_without_a_position() -> None:
    table = read_table("t.csv", b"A\n1\n", encoding="undefined")
    assert table.failure == "encoding"
    assert table.problems[0].line == 0 and "cannot be read as undefined" in str(table.problems[0])


def test_nul_characters_are_located() -> None:
    table = read_table("t.csv", b"A,B\n1,2\n3,x\x00y\n")
    [problem] = table.problems
    assert (problem.line, problem.column, problem.heading) == (3, 2, "B")
    assert "NUL characters" in problem.message and table.failure == "encoding"
    # UTF-16 without a BOM, read as UTF-8: every other byte is NUL.
    assert read_table("t.csv", "A,B\n".encode("utf-16-le")).failure == "encoding"


# --- size, emptiness, delimiters ---------------------------------------------


def test_the_size_limit() -> None:
    table = read_table("t.csv", b"A,B\n1,2\n", max_bytes=7)
    assert table.failure == "size"
    assert str(table.problems[0]) == "t.csv: the file is over the 7-byte limit; split it"
    assert read_table("t.csv", b"A,B\n1,2\n", max_bytes=8).failure is None


@pytest.mark.parametrize("data", [b"", b"\n\n", b"\xef\xbb\xbf", b" , ,\r\n", b"\xff\xfe"])
def test_empty_files(data: bytes) -> None:
    table = read_table("t.csv", data)
    assert table.failure == "empty"
    assert str(table.problems[0]).startswith("t.csv: the file is empty")


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a;b;c\n1,5;2;3", ";"),
        ("a\tb\n", "\t"),
        ("a,b;c\n", ","),  # a tie: the comma
        ('"a;b;c",d\n', ","),  # inside quotes does not count
        ("\n  \na;b\n", ";"),  # the first line with something in it
        ("a;b\n1,2,3,4,5;x\n", ";"),  # only that line: the rows do not vote
        ("single\n", ","),
        ("", ","),
    ],
)
def test_sniff(text: str, delimiter: str) -> None:
    assert sniff(text) == delimiter


def test_a_given_delimiter_is_used_as_given() -> None:
    table = read_table("t.csv", b"a;b,c\n1;2,3\n", delimiter=";")
    assert table.header == ("a", "b,c") and table.rows[0].cells == ("1", "2,3")


def test_read_limited(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"0123456789")
    assert read_limited(path, 4) == b"01234"
    with pytest.raises(CcgovError, match="cannot read"):
        read_limited(tmp_path / "missing.csv", 4)


# --- columns -----------------------------------------------------------------


def test_match_columns_finds_each_once_and_names_what_is_missing() -> None:
    table = read_table("t.csv", b"Number,Prio,Opened at,Title,Title\n1,2,3,4,5\n")
    found, problems = match_columns(
        table,
        {
            "columns.external_id": "Number",
            "columns.severity": "Priority",
            "columns.opened": "Opened",
        },
    )
    assert found == {"columns.external_id": 1}
    [missing] = problems
    assert str(missing) == (
        "t.csv row 1: missing columns 'Priority' (columns.severity, did you mean 'Prio'?), "
        "'Opened' (columns.opened, did you mean 'Opened at'?); "
        "the header has: Number, Prio, Opened at, Title, Title"
    )
    _, [doubled] = match_columns(table, {"columns.title": "Title"})
    assert "the header names 'Title' more than once" in doubled.message


def test_match_columns_guesses_only_columns_nobody_asked_for() -> None:
    table = read_table("t.csv", b"Opened,Closed\n1,2\n")
    _, [problem] = match_columns(table, {"columns.opened": "Opened", "columns.closed": "Opend"})
    assert "did you mean" not in problem.message


def test_check_columns_holds_a_header_to_a_fixed_set() -> None:
    table = read_table("t.csv", b"id,versoin,id,,\nCI-1,1,CI-2,,\nCI-3,2,,x,\n")
    problems = check_columns(table, ("id", "version"))
    assert [(p.line, p.column) for p in problems] == [(1, 2), (1, 3), (1, 4)]
    assert "unknown column 'versoin'; did you mean 'version'?" in problems[0].message
    assert problems[1].message == "'id' is also column A: which one counts is unclear"
    assert problems[2].message == "the column has no name, but row 3 holds a value in it"
    # A trailing delimiter (an unnamed, empty column) is fine.
    assert check_columns(read_table("t.csv", b"id,\n1,\n"), ("id",)) == []
