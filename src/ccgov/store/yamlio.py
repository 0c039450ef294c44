"""The one module that owns ruamel.yaml.

Reading never constructs objects from the YAML: the (C-accelerated where
available) parser composes a node tree, and :func:`parse_document` turns it
into plain Python data while recording the line and column of every key and
value. Duplicate keys, anchors/aliases, explicit tags, oversized and deeply
nested input become findings instead of surprises. Editing (which must keep
comments, key order and quoting) uses ruamel's round-trip mode in
:func:`load_for_edit` / :func:`dump_for_edit`; files are written atomically.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ccgov.findings import Finding

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64

PathKey = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


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


def decode(path: str, data: bytes, *, max_bytes: int = MAX_BYTES) -> tuple[str | None, list[Finding]]:
    """Bytes to text: size limit, strict UTF-8 (a BOM is tolerated)."""
    if len(data) > max_bytes:
        return None, [
            Finding(path, 0, 0, "YAML004", "error",
                    f"file is {len(data):,} bytes, over the {max_bytes:,}-byte limit for a record")
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [
            Finding(path, line, column, "YAML005", "error",
                    f"byte 0x{data[exc.start]:02x} is not valid UTF-8; save the file as UTF-8")
        ]
    return text, []


def parse_document(path: str, data: bytes, *, max_bytes: int = MAX_BYTES) -> tuple[Document | None, list[Finding]]:
    """Parse one YAML file safely into plain data plus locations.

    Pure: the same (path, bytes) always gives the same result, so callers may
    cache it by content hash.
    """
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    text, findings = decode(path, data, max_bytes=max_bytes)
    if text is None:
        return None, findings
    try:
        node = _safe().compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = _position(mark) if mark is not None else Position(1, 1)
        return None, [Finding(path, pos.line, pos.column, "YAML001", "error", _yaml_message(exc, text, mark))]
    except YAMLError as exc:
        return None, [Finding(path, 1, 1, "YAML001", "error", str(exc).strip())]
    except RecursionError:
        return None, [Finding(path, 1, 1, "YAML004", "error", "the document is nested too deeply")]
    if node is None:
        return None, [Finding(path, 1, 1, "YAML006", "error", "the file is empty: it holds no YAML document")]
    builder = _Builder()
    try:
        value = builder.build(node, (), _position(node.start_mark), depth=0)
    except _Reject as exc:
        return None, [Finding(path, exc.position.line, exc.position.column, exc.code, "error", exc.message)]
    return Document(value, builder.locations), []


def _yaml_message(exc: Any, text: str, mark: Any) -> str:
    problem = (exc.problem or "syntax error").strip()
    message = problem
    if exc.context:
        message = f"{problem} ({exc.context.strip()})"
    if mark is not None:
        lines = text.splitlines()
        here = lines[mark.line] if mark.line < len(lines) else ""
        if "\t" in here[: max(mark.column, 0) + 1] or "tab" in problem:
            message += "; indent with spaces, not tabs"
    return message


class _Builder:
    """Turns a composed node tree into plain data, recording locations."""

    def __init__(self) -> None:
        self.locations = Locations()
        self._seen: set[int] = set()
        self._constructor: Any = None

    def build(self, node: Any, path: PathKey, where: Position, depth: int) -> Any:
        from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

        if depth > MAX_DEPTH:
            raise _Reject("YAML004", f"nested more than {MAX_DEPTH} levels deep", where)
        if id(node) in self._seen:
            # The composer hands back the anchored node again for an alias.
            raise _Reject("YAML003", "aliases (*name) are not allowed in records; write the value out", where)
        self._seen.add(id(node))
        self.locations.values[path] = _position(node.start_mark)
        if isinstance(node, ScalarNode):
            return self._scalar(node, path, where)
        if isinstance(node, SequenceNode):
            self._check_tag(node, "tag:yaml.org,2002:seq", where)
            items = []
            for index, child in enumerate(node.value):
                child_path = (*path, index)
                items.append(self.build(child, child_path, _position(child.start_mark), depth + 1))
            return items
        if isinstance(node, MappingNode):
            self._check_tag(node, "tag:yaml.org,2002:map", where)
            return self._mapping(node, path, depth)
        raise _Reject("YAML001", f"unsupported YAML node {type(node).__name__}", where)

    def _mapping(self, node: Any, path: PathKey, depth: int) -> dict[Any, Any]:
        from ruamel.yaml.nodes import ScalarNode

        result: dict[Any, Any] = {}
        first_seen: dict[Any, Position] = {}
        for key_node, value_node in node.value:
            key_pos = _position(key_node.start_mark)
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Reject("YAML003", "merge keys (<<) are not allowed in records; write the keys out", key_pos)
            if not isinstance(key_node, ScalarNode):
                raise _Reject("YAML007", "mapping keys must be plain scalars", key_pos)
            key = self._scalar(key_node, path, key_pos)
            if key is None or isinstance(key, (bool, float)):
                raise _Reject("YAML007", f"key {key_node.value!r} must be text or a whole number", key_pos)
            if key in first_seen:
                raise _Reject(
                    "YAML002",
                    f"duplicate key {key!r}: first defined at line {first_seen[key].line}; "
                    "remove or rename one of them",
                    key_pos,
                )
            first_seen[key] = key_pos
            child_path = (*path, key)
            self.locations.keys[child_path] = key_pos
            result[key] = self.build(value_node, child_path, key_pos, depth + 1)
        return result

    def _check_tag(self, node: Any, expected: str, where: Position) -> None:
        if node.tag != expected:
            raise _Reject("YAML003", f"explicit tag {node.tag!r} is not allowed in records", where)

    def _scalar(self, node: Any, path: PathKey, where: Position) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _TIMESTAMP:
            # Timestamps stay text: the models parse them and insist on a zone.
            self.locations.plain_text[path] = node.value
            return node.value
        if tag in _SCALAR_TAGS:
            if self._constructor is None:
                self._constructor = _safe().constructor
            self.locations.plain_text[path] = node.value
            return self._constructor.construct_object(node, deep=True)
        raise _Reject("YAML003", f"explicit tag {tag!r} is not allowed in records", where)


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
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
