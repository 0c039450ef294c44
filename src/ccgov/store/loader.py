"""Loading one record: (path, bytes) -> (record, findings).

Pure and deterministic, so results can be cached by content hash. Pydantic's
errors are mapped to findings at the line and column of the offending key or
value, walking each error's ``loc`` through the document's locations; the
message rewrites live in one table (:data:`_REWRITES`).
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any

from pydantic import BaseModel, ValidationError

from ccgov.findings import Finding
from ccgov.records.base import Model
from ccgov.records.text import describe, escaped, unsafe_strings, visible
from ccgov.store.files import max_bytes
from ccgov.store.yamlio import MAX_BYTES, Document, Locations, PathKey, parse_document


class LoadedRecord:
    """A validated record with where it came from and where its parts are.

    Locations are only needed when a finding is reported, so a record served
    from the validation cache carries a way to re-parse its file instead.
    """

    __slots__ = ("_locations", "_reparse", "path", "record")

    def __init__(
        self,
        path: str,
        record: Any,
        locations: Locations | None = None,
        reparse: Callable[[], Locations] | None = None,
    ) -> None:
        self.path = path
        self.record = record
        self._locations = locations
        self._reparse = reparse

    @property
    def locations(self) -> Locations:
        if self._locations is None:
            self._locations = self._reparse() if self._reparse is not None else Locations()
        return self._locations

    def at(self, *path: str | int) -> tuple[int, int]:
        pos = self.locations.value(path)
        return pos.line, pos.column

    def key_at(self, *path: str | int) -> tuple[int, int]:
        pos = self.locations.key(path)
        return pos.line, pos.column


def locations_of(path: str, data: bytes) -> Locations:
    """Re-derive a file's locations (for records served from a cache)."""
    document, _ = parse_document(path, data, max_bytes=max_bytes(path))
    return document.locations if document is not None else Locations()


def record_id_of(path: str) -> str:
    """The id a record at ``path`` must carry: its file name without .yaml."""
    return PurePosixPath(path).stem


def load_record(
    path: str,
    data: bytes,
    model: type[Model],
    *,
    id_field: str | None = "id",
    max_bytes: int = MAX_BYTES,
) -> tuple[LoadedRecord | None, list[Finding]]:
    """Parse and validate one file against ``model``.

    ``id_field`` names the field that must equal the file name (None for
    files such as ccgov.yaml that carry no id).
    """
    # Most files are well-formed and valid: read them without recording where
    # each key sits; only what has something to point at is read again with
    # locations (and a record read fast re-derives them if a rule asks).
    document, findings = parse_document(path, data, max_bytes=max_bytes, locate=False)
    if document is not None and not document.located:
        record = _valid(document.data, model, path, data, id_field)
        if record is not None:
            return LoadedRecord(path, record, reparse=lambda: locations_of(path, data)), []
        document, findings = parse_document(path, data, max_bytes=max_bytes)
    if document is None:
        return None, findings
    if document.data is None:
        # "---" or "~" alone: as empty as a file with no document at all.
        pos = document.locations.value(())
        return None, [
            Finding.of(
                path,
                pos.line,
                pos.column,
                "YAML006",
                "the file holds only an empty (null) document; fill it in or delete it",
            )
        ]
    if not isinstance(document.data, dict):
        pos = document.locations.value(())
        kind = type(document.data).__name__
        return None, [
            Finding.of(
                path,
                pos.line,
                pos.column,
                "YAML007",
                "expected a mapping of keys to values at the top level, "
                f"found a {_yaml_type(kind)}",
            )
        ]
    findings += _unsafe_text(path, data, document)
    try:
        record = model.model_validate(document.data)
    except ValidationError as exc:
        schema = _findings_for(path, document, model, exc.errors(include_url=False))
        return None, findings + schema
    loaded = LoadedRecord(path, record, document.locations)
    if id_field is not None:
        expected = record_id_of(path)
        actual = getattr(record, id_field)
        if actual != expected:
            line, column = loaded.at(id_field)
            findings.append(
                Finding.of(
                    path,
                    line,
                    column,
                    "ID001",
                    f"{id_field} {actual!r} does not match the file name; "
                    f"rename the file to {actual}.yaml or set {id_field}: {expected}",
                )
            )
    return loaded, findings


