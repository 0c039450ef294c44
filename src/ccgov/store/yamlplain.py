"""Writing YAML ccgov generates (baseline manifests), fast.

ruamel's round-trip emitter keeps comments and quoting of files people edit,
and takes seconds for a manifest of 25,000 CIs. A manifest is generated
data: mappings, lists and text. This writes it in the same layout
(:func:`ccgov.store.yamlio.dump_for_edit`'s indentation), quoting any text
that would not read back as exactly itself under ccgov's YAML 1.2 reader
(double quotes with escapes for line breaks and control characters);
anything else (numbers, nested mappings) is left to ruamel.
"""

from __future__ import annotations

import re
from typing import Any

from ccgov.store.yamlio import dump_for_edit, is_plain_text

# Text that may stand unquoted: printable ASCII, no indicator first, no
# ": " or " #" inside, no space at either end.
_PLAIN = re.compile(r"^[A-Za-z0-9_(./][ -~]*$")
# What may stand inside single quotes: YAML's printable characters, no line
# breaks (NEL and the Unicode separators count as breaks).
_PRINTABLE = re.compile("^[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*$")
# Words other YAML readers take for booleans or null: quoted for them.
_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"})


class _Unusual(Exception):
    """Data this writer leaves to ruamel."""


def _text(value: str) -> str:
    if (
        _PLAIN.fullmatch(value)
        and not value.endswith((" ", ":"))
        and ": " not in value
        and " #" not in value
        and value.lower() not in _WORDS
        and is_plain_text(value)
    ):
        return value
    if _PRINTABLE.fullmatch(value):
        return "'" + value.replace("'", "''") + "'"
    return '"' + "".join(_escaped(char) for char in value) + '"'


def _escaped(char: str) -> str:
    """One character inside double quotes: printable ones as they are."""
    if char in ('"', "\\"):
        return "\\" + char
    if _PRINTABLE.fullmatch(char):
        return char
    code = ord(char)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return _text(value)
    raise _Unusual(value)


def _key(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", value):
        raise _Unusual(value)
    return value


def _mapping(data: dict[str, Any], indent: str, out: list[str], first: str = "") -> None:
    lead = first
    for key, value in data.items():
        name = _key(key)
        if isinstance(value, dict):
            raise _Unusual(value)  # nested mappings: not in a manifest
        if isinstance(value, list):
            if not value:
                out.append(f"{lead}{name}: []")
            else:
                out.append(f"{lead}{name}:")
                _sequence(value, indent + "  ", out)
        elif value is None:
            out.append(f"{lead}{name}:")
        else:
            out.append(f"{lead}{name}: {_scalar(value)}")
        lead = indent


def _sequence(items: list[Any], indent: str, out: list[str]) -> None:
    for item in items:
        if isinstance(item, dict):
            if not item:
                raise _Unusual(item)
            _mapping(item, indent + "  ", out, first=f"{indent}- ")
        elif isinstance(item, list):
            raise _Unusual(item)
        else:
            out.append(f"{indent}- {_scalar(item)}")


def dump_plain(data: dict[str, Any]) -> str:
    """``data`` as YAML in ccgov's layout (what :func:`dump_for_edit` would
    write, quoting aside), fast for the shapes of generated records."""
    out: list[str] = []
    try:
        _mapping(data, "", out)
    except _Unusual:
        return dump_for_edit(data)
    return "\n".join(out) + "\n"
