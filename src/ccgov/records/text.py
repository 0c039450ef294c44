"""Characters in record text that a terminal or a renderer would obey rather
than show.

A YAML double-quoted scalar can carry any character as an escape (``"\\e[2J"``,
``"\\x1b"``, ``"\\u202e"``), and git author names and file names can carry
them raw. Printed as they are, C0 and C1 control characters drive the
terminal (clear a screen, set a window title, rewrite a line with a carriage
return) and the bidirectional overrides reorder what a reader sees (the
"Trojan Source" trick). This module says which characters those are and
shows them escaped instead. It sits with the records because every layer
above needs it: the loader warns about them (TXT001), the reports and the
CLI print them harmlessly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

# C0 controls except tab and line feed, DEL, C1 controls, and the bidi
# embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069).
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

_NAMES = {
    "\x00": "null",
    "\x07": "bell",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x0d": "carriage return",
    "\x1b": "escape",
    "\x7f": "delete",
    "\x85": "next line",
    "\x9b": "control sequence introducer",
    "\u202a": "left-to-right embedding",
    "\u202b": "right-to-left embedding",
    "\u202c": "pop directional formatting",
    "\u202d": "left-to-right override",
    "\u202e": "right-to-left override",
    "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate",
    "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate",
}


def escaped(char: str) -> str:
    """How one unsafe character is shown: ``\\x1b``, ``\\x9b``, ``\\u202e``."""
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every unsafe character shown escaped; the rest unchanged
    (line feeds and tabs stay, so multi-line text still reads as written)."""
    return UNSAFE.sub(lambda match: escaped(match.group()), text)


def describe(char: str) -> str:
    """``U+001B (escape)`` for a finding's message."""
    name = _NAMES.get(char, "control character")
    return f"U+{ord(char):04X} ({name})"


def unsafe_strings(data: Any) -> Iterator[tuple[tuple[str | int, ...], bool, str]]:
    """Every text key or value in plain data (dicts, lists, scalars) that holds
    an unsafe character, as (path, is_key, the first unsafe character), in no
    particular order. An explicit stack, not recursion: depth is the YAML
    module's business, not ours."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            found = UNSAFE.search(value)
            if found is not None:
                yield path, False, found.group()
        elif isinstance(value, dict):
            for key, item in value.items():
                found = UNSAFE.search(key) if isinstance(key, str) else None
                if found is not None:
                    yield (*path, key), True, found.group()
                stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in enumerate(value))


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``1 file``, ``2 files``, ``0 entries``, ``3 RFCs``: a count with its noun
    in the right number (``plural`` for the irregular ones)."""
    if number == 1:
        return f"{number} {noun}"
    if plural is None:
        if noun.endswith("y") and noun[-2:-1] not in "aeiou":
            plural = noun[:-1] + "ies"
        elif noun.endswith(("s", "x", "ch", "sh")):
            plural = noun + "es"
        else:
            plural = noun + "s"
    return f"{number} {plural}"
