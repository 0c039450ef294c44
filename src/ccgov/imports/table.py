"""Reading an outside table (a CSV export) into located cells.

:func:`read_table` is pure: bytes in, a :class:`Table` out. It never raises
because of what the bytes hold; every problem is a located
:class:`~ccgov.imports.problems.Problem` in ``Table.problems``. Row numbers
are the ones a spreadsheet shows: each CSV record is one row (a quoted value
may span several lines of the file), blank lines count, and the header is the
first row that is not blank. Columns count from 1 (A).

What it deals with, so no consumer has to: the size limit; UTF-8, UTF-8 with
a BOM and UTF-16 with a BOM (a BOM always wins over the encoding asked for);
undecodable bytes and NUL characters, located to their cell; the delimiter
(comma, semicolon or tab, sniffed from the header line unless given); blank
rows (skipped and counted); rows with more or fewer cells than the header
(reported, left out); malformed quoting (reported where the reader lost its
way; the rows before it are kept).

Which columns a consumer needs is its own business: see
:mod:`ccgov.imports.columns`.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ccgov.errors import CcgovError
from ccgov.imports.problems import Problem

MAX_BYTES = 64 * 1024 * 1024
DELIMITERS = (",", ";", "\t")  # what sniffing chooses from, in order of preference
# Sniffing reads the header line; a header longer than this is not a header.
_SNIFF_CHARS = 1024 * 1024
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Why a table could not be read at all; consumers pick their hint by it.
Failure = Literal["size", "encoding", "empty", "csv"]


@dataclass(frozen=True, slots=True)
class Cell:
    row: int
    column: int
    value: str


@dataclass(frozen=True, slots=True)
class Row:
    number: int  # as a spreadsheet shows it
    line: int  # the line of the file it starts on
    cells: tuple[str, ...]

    def cell(self, column: int) -> Cell:
        """The cell in a 1-based column."""
        return Cell(self.number, column, self.cells[column - 1])


@dataclass(frozen=True, slots=True)
class Table:
    """A header (names stripped of surrounding spaces) and the rows that fit it."""

    name: str
    header: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    header_row: int = 1
    blank_rows: int = 0
    delimiter: str = ","
    encoding: str = "utf-8"
    problems: tuple[Problem, ...] = ()
    failure: Failure | None = None  # set when there is no header to work with

    def heading(self, column: int) -> str | None:
        if 0 < column <= len(self.header):
            return self.header[column - 1] or None
        return None

    def problem(self, row: int, column: int, message: str) -> Problem:
        """A problem at a cell (column 0: the whole row), named by its heading."""
        return Problem(self.name, "table", row, column, message, self.heading(column))


def read_limited(path: Path, limit: int) -> bytes:
    """A file's bytes, at most ``limit + 1`` of them (enough to tell it is too big)."""
    try:
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise CcgovError(f"cannot read {path}: {exc.strerror or exc}") from None


def read_table(
    name: str,
    data: bytes,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> Table:
    """Decode and split a CSV file; ``delimiter`` None sniffs it from the header line."""
    if len(data) > max_bytes:
        message = f"the file is over the {max_bytes:,}-byte limit; split it"
        return Table(name, problems=(Problem(name, "table", 0, 0, message),), failure="size")
    codec = _codec(data, encoding)
    try:
        text = data.decode(codec).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start].decode(codec, errors="replace").removeprefix("\ufeff")
        shown = "utf-8" if codec == "utf-8-sig" else codec
        message = (
            f"byte 0x{data[exc.start]:02x} is not valid {shown}: the file is in another encoding"
        )
        return _unreadable(name, prefix, delimiter, message, codec)
    except UnicodeError as exc:  # codecs such as idna fail without a position
        message = f"the file cannot be read as {codec}: {exc}"
        return Table(name, problems=(Problem(name, "table", 0, 0, message),), failure="encoding")
    nul = text.find("\x00")
    if nul >= 0:
        message = (
            "the file holds NUL characters: is it UTF-16 or UTF-32 without a byte order mark, "
            "or not text at all? Save it as UTF-8"
        )
        return _unreadable(name, text[:nul], delimiter, message, codec)
    return _split(name, text, delimiter or sniff(text), codec)


