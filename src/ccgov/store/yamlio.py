"""The one module that owns ruamel.yaml.

Reading never constructs objects from the YAML: the (C-accelerated where
available) parser produces a stream of events, and :func:`parse_document`
turns them into plain Python data while recording the line and column of
every key and value. Duplicate keys, anchors/aliases, explicit tags, oversized
and deeply nested input become findings instead of surprises. Editing (which
must keep comments, key order and quoting) uses ruamel's round-trip mode in
:func:`load_for_edit` / :func:`dump_for_edit`; files are written atomically.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ccgov.findings import Finding
from ccgov.store.files import MAX_BYTES

__all__ = ["MAX_BYTES", "Document", "Locations", "parse_document"]
MAX_DEPTH = 64

PathKey = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SCALAR_TAGS = {_INT, _FLOAT, _BOOL, _NULL}
# Explicit collection tags that only restate the default are harmless.
_COLLECTION_TAGS = {None, "!", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}

# Characters YAML 1.2 does not allow in a stream (c-printable, section 5.1).
# Checked up front so the finding carries the exact line and column; the C
# parser only reports a byte offset.
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
# Characters both ruamel parsers treat as line breaks (YAML 1.1 rules) while
# editors do not: accepted, they shift every reported line after them, and the
# pure-Python parser silently folds "a<NEL>b" into "a b".
_ODD_BREAKS = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
_BREAK_NAMES = {
    "\x85": "U+0085 (next line)",
    "\u2028": "U+2028 (line separator)",
    "\u2029": "U+2029 (paragraph separator)",
}


@dataclass(frozen=True, slots=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass(slots=True)
class Locations:
    """Where each key and value of a document sits.

    Paths are tuples of mapping keys and sequence indexes, as pydantic's error
    ``loc`` spells them, so an error on ``approvals[2].role`` is found directly.
    """

    keys: dict[PathKey, Position] = field(default_factory=dict)
    values: dict[PathKey, Position] = field(default_factory=dict)
    # The source text of plain (unquoted) scalars, for messages like
    # "1.10 is read as the number 1.1".
    plain_text: dict[PathKey, str] = field(default_factory=dict)

    def key(self, path: PathKey) -> Position:
        """Position of the key at ``path``, falling back to the nearest ancestor."""
        return self._nearest(path, prefer_key=True)

    def value(self, path: PathKey) -> Position:
        """Position of the value at ``path``, falling back to the nearest ancestor."""
        return self._nearest(path, prefer_key=False)

    def _nearest(self, path: PathKey, *, prefer_key: bool) -> Position:
        first, second = (self.keys, self.values) if prefer_key else (self.values, self.keys)
        for end in range(len(path), -1, -1):
            sub = path[:end]
            if sub in first:
                return first[sub]
            if sub in second:
                return second[sub]
        return Position(1, 1)


@dataclass(slots=True)
class Document:
    data: Any
    locations: Locations
    # False: read by the fast path, which records no locations (parse again
    # with ``locate=True`` to point at something).
    located: bool = True


class _Reject(Exception):
    def __init__(self, code: str, message: str, position: Position) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.position = position


def _position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _safe_yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=False)
    yaml.version = (1, 2)
    return yaml


_SAFE: Any = None


def _safe() -> Any:
    global _SAFE
    if _SAFE is None:
        _SAFE = _safe_yaml()
    return _SAFE


# YAML 1.2 implicit types of plain scalars, as ruamel's 1.2 resolver has them.
# Resolved here rather than through ruamel's resolver, which looks up the YAML
# version through several failed attribute lookups per scalar and dominated
# the load time of large files.
_IMPLICIT_RULES: tuple[tuple[str, str, str], ...] = (
    (_BOOL, "tTfF", r"(?:true|True|TRUE|false|False|FALSE)"),
    (
        _FLOAT,
        "-+0123456789.",
        r"(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
        r"|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)"
        r"|\.(?:nan|NaN|NAN))",
    ),
    (
        _INT,
        "-+0123456789",
        r"(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)",
    ),
    (_MERGE, "<", r"(?:<<)"),
    (_NULL, "~nN", r"(?:~|null|Null|NULL)"),
    (
        _TIMESTAMP,
        "0123456789",
        r"(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
        r"|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
        r"(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?"
        r"(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)",
    ),
)
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _tag, _first, _pattern in _IMPLICIT_RULES:
    for _char in _first:
        _IMPLICIT.setdefault(_char, []).append((_tag, re.compile(_pattern + r"\Z")))


def _resolve(value: str) -> str:
    """The tag of a plain scalar under YAML 1.2 (text unless it looks like something else)."""
    if not value:
        return _NULL
    for tag, pattern in _IMPLICIT.get(value[0], ()):
        if pattern.match(value):
            return tag
    return _STR


def is_plain_text(value: str) -> bool:
    """Whether ``value`` written unquoted reads back as text (not a number,
    boolean, null or timestamp) under the YAML 1.2 core schema."""
    return _resolve(value) == _STR


def decode(
    path: str, data: bytes, *, max_bytes: int = MAX_BYTES
) -> tuple[str | None, list[Finding]]:
    """Bytes to text: size limit, strict UTF-8 (a BOM is tolerated)."""
    if len(data) > max_bytes:
        return None, [
            Finding.of(
                path,
                0,
                0,
                "YAML004",
                f"file is {len(data):,} bytes, over the {max_bytes:,}-byte limit for a record",
            )
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line_start = before.rfind(b"\n") + 1
        line = before.count(b"\n") + 1
        # Columns count characters, as the parser's do, not bytes: the part of
        # the line before the bad byte decodes cleanly (it precedes the error).
        prefix = data[line_start : exc.start]
        if line == 1:
            prefix = prefix.removeprefix(b"\xef\xbb\xbf")
        column = len(prefix.decode("utf-8", errors="replace")) + 1
        return None, [
            Finding.of(
                path,
                line,
                column,
                "YAML005",
                f"byte 0x{data[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
            )
        ]
    return text, []


def _clamp(text: str, pos: Position) -> Position:
    """Keep a parser position inside the text: at the end of a file without a
    final newline the parser reports a line that no editor shows."""
    lines = text.split("\n")
    if pos.line > len(lines):
        return Position(len(lines), len(lines[-1]) + 1)
    return pos


def _line_column(text: str, index: int) -> Position:
    line_start = text.rfind("\n", 0, index) + 1
    return Position(text.count("\n", 0, index) + 1, index - line_start + 1)


def parse_document(
    path: str, data: bytes, *, max_bytes: int = MAX_BYTES, locate: bool = True
) -> tuple[Document | None, list[Finding]]:
    """Parse one YAML file safely into plain data plus locations.

    Pure: the same (path, bytes) always gives the same result, so callers may
    cache it by content hash. With ``locate=False`` a well-formed file is read
    without recording locations (about twice as fast); anything the fast path
    does not accept is parsed again the careful way, which says what is wrong.
    """
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    text, findings = decode(path, data, max_bytes=max_bytes)
    if text is None:
        return None, findings
    if not locate and _NOT_PRINTABLE.search(text) is None and _ODD_BREAKS.search(text) is None:
        with contextlib.suppress(YAMLError):
            fast = _fast_data(text)
            if fast is not _SLOW:
                return Document(fast, Locations(), located=False), []
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        pos = _line_column(text, bad.start())
        return None, [
            Finding.of(
                path,
                pos.line,
                pos.column,
                "YAML001",
                f"control character U+{ord(bad.group()):04X} is not allowed in YAML; remove it",
            )
        ]
    odd = _ODD_BREAKS.search(text)
    if odd is not None:
        pos = _line_column(text, odd.start())
        message = (
            "a carriage return without a line feed (an old Mac line ending); save the file "
            "with LF or CRLF line endings"
            if odd.group() == "\r"
            else f"{_BREAK_NAMES[odd.group()]} is read as a line break by YAML parsers but not "
            "by most editors; replace it with a space or an ordinary line break"
        )
        return None, [Finding.of(path, pos.line, pos.column, "YAML001", message)]
    builder = _Builder()
    try:
        value = builder.run(text)
    except _Reject as exc:
        pos = exc.position
        return None, [Finding.of(path, pos.line, pos.column, exc.code, exc.message)]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = _clamp(text, _position(mark)) if mark is not None else Position(1, 1)
        return None, [
            Finding.of(path, pos.line, pos.column, "YAML001", _yaml_message(exc, text, mark))
        ]
    except YAMLError as exc:
        return None, [Finding.of(path, 1, 1, "YAML001", str(exc).strip())]
    if not builder.has_document:
        return None, [
            Finding.of(path, 1, 1, "YAML006", "the file is empty: it holds no YAML document")
        ]
    return Document(value, builder.locations), []


def _yaml_message(exc: Any, text: str, mark: Any) -> str:
    problem = (exc.problem or "syntax error").strip()
    message = problem
    context_mark = getattr(exc, "context_mark", None)
    if exc.context:
        context = exc.context.strip()
        if context_mark is not None and mark is not None and context_mark.line != mark.line:
            # Say where the unfinished construct began: that is where to look.
            line, column = context_mark.line + 1, context_mark.column + 1
            context += f" that starts at line {line}, column {column}"
        message = f"{problem} ({context})"
    if mark is not None:
        lines = text.splitlines()
        here = lines[mark.line] if mark.line < len(lines) else ""
        indent = len(here) - len(here.lstrip(" \t"))
        if "\t" in here[:indent] and mark.column <= indent:
            return "a tab character is used for indentation; indent with spaces, not tabs"
        if "tab" in problem or here[mark.column : mark.column + 1] == "\t":
            return f"{message}; a tab character cannot be used here, write spaces instead"
        if "unexpected ':'" in problem:
            # libyaml refuses "a:b" inside [ ] and { }; timestamps hit this.
            return f"{message}; inside [ ] or {{ }}, quote values that contain ':'"
        if "mapping values are not allowed" in problem:
            return f"{message}; quote a value that contains ': '"
    return message


def _construct(tag: str, value: str) -> Any:
    """A plain scalar's value under the YAML 1.2 core schema."""
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return value.lower() == "true"
    text = value.replace("_", "")
    if tag == _INT:
        sign = -1 if text.startswith("-") else 1
        digits = text.lstrip("+-")
        for prefix, base in (("0x", 16), ("0o", 8), ("0b", 2)):
            if digits.startswith(prefix):
                return sign * int(digits[2:], base)
        return sign * int(digits)
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return float("-inf") if lowered.startswith("-") else float("inf")
    if lowered == ".nan":
        return float("nan")
    return float(lowered)


