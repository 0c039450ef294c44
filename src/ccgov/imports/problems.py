"""Located problems in outside files, and the refusal that carries them.

Readers of outside data collect every problem they find (up to
:data:`MAX_PROBLEMS`) instead of stopping at the first; a command then refuses
as a whole, so nothing is ever half-imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ccgov.errors import RefusedError

# Enough to see the pattern of what is wrong without drowning in it.
MAX_PROBLEMS = 100


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an outside file.

    In a ``table`` (CSV), ``line`` is the row as a spreadsheet shows it (the
    header is row 1) and ``column`` the cell's position (A = 1); in a ``text``
    file (YAML, JSON) they are the line and column of the text. 0 means the
    whole file or the whole row.
    """

    file: str
    kind: Literal["table", "text"]
    line: int
    column: int
    message: str
    heading: str | None = None  # the table column's header

    @property
    def place(self) -> str:
        """Where, without the file: ``row 3, column C (Priority)``, ``line 4, column 2``."""
        if not self.line:
            return ""
        if self.kind == "text":
            return f"line {self.line}, column {self.column}" if self.column else f"line {self.line}"
        where = f"row {self.line}"
        if self.column:
            where += f", column {column_letter(self.column)}"
            if self.heading:
                where += f" ({self.heading})"
        return where

    def __str__(self) -> str:
        if not self.line:
            return f"{self.file}: {self.message}"
        if self.kind == "text":
            return f"{self.file}:{self.line}:{self.column}: {self.message}"
        return f"{self.file} {self.place}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "column_name": self.heading,
            "message": self.message,
        }


def column_letter(number: int) -> str:
    """A spreadsheet's name for a 1-based column: 1 -> A, 27 -> AA."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


class ImportRefusedError(RefusedError):
    """The outside file or its mapping is wrong; nothing was written."""

    def __init__(self, problems: list[Problem], *, more: int = 0, hint: str | None = None) -> None:
        count = len(problems) + more
        lines = "\n".join(f"  {problem}" for problem in problems)
        if more:
            lines += f"\n  ... and {more} more"
        noun = "problem" if count == 1 else "problems"
        super().__init__(
            f"nothing was imported: {count} {noun}:\n{lines}",
            hint=hint or "fix the export or the mapping and run the command again",
        )
        self.problems = problems
        self.more = more


class CellError(Exception):
    """What is wrong with one field of a row, before the caller names the cell."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name
        self.message = message


class CellErrors(Exception):
    """Several fields of one row at once."""

    def __init__(self, errors: list[CellError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


class Problems:
    """Collects problems up to the limit, counting the rest."""

    def __init__(self, limit: int = MAX_PROBLEMS) -> None:
        self.items: list[Problem] = []
        self.more = 0
        self.limit = limit

    def add(self, problem: Problem) -> None:
        if len(self.items) < self.limit:
            self.items.append(problem)
        else:
            self.more += 1

    def extend(self, problems: tuple[Problem, ...] | list[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, hint: str | None = None) -> None:
        if self.items:
            raise ImportRefusedError(self.items, more=self.more, hint=hint)