def load_known(
    path: str, data: bytes, value: Any, model: type[Model], *, id_field: str | None = "id"
) -> LoadedRecord | None:
    """The record of a file ccgov wrote from ``value`` (what reading ``data``
    gives), without reading it again; None if it needs a proper read (it has
    something to report)."""
    record = _valid(value, model, path, data, id_field)
    if record is None:
        return None
    return LoadedRecord(path, record, reparse=lambda: locations_of(path, data))


def _valid(value: Any, model: type[Model], path: str, data: bytes, id_field: str | None) -> Any:
    """The record, if the fast read needs no second look: a mapping that
    validates, carries the id its file name says and holds no unsafe text."""
    if not isinstance(value, dict) or b"\\" in data or _BIDI_BYTES.search(data) is not None:
        return None
    try:
        record = model.model_validate(value)
    except ValidationError:
        return None
    if id_field is not None and getattr(record, id_field) != record_id_of(path):
        return None
    return record


# A parsed value can only hold a control character through a double-quoted
# escape (the raw characters are YAML001 before parsing), so a file with no
# backslash and no raw bidi character is skipped without walking its data.
_BIDI_BYTES = re.compile(b"\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")


def _unsafe_text(path: str, data: bytes, document: Document) -> list[Finding]:
    """TXT001 for every key or value holding a control or bidi character."""
    if b"\\" not in data and _BIDI_BYTES.search(data) is None:
        return []
    findings = []
    for where, is_key, char in unsafe_strings(document.data):
        pos = document.locations.key(where) if is_key else document.locations.value(where)
        # The key itself may hold the character: name it escaped.
        shown = visible(_display(document.data, where))
        what = f"the key {shown}" if is_key else shown
        findings.append(
            Finding.of(
                path,
                pos.line,
                pos.column,
                "TXT001",
                f"{what} contains {describe(char)}, which terminals and viewers obey rather "
                f"than show (ccgov prints it as {escaped(char)}); remove it",
            )
        )
    return sorted(findings)


def _yaml_type(python_type: str) -> str:
    return {
        "list": "list",
        "str": "text value",
        "int": "number",
        "float": "number",
        "bool": "boolean",
        "NoneType": "null",
    }.get(python_type, python_type)


# --- pydantic error -> finding ----------------------------------------------


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[PathKey, tuple[Any, ...]]:
    """Split pydantic's ``loc`` into the part that exists in the data and the rest.

    pydantic inserts markers such as ``'[key]'`` or union member names; only
    real keys and indexes are kept.
    """
    path: list[str | int] = []
    current = data
    rest: list[Any] = []
    for part in loc:
        if (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        ):
            path.append(part)
            current = current[part]
        else:
            rest.append(part)
    return tuple(path), tuple(rest)


