"""Asking for what a command was not given, when a person is at the terminal.

``rfc new`` and ``req new`` fill the required values that are missing by
asking for each in turn. A choice lists its allowed values; an answer that is
not one of them (or an empty one) is refused on the spot and asked again, so
one typo never throws away the answers already given.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence

import typer


def interactive() -> bool:
    """Whether a person can answer: standard input and output are terminals."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def ask(label: str, choices: Sequence[str] = ()) -> str:
    """One answer: free text (not empty), or one of ``choices``."""
    from ccgov.cli.output import console, markup

    text = f"{label} [{'|'.join(choices)}]" if choices else label
    while True:
        answer = str(typer.prompt(text, default="", show_default=False)).strip()
        if not answer:
            console(stderr=True).print(f"  {markup(label.lower())} cannot be empty")
        elif choices and answer not in choices:
            console(stderr=True).print(
                f"  {markup(repr(answer))} is not one of {', '.join(choices)}; try again"
            )
        else:
            return answer


def fill(
    values: dict[str, str | None],
    choices: Mapping[str, Sequence[str]],
    labels: Mapping[str, str] | None = None,
) -> list[str]:
    """Ask for every value still missing when a person is at the terminal;
    return the options still missing (for the usage error) otherwise."""
    missing = [name for name, value in values.items() if not value]
    if not missing or not interactive():
        return missing
    for name in missing:
        label = (labels or {}).get(name, name.replace("_", " ").capitalize())
        values[name] = ask(label, choices.get(name, ()))
    return []
