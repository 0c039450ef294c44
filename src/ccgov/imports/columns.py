"""Which columns of a table a consumer needs, and where they are.

A mapped import (incidents, and later KPIs) names its columns in a mapping:
:func:`match_columns` finds each once. A fixed-format file (the drift
inventory) has a closed set of column names: :func:`check_columns` holds the
header to it. Problems sit at the header row, at the cell when there is one.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence

from ccgov.imports.problems import Problem, column_letter
from ccgov.imports.table import Table


def match_columns(table: Table, wanted: Mapping[str, str]) -> tuple[dict[str, int], list[Problem]]:
    """Find each wanted column (label -> header name) once in the header.

    Returns label -> 1-based column, and the problems (at the header row): every
    missing name at once, with a guess among the columns nobody asked for, and
    names the header holds more than once.
    """
    present: dict[str, list[int]] = {}
    for column, heading in enumerate(table.header, start=1):
        present.setdefault(heading, []).append(column)
    unused = [h for h in present if h and h not in wanted.values()]
    found: dict[str, int] = {}
    missing: list[str] = []
    doubled: list[str] = []
    for label, heading in wanted.items():
        columns = present.get(heading, [])
        if not columns:
            guess = difflib.get_close_matches(heading, unused, n=1, cutoff=0.6)
            suggestion = f", did you mean {guess[0]!r}?" if guess else ""
            missing.append(f"{heading!r} ({label}{suggestion})")
        elif len(columns) > 1:
            doubled.append(repr(heading))
        else:
            found[label] = columns[0]
    problems = []
    if missing:
        noun = "column" if len(missing) == 1 else "columns"
        names = _shortened([h for h in table.header if h])
        message = f"missing {noun} {', '.join(missing)}; the header has: {names}"
        problems.append(table.problem(table.header_row, 0, message))
    if doubled:
        message = (
            f"the header names {', '.join(doubled)} more than once, so which one the "
            "mapping means is unclear"
        )
        problems.append(table.problem(table.header_row, 0, message))
    return found, problems


def check_columns(table: Table, allowed: Sequence[str]) -> list[Problem]:
    """Hold the header to a fixed set of names: each known, named and there once.

    A column without a name is allowed while every cell in it is empty (a
    trailing delimiter in the export).
    """
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for column, heading in enumerate(table.header, start=1):
        if not heading:
            filled = next((r.number for r in table.rows if r.cells[column - 1].strip()), None)
            if filled is not None:
                message = f"the column has no name, but row {filled} holds a value in it"
                problems.append(table.problem(table.header_row, column, message))
        elif heading not in allowed:
            guess = difflib.get_close_matches(heading, allowed, n=1, cutoff=0.6)
            suggestion = f"did you mean {guess[0]!r}? " if guess else ""
            message = (
                f"unknown column {heading!r}; {suggestion}the columns are: {', '.join(allowed)}"
            )
            problems.append(table.problem(table.header_row, column, message))
        elif heading in seen:
            message = f"{heading!r} is also column {column_letter(seen[heading])}: which one counts is unclear"
            problems.append(table.problem(table.header_row, column, message))
        else:
            seen[heading] = column
    return problems


def _shortened(names: list[str], limit: int = 30) -> str:
    shown = ", ".join(names[:limit])
    return f"{shown}, ... ({len(names) - limit} more)" if len(names) > limit else shown