def _display(data: Any, path: PathKey) -> str:
    """``approvals[1].role`` for a path into ``data``: list items as [i], mapping
    keys (including the integer severities of an SLA) as .key."""
    text = ""
    current = data
    for part in path:
        if isinstance(current, list):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
        current = current[part]
    return text


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes an annotation can hold (through Optional, list, dict, Annotated)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in _unwrap(arg)]
    if origin in (list, tuple, set, frozenset):
        return [m for arg in typing.get_args(annotation) for m in _unwrap(arg)]
    if origin is dict:
        return _unwrap(typing.get_args(annotation)[1])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that owns the key at ``loc`` (loc excludes that key)."""
    current: type[BaseModel] | None = model
    pending_container = False
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int) or pending_container:
            pending_container = False
            continue
        field = current.model_fields.get(part) or next(
            (f for f in current.model_fields.values() if f.alias == part), None
        )
        if field is None:
            continue
        candidates = _unwrap(field.annotation)
        current = candidates[0] if candidates else None
        pending_container = typing.get_origin(field.annotation) is dict or any(
            typing.get_origin(a) is dict for a in typing.get_args(field.annotation)
        )
    return current


def _field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _unknown_key(model: type[BaseModel], loc: tuple[Any, ...], key: Any) -> str:
    owner = _model_at(model, loc)
    message = f"unknown key {key!r}"
    if owner is not None:
        names = _field_names(owner)
        close = difflib.get_close_matches(str(key), names, n=1, cutoff=0.6)
        if close:
            return f"{message}; did you mean {close[0]!r}?"
        return f"{message}; allowed keys: {', '.join(names)}"
    return message


_BOOL_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false", "True", "False", "YES", "NO"}


def _rewrite(
    error: Any,
    where: str,
    model: type[BaseModel],
    loc: tuple[Any, ...],
    doc: Document,
    path: PathKey,
) -> tuple[str, str]:
    kind = error["type"]
    value = error.get("input")
    for matches, build in _REWRITES:
        if matches(kind, value):
            return build(error, where, model, loc, doc, path)
    message = str(error["msg"]).removeprefix("Value error, ")
    return "SCH003", f"{where}: {message}" if where else message


def _missing(error: Any, where: str, *_: Any) -> tuple[str, str]:
    field = error["loc"][-1]
    return "SCH001", f"missing required key {field!r}" + (f" in {where}" if where else "")


def _extra(
    error: Any, where: str, model: type[BaseModel], loc: tuple[Any, ...], *_: Any
) -> tuple[str, str]:
    return "SCH002", _unknown_key(model, loc[:-1], loc[-1])


def _quoted(loc: tuple[Any, ...], raw: str) -> str:
    # A list item has no key to repeat: show just the quoted value.
    return f'{loc[-1]}: "{raw}"' if loc and isinstance(loc[-1], str) else f'"{raw}"'


def _number_as_text(
    error: Any, where: str, model: Any, loc: Any, doc: Document, path: PathKey
) -> tuple[str, str]:
    raw = doc.locations.plain_text.get(path, str(error["input"]))
    return "SCH004", (
        f"{where}: {raw} is read as the number {error['input']!r}, but text is expected; "
        f"quote it: {_quoted(loc, raw)}"
    )


def _bool_as_text(
    error: Any, where: str, model: Any, loc: Any, doc: Document, path: PathKey
) -> tuple[str, str]:
    raw = doc.locations.plain_text.get(path, str(error["input"]).lower())
    return "SCH003", (
        f"{where}: {raw} is read as the boolean {error['input']!r}, but text is expected; "
        f"quote it: {_quoted(loc, raw)}"
    )


def _empty(error: Any, where: str, *_: Any) -> tuple[str, str]:
    return (
        "SCH003",
        f"{where}: has no value (null); write one after the colon",
    )


def _expected(what: str) -> Callable[..., tuple[str, str]]:
    def build(error: Any, where: str, *_: Any) -> tuple[str, str]:
        value = error["input"]
        found = _yaml_type(type(value).__name__)
        shown = f" {value!r}" if isinstance(value, (str, int, float)) else ""
        return "SCH003", f"{where}: expected {what}, found a {found}{shown}"

    return build


def _bool_word(error: Any, where: str, *_: Any) -> tuple[str, str]:
    return "SCH006", (
        f"{where}: {error['input']!r} is text in YAML 1.2, not a boolean; write true or false"
    )


def _naive(error: Any, where: str, *_: Any) -> tuple[str, str]:
    value = str(error["input"])
    if len(value) == 10:
        # A bare date: "2026-03-02Z" would not be a fix, so show a whole timestamp.
        return "SCH005", (
            f"{where}: {value} is a date without a time or time zone; write a timestamp "
            f"such as {value}T09:00:00Z or {value}T09:00:00+01:00"
        )
    return "SCH005", (
        f"{where}: timestamp {value} has no time zone; add one, e.g. {value}Z or {value}+01:00"
    )


def _choice(error: Any, where: str, *_: Any) -> tuple[str, str]:
    expected = str(error.get("ctx", {}).get("expected", "")).replace(" or ", ", ")
    message = f"{where}: {error['input']!r} is not allowed; choose one of: {expected}"
    value = error["input"]
    choices = [choice.strip("'") for choice in expected.split(", ")]
    if isinstance(value, str) and value in expected.split(", "):
        # Quoted "2" where the number 2 is meant (SLA severities).
        message += f"; write {value} without quotes"
    elif isinstance(value, str) and (close := difflib.get_close_matches(value, choices, n=1)):
        message += f"; did you mean {close[0]!r}?"
    return "SCH003", message


def _mapping_expected(error: Any, where: str, *_: Any) -> tuple[str, str]:
    found = _yaml_type(type(error["input"]).__name__)
    return "SCH003", f"{where}: expected a mapping (key: value lines), found a {found}"


def _too_short(error: Any, where: str, *_: Any) -> tuple[str, str]:
    ctx = error.get("ctx", {})
    wanted, found = ctx.get("min_length", 1), ctx.get("actual_length") or "none"
    return "SCH003", f"{where}: needs at least {wanted} item(s), found {found}"


def _not_a(what: str) -> Callable[..., tuple[str, str]]:
    def build(error: Any, where: str, *_: Any) -> tuple[str, str]:
        return "SCH003", f"{where}: {error['input']!r} is not {what}"

    return build


_BOUNDS = {
    "greater_than_equal": ("ge", "at least"),
    "greater_than": ("gt", "more than"),
    "less_than_equal": ("le", "at most"),
    "less_than": ("lt", "less than"),
}


def _bound(error: Any, where: str, *_: Any) -> tuple[str, str]:
    key, words = _BOUNDS[error["type"]]
    limit = error.get("ctx", {}).get(key)
    return "SCH003", f"{where}: {error['input']!r} is out of range; it must be {words} {limit}"


# Patterns of the value types in records.base, as a user would describe them.
_PATTERN_NAMES = {
    r"^[A-Z][A-Z0-9]*-[0-9]{4,}$": "a record id such as CI-0001",
    r"^[a-z][a-z0-9_.-]*$": (
        "a handle: lower-case letters, digits, '.', '_' or '-', starting with a letter"
    ),
    r"^[a-z][a-z0-9_]*$": "a role name: lower-case letters, digits and '_'",
    r"^[a-z0-9][a-z0-9_-]*$": "a name: lower-case letters, digits, '_' and '-'",
    r"^[RACI]{1,4}$": "RACI letters such as R, A, AR, C or I",
    r"^sha256:[0-9a-f]{64}$": "sha256: followed by 64 hex digits",
    r"^[0-9a-f]{64}$": "a sha256 digest: 64 lower-case hex digits",
    r"^[0-9a-f]{40}$": "a full git commit id: 40 lower-case hex digits",
    r"^[A-Z]{3}$": "a three-letter currency code such as USD",
    r"^[A-Z][A-Z0-9]*$": "an id prefix: capital letters and digits, such as CI",
    r"^[0-9]{4}-Q[1-4]$": "a quarter such as 2026-Q3",
}


def _pattern(error: Any, where: str, *_: Any) -> tuple[str, str]:
    pattern = str(error.get("ctx", {}).get("pattern", ""))
    wanted = _PATTERN_NAMES.get(pattern, f"text matching {pattern}")
    return "SCH003", f"{where}: {error['input']!r} is not {wanted}"


_REWRITES: list[tuple[Callable[[str, Any], bool], Callable[..., tuple[str, str]]]] = [
    (lambda kind, _v: kind == "missing", _missing),
    (lambda kind, _v: kind == "extra_forbidden", _extra),
    (lambda kind, v: v is None and kind.endswith("_type"), _empty),
    (lambda kind, v: kind == "string_type" and isinstance(v, bool), _bool_as_text),
    (
        lambda kind, v: (
            kind == "string_type" and isinstance(v, (int, float)) and not isinstance(v, bool)
        ),
        _number_as_text,
    ),
    (lambda kind, v: kind == "bool_type" and isinstance(v, str) and v in _BOOL_WORDS, _bool_word),
    (lambda kind, _v: kind == "timezone_aware", _naive),
    (lambda kind, _v: kind in ("literal_error", "enum"), _choice),
    (lambda kind, _v: kind == "string_pattern_mismatch", _pattern),
    (
        lambda kind, _v: kind in ("model_type", "model_attributes_type", "dict_type"),
        _mapping_expected,
    ),
    (lambda kind, _v: kind == "string_type", _expected("text")),
    (lambda kind, _v: kind == "list_type", _expected("a list (one '- item' per line, or [a, b])")),
    (lambda kind, _v: kind in ("int_type", "int_parsing"), _expected("a whole number")),
    (lambda kind, _v: kind in ("float_type", "float_parsing"), _expected("a number")),
    (lambda kind, _v: kind == "bool_type", _expected("true or false")),
    (lambda kind, _v: kind in _BOUNDS, _bound),
    (lambda kind, _v: kind == "too_short", _too_short),
    (
        lambda kind, _v: kind.startswith("date_"),
        _not_a("a date; write YYYY-MM-DD, e.g. 2026-03-01"),
    ),
    (
        lambda kind, _v: kind.startswith("datetime_"),
        _not_a("a timestamp; write e.g. 2026-03-01T09:00:00+01:00"),
    ),
]

# How union members (pydantic's names for them in ``loc``) read to a user.
_MEMBER_NAMES = {"str": "text", "int": "a whole number", "float": "a number", "bool": "true/false"}


def _findings_for(
    path: str, doc: Document, model: type[BaseModel], errors: list[Any]
) -> list[Finding]:
    """One finding per problem: the errors pydantic reports once per member of a
    union (``attributes: {ips: [..]}`` fails str, int, float and bool) become one."""
    unions: dict[PathKey, list[tuple[Any, tuple[Any, ...]]]] = {}
    singles: list[Any] = []
    for error in errors:
        data_path, rest = _data_path(doc.data, tuple(error["loc"]))
        if error["type"] != "missing" and rest and "[key]" not in rest:
            unions.setdefault(data_path, []).append((error, rest))
        else:
            singles.append(error)
    findings = [_finding_for(path, doc, model, error) for error in singles]
    for data_path, group in unions.items():
        if len(group) == 1:
            findings.append(_finding_for(path, doc, model, group[0][0]))
            continue
        names = [_MEMBER_NAMES.get(str(rest[0]), str(rest[0])) for _, rest in group]
        value = group[0][0]["input"]
        found = _yaml_type(type(value).__name__)
        pos = doc.locations.value(data_path)
        findings.append(
            Finding.of(
                path,
                pos.line,
                pos.column,
                "SCH003",
                f"{_display(doc.data, data_path)}: expected {', '.join(names[:-1])} or "
                f"{names[-1]}, found a {found}",
            )
        )
    return findings


def _finding_for(path: str, doc: Document, model: type[BaseModel], error: Any) -> Finding:
    loc = tuple(error["loc"])
    data_path, rest = _data_path(doc.data, loc)
    where = _display(doc.data, data_path)
    code, message = _rewrite(error, where, model, loc, doc, data_path)
    if error["type"] == "missing":
        # Point a missing key at the mapping that should hold it (for a
        # top-level key: where the document's mapping starts, past comments).
        pos = doc.locations.key(data_path) if data_path else doc.locations.value(())
    elif error["type"] == "extra_forbidden" or "[key]" in rest:
        # An unknown key, or a mapping key of the wrong kind (a weekday
        # spelled "mond", severity 5): the key is what needs fixing.
        pos = doc.locations.key(data_path)
    else:
        pos = doc.locations.value(data_path)
    return Finding.of(path, pos.line, pos.column, code, message)