def _codec(data: bytes, encoding: str | None) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    found = codecs.lookup(encoding or "utf-8").name
    return "utf-8-sig" if found == "utf-8" else found


def _unreadable(name: str, prefix: str, delimiter: str | None, message: str, codec: str) -> Table:
    row, column, heading = locate(prefix, delimiter or sniff(prefix))
    problem = Problem(name, "table", row, column, message, heading)
    return Table(name, encoding=codec, problems=(problem,), failure="encoding")


def sniff(text: str) -> str:
    """The candidate delimiter seen most often outside quotes in the first
    non-blank line (ties: the earlier in :data:`DELIMITERS`; none: a comma)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    content = False
    for char in text[:_SNIFF_CHARS]:
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char in "\r\n":
            if content:
                break
        elif char in counts:
            counts[char] += 1
        content = content or not char.isspace()
    return max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))


def locate(prefix: str, delimiter: str) -> tuple[int, int, str | None]:
    """Row, column and heading of the cell that the text after ``prefix`` starts in."""
    # A marker that is neither quote nor delimiter ends up in exactly that cell,
    # whatever the quoting state at the end of the prefix.
    marker = "\ue000"
    reader = csv.reader(io.StringIO(prefix + marker, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    try:
        records.extend(reader)
    except csv.Error:
        return prefix.count("\n") + 1, 0, None
    row = len(records)  # at least one: the marker's
    column = next((i for i, cell in enumerate(records[-1], 1) if marker in cell), 0)
    header = next((r for r in records[:-1] if any(cell.strip() for cell in r)), [])
    heading = header[column - 1].strip() if 0 < column <= len(header) else None
    return row, column, heading or None


def _split(name: str, text: str, delimiter: str, codec: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: tuple[str, ...] = ()
    header_row = 0
    rows: list[Row] = []
    problems: list[Problem] = []
    blank = number = line = 0
    try:
        for number, cells in enumerate(reader, start=1):
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                blank += 1
            elif not header_row:
                header, header_row = tuple(cell.strip() for cell in cells), number
            elif len(cells) != len(header):
                problems.append(_ragged(name, number, len(cells), len(header), delimiter))
            else:
                rows.append(Row(number, start, tuple(cells)))
    except csv.Error as exc:
        # The reader cannot find the next row after this: stop, keep what came before.
        problems.append(Problem(name, "table", number + 1, 0, _malformed(str(exc))))
    if not header_row:
        failure: Failure = "csv" if problems else "empty"
        if not problems:
            message = "the file is empty: expected a header row naming the columns, then the rows"
            problems.append(Problem(name, "table", 0, 0, message))
        return Table(
            name, delimiter=delimiter, encoding=codec, problems=(*problems,), failure=failure
        )
    # Blank rows above the header are not data.
    blank -= header_row - 1
    return Table(name, header, tuple(rows), header_row, blank, delimiter, codec, tuple(problems))


def _ragged(name: str, number: int, cells: int, expected: int, delimiter: str) -> Problem:
    why = (
        f"is a value holding a {delimiter!r} missing its quotes?"
        if cells > expected
        else f"is it cut short, or are the cells separated by something other than {delimiter!r}?"
    )
    message = f"the row has {cells} cells, the header {expected}; {why}"
    return Problem(name, "table", number, 0, message)


def _malformed(error: str) -> str:
    if "field larger than field limit" in error:
        why = (
            f"a cell is longer than {csv.field_size_limit():,} characters; "
            "is a quote opened here and never closed?"
        )
    elif "unexpected end of data" in error:
        why = "a quoted value that starts in this row is never closed"
    else:
        why = error
    return f"the file is not well-formed CSV here: {why}"