_SLOW: Any = object()  # the fast path declines: parse the careful way


def _fast_data(text: str) -> Any:
    """Plain data from a well-formed record, or _SLOW for anything the careful
    builder would refuse or that needs a closer look (anchors, aliases, tags,
    merge and odd keys, duplicates, deep nesting, not exactly one document).
    Same values as :class:`_Builder`, no locations."""
    from ruamel.yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    yaml = _safe()
    events = yaml.parse(text)
    stack: list[Any] = []
    keys: list[Any] = []  # per open container: the pending key, or _SLOW when none
    root: Any = _SLOW
    documents = 0
    try:
        for event in events:
            kind = event.__class__
            if kind is ScalarEvent:
                if event.anchor is not None or event.tag not in (None, "!", _STR):
                    return _SLOW
                value = event.value
                if event.tag is None and event.implicit[0]:
                    tag = _resolve(value)
                    if tag in _SCALAR_TAGS:
                        with contextlib.suppress(ValueError):
                            value = _construct(tag, value)
                    elif tag == _MERGE and stack and type(stack[-1]) is dict and keys[-1] is _SLOW:
                        return _SLOW
                if not stack:
                    root = value
                    continue
                container = stack[-1]
                if type(container) is list:
                    container.append(value)
                elif keys[-1] is _SLOW:
                    if value is None or isinstance(value, (bool, float)) or value in container:
                        return _SLOW
                    keys[-1] = value
                else:
                    container[keys[-1]] = value
                    keys[-1] = _SLOW
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag not in _COLLECTION_TAGS:
                    return _SLOW
                if len(stack) >= MAX_DEPTH:
                    return _SLOW
                new: Any = {} if kind is MappingStartEvent else []
                if not stack:
                    root = new
                else:
                    container = stack[-1]
                    if type(container) is list:
                        container.append(new)
                    elif keys[-1] is _SLOW:
                        return _SLOW  # a collection as a mapping key
                    else:
                        container[keys[-1]] = new
                        keys[-1] = _SLOW
                stack.append(new)
                keys.append(_SLOW)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
                keys.pop()
            elif kind is AliasEvent:
                return _SLOW
            elif kind is DocumentStartEvent:
                documents += 1
                version = getattr(event, "version", None)
                if documents > 1 or (version is not None and tuple(version) != (1, 2)):
                    return _SLOW
        return root if documents == 1 else _SLOW
    finally:
        events.close()
        yaml.doc_infos.clear()


@dataclass(slots=True)
class _Frame:
    """An open mapping or sequence while events stream in."""

    path: PathKey
    container: Any  # dict or list
    # Mappings only: the key whose value comes next, and where each key was.
    pending: Any = None
    has_pending: bool = False
    first_seen: dict[Any, Position] = field(default_factory=dict)


class _Builder:
    """Builds plain data from parser events, recording locations.

    Events, not the composed node tree: ruamel's C composer recurses on the C
    stack, so a few hundred kilobytes of ``[[[[...`` crash the interpreter;
    here nesting is an explicit stack and the depth limit stops the parse as
    soon as it is crossed. Anchors and aliases are refused at the first one,
    so an alias bomb never expands.
    """

    def __init__(self) -> None:
        self.locations = Locations()
        self.has_document = False
        self._stack: list[_Frame] = []
        self._root: Any = None

    def run(self, text: str) -> Any:
        from ruamel.yaml.events import (
            AliasEvent,
            DocumentStartEvent,
            MappingEndEvent,
            MappingStartEvent,
            ScalarEvent,
            SequenceEndEvent,
            SequenceStartEvent,
        )

        yaml = _safe()
        events = yaml.parse(text)
        try:
            for event in events:
                if isinstance(event, ScalarEvent):
                    self._scalar(event, _position(event.start_mark))
                elif isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                    container: Any = {} if isinstance(event, MappingStartEvent) else []
                    path = self._place(event, container, _position(event.start_mark))
                    self._stack.append(_Frame(path, container))
                elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                    self._stack.pop()
                elif isinstance(event, AliasEvent):
                    raise _Reject(
                        "YAML003",
                        "aliases (*name) are not allowed in records; write the value out",
                        _position(event.start_mark),
                    )
                elif isinstance(event, DocumentStartEvent):
                    self._document_start(event)
            return self._root
        finally:
            events.close()
            # parse() keeps a record per call; a long-lived loader would grow.
            yaml.doc_infos.clear()

    def _document_start(self, event: Any) -> None:
        if self.has_document:
            raise _Reject(
                "YAML001",
                "a second YAML document starts here (---); a record file holds exactly one",
                _position(event.start_mark),
            )
        self.has_document = True
        version = getattr(event, "version", None)
        if version is not None and tuple(version) != (1, 2):
            raise _Reject(
                "YAML001",
                f"the file declares %YAML {'.'.join(map(str, version))}; records are read as "
                "YAML 1.2, remove the directive",
                _position(event.start_mark),
            )

    def _child_path(self, where: Position) -> tuple[PathKey, _Frame | None]:
        """The path of the node about to be added; raises if it must be a key."""
        if not self._stack:
            return (), None
        frame = self._stack[-1]
        if isinstance(frame.container, list):
            return (*frame.path, len(frame.container)), frame
        if not frame.has_pending:
            raise _Reject("YAML007", "mapping keys must be plain scalars", where)
        return (*frame.path, frame.pending), frame

    def _check_node(self, event: Any, where: Position, *, collection: bool) -> None:
        if event.anchor is not None:
            raise _Reject(
                "YAML003",
                f"anchors (&{event.anchor}) are not allowed in records; write the value out",
                where,
            )
        tag = event.tag
        allowed = tag in _COLLECTION_TAGS if collection else tag in (None, "!", _STR)
        if not allowed:
            shown = str(tag).replace("tag:yaml.org,2002:", "!!")
            raise _Reject(
                "YAML003",
                f"explicit tag {shown} is not allowed in records; write the plain value",
                where,
            )

    def _place(self, event: Any, value: Any, where: Position) -> PathKey:
        """Put a new collection into its parent and return its path."""
        self._check_node(event, where, collection=True)
        if len(self._stack) >= MAX_DEPTH:
            raise _Reject("YAML004", f"nested more than {MAX_DEPTH} levels deep", where)
        path, frame = self._child_path(where)
        self._attach(frame, path, value, where)
        return path

    def _attach(self, frame: _Frame | None, path: PathKey, value: Any, where: Position) -> None:
        self.locations.values[path] = where
        if frame is None:
            self._root = value
            return
        if isinstance(frame.container, list):
            frame.container.append(value)
        else:
            frame.container[frame.pending] = value
            frame.pending, frame.has_pending = None, False

    def _scalar(self, event: Any, where: Position) -> None:
        self._check_node(event, where, collection=False)
        frame = self._stack[-1] if self._stack else None
        if frame is not None and isinstance(frame.container, dict) and not frame.has_pending:
            self._key(frame, event, where)
            return
        path, frame = self._child_path(where)
        self._attach(frame, path, self._value(event, path), where)

    def _value(self, event: Any, path: PathKey | None) -> Any:
        """A scalar's value; ``path`` (None for keys) records its source text."""
        if event.tag is not None or not event.implicit[0]:
            return event.value  # quoted, !!str or the non-specific "!": text
        tag = _resolve(event.value)
        if path is not None and (tag == _TIMESTAMP or tag in _SCALAR_TAGS):
            self.locations.plain_text[path] = event.value
        if tag == _TIMESTAMP:
            # Timestamps stay text: the models parse them and insist on a zone.
            return event.value
        if tag in _SCALAR_TAGS:
            with contextlib.suppress(ValueError):
                return _construct(tag, event.value)
        # Anything else (including the 1.1 leftovers "=" and a "<<" value) is text.
        return event.value

    def _key(self, frame: _Frame, event: Any, where: Position) -> None:
        if event.tag is None and event.implicit[0] and _resolve(event.value) == _MERGE:
            raise _Reject(
                "YAML003", "merge keys (<<) are not allowed in records; write the keys out", where
            )
        key = self._value(event, None)
        if key is None or isinstance(key, (bool, float)):
            raise _Reject(
                "YAML007",
                f"key {event.value!r} must be text or a whole number; quote it to make it text",
                where,
            )
        if key in frame.first_seen:
            first = frame.first_seen[key]
            raise _Reject(
                "YAML002",
                f"duplicate key {key!r}: first defined at line {first.line}, column "
                f"{first.column}; remove or rename one of them",
                where,
            )
        frame.first_seen[key] = where
        frame.pending, frame.has_pending = key, True
        self.locations.keys[(*frame.path, key)] = where


# --- round-trip editing -------------------------------------------------------


def _roundtrip_yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.version = (1, 2)
    yaml.allow_duplicate_keys = False
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    yaml.preserve_quotes = True
    # Do not emit a %YAML directive into the user's files.
    yaml.explicit_start = False
    return yaml


def load_for_edit(text: str) -> Any:
    """Round-trip load: the result keeps comments, key order and quoting."""
    return _roundtrip_yaml().load(text)


def dump_for_edit(data: Any) -> str:
    """Serialize data loaded with :func:`load_for_edit` (or plain data) in ccgov's style."""
    stream = io.StringIO()
    yaml = _roundtrip_yaml()
    yaml.version = None
    yaml.dump(data, stream)
    return stream.getvalue()


def atomic_write(path: Path, content: str | bytes) -> None:
    """Write ``path`` so readers see the old content or the new, never a mix."""
    payload = content.encode("utf-8") if isinstance(content, str) else content
    try:
        for parent in (path.parent, *path.parent.parents):
            if parent.exists() or parent.is_symlink():
                if not parent.is_dir():
                    raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(parent))
                break
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        # Name the file the user asked for, not a temporary one.
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileNotFoundError):
            Path(tmp).chmod(0o644)
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(tmp).unlink()
        raise


def merge_into(target: Any, new: Any) -> Any:
    """Make round-trip data ``target`` equal to plain data ``new``, in place.

    Unchanged parts keep their comments, key order and quoting; lists that
    only grew keep their existing items untouched.
    """
    if isinstance(target, dict) and isinstance(new, dict):
        for key in [key for key in target if key not in new]:
            del target[key]
        previous = None
        for key, value in new.items():
            if key in target:
                target[key] = merge_into(target[key], value)
            elif hasattr(target, "insert"):
                # A new key goes where the model puts it, not at the end of the file.
                position = list(target).index(previous) + 1 if previous is not None else 0
                target.insert(position, key, value)
            else:
                target[key] = value
            previous = key
        return target
    if isinstance(target, list) and isinstance(new, list):
        common = min(len(target), len(new))
        for index in range(common):
            target[index] = merge_into(target[index], new[index])
        del target[len(new) :]
        target.extend(new[common:])
        return target
    return target if type(new) is not bool and target == new else new
