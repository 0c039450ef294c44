"""The Jinja environment: ccgov's report templates, overridable per repository,
rendered in a sandbox.

A repository's ``.ccgov/templates/`` is committed by anyone who can push, and
rendered on every machine and CI job that runs ``ccgov report``, so its
templates are untrusted input, not code:

* They run in Jinja's ``ImmutableSandboxedEnvironment``: no attribute that
  starts with an underscore (``cycler.__init__.__globals__``), no
  ``str.format`` escapes (``'{0.__class__}'.format(x)``), no changing lists
  and dicts in place. :class:`_Sandbox` also refuses any attribute of, or
  call on, a path, an open file or a module, and bounds what an expression
  can allocate (``range`` by Jinja; ``**`` and sequence ``*`` here; the
  whole output by :data:`MAX_OUTPUT_CHARS`).
* They are read only from regular files inside ``.ccgov/templates/``: the
  path is opened one directory at a time without following symbolic links
  (a link anywhere below the repository root is refused, not followed), a
  name with ``..`` or an absolute one is refused, and so is a file over
  :data:`MAX_TEMPLATE_BYTES` or one that is not UTF-8.
* Any failure (a sandbox violation, a syntax error, a refused or missing
  template, an error while rendering a repository template) raises
  :class:`TemplateError` naming the template file and line. Nothing is
  returned, so the caller writes nothing.

ccgov's own templates (``templates/report/``) load as before, from the
package, and render in the same sandbox.
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import stat
import string
import types
from collections.abc import Callable, Iterator
from pathlib import Path, PurePath
from typing import Any, Literal

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from ccgov.errors import CcgovError
from ccgov.records.text import visible
from ccgov.report import humane

OVERRIDE_DIR = ".ccgov/templates"
Format = Literal["md", "html"]

# A report template is a page of markup; a quarter of a megabyte is generous.
MAX_TEMPLATE_BYTES = 256 * 1024
# The largest report ccgov writes (the HTML site of 10,000 records) is a few
# megabytes; this bounds what a runaway loop can make ccgov hold in memory.
MAX_OUTPUT_CHARS = 64 * 1024 * 1024
# Bounds for one expression: `'x' * 10**9` or `10 ** 10 ** 8` would take the
# memory or the CPU before any output is written.
MAX_SEQUENCE = 1_000_000
MAX_POWER_BITS = 4096

_SEGMENT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


class TemplateError(CcgovError):
    """A report template was refused, is broken, or failed while rendering."""


class _Refused(jinja2.TemplateError):
    """A repository template ccgov will not load. Not a TemplateNotFound: the
    ChoiceLoader would quietly fall back to ccgov's own template."""


# --- loading -------------------------------------------------------------------


def _segments(name: str) -> list[str]:
    """The path segments of a template name, or _Refused: names are relative to
    .ccgov/templates/, without '..', backslashes or odd characters."""
    if name.startswith("/") or "\\" in name:
        raise _Refused(f"template name {name!r} is not a relative path inside {OVERRIDE_DIR}/")
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if not parts or any(part == ".." for part in parts):
        raise _Refused(f"template name {name!r} leads outside {OVERRIDE_DIR}/")
    odd = [part for part in parts if not _SEGMENT.match(part)]
    if odd:
        raise _Refused(
            f"template name {name!r}: use letters, digits, '.', '_' and '-' only in {odd[0]!r}"
        )
    return parts


def _refusal(directory_fd: int, part: str, shown: str, exc: OSError) -> _Refused:
    """Why opening ``part`` failed, in words (O_NOFOLLOW reports a link as ELOOP)."""
    try:
        mode = os.lstat(part, dir_fd=directory_fd).st_mode
    except OSError:
        mode = 0
    if stat.S_ISLNK(mode):
        return _Refused(f"{shown} is a symbolic link; report templates must be regular files")
    if exc.errno == errno.ENOTDIR:
        return _Refused(f"{shown} is not a folder")
    return _Refused(f"{shown} cannot be read: {exc.strerror or exc}")


def _read_template(root: Path, name: str) -> tuple[str, str] | None:
    """(source, file name) of ``name`` in ``<root>/.ccgov/templates``; None when
    there is no such file. Raises _Refused for anything but a regular file
    reached without a symbolic link.

    Each directory is opened relative to its parent with O_NOFOLLOW, so a link
    swapped in for any part of the path is refused, never followed.
    """
    parts = [*OVERRIDE_DIR.split("/"), *_segments(name)]
    flags = os.O_RDONLY | os.O_CLOEXEC
    fd = os.open(root, flags | os.O_DIRECTORY)
    try:
        for index, part in enumerate(parts):
            shown = "/".join(parts[: index + 1])
            last = index == len(parts) - 1
            # O_NONBLOCK: a FIFO must not hang the open; it is refused below.
            mode = os.O_NONBLOCK if last else os.O_DIRECTORY
            try:
                child = os.open(part, flags | os.O_NOFOLLOW | mode, dir_fd=fd)
            except FileNotFoundError:
                return None
            except OSError as exc:
                raise _refusal(fd, part, shown, exc) from None
            os.close(fd)
            fd = child
        shown = "/".join(parts)
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _Refused(f"{shown} is not a regular file")
        data = b""
        while len(data) <= MAX_TEMPLATE_BYTES:
            chunk = os.read(fd, MAX_TEMPLATE_BYTES + 1 - len(data))
            if not chunk:
                break
            data += chunk
        if len(data) > MAX_TEMPLATE_BYTES:
            raise _Refused(f"{shown} is larger than {MAX_TEMPLATE_BYTES // 1024} KiB")
        try:
            return data.decode("utf-8"), str(root / shown)
        except UnicodeDecodeError:
            raise _Refused(f"{shown} is not UTF-8") from None
    finally:
        os.close(fd)


class _RepositoryLoader(jinja2.BaseLoader):
    def __init__(self, root: Path) -> None:
        self.root = root

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        found = _read_template(self.root, template)
        if found is None:
            raise jinja2.TemplateNotFound(template)
        source, filename = found
        return source, filename, lambda: False


# --- the sandbox -----------------------------------------------------------------

# Objects that reach the file system or the interpreter: a template may print
# them, never use them (`path.read_text()`, `path.parent`, `module.system`).
_OFF_LIMITS = (PurePath, io.IOBase, types.ModuleType)


# Padding and precision ask Python for that many characters at once:
# '{:>900000000}'.format(1), '%900000000d' % 1, 'x'.ljust(900000000).
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\*|\d*)(?:\.(\*|\d*))?")


def _bounded(value: Any, what: str) -> None:
    if isinstance(value, int) and value > MAX_SEQUENCE:
        raise SecurityError(f"{what} {value} is over the limit of {MAX_SEQUENCE:,}")


def _check_percent(text: str, values: Any) -> None:
    """Widths and precisions of a %-format: written out, or taken from ``values`` (*)."""
    for match in _PERCENT_SPEC.finditer(text):
        for spec in match.groups():
            if spec == "*":
                for value in values if isinstance(values, tuple) else (values,):
                    _bounded(value, "a width or precision of")
            elif spec:
                _bounded(int(spec), "a width or precision of")


def _check_format(text: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Widths and precisions of a str.format spec: written out, or nested ({:{}})."""
    for _literal, _field, spec, _conversion in string.Formatter().parse(text):
        for number in re.findall(r"\d+", spec or ""):
            _bounded(int(number), "a width or precision of")
        if spec and "{" in spec:
            nested = [*args, *kwargs.values()]
            nested += [v for a in args if isinstance(a, dict) for v in a.values()]
            for value in nested:
                _bounded(value, "a width or precision of")


def _width_filter(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    def checked(value: Any, *args: Any, **kwargs: Any) -> Any:
        if name == "format":
            _check_percent(str(value), args or tuple(kwargs.values()))
        else:
            for arg in (*args, *kwargs.values()):
                _bounded(arg, "a width of")
        return original(value, *args, **kwargs)

    return checked


class _Sandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return (
            super().is_safe_attribute(obj, attr, value)
            and not isinstance(obj, _OFF_LIMITS)
            and not isinstance(value, types.ModuleType)
        )

    def is_safe_callable(self, obj: Any) -> bool:
        return super().is_safe_callable(obj) and not isinstance(
            getattr(obj, "__self__", None), _OFF_LIMITS
        )

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        if isinstance(getattr(obj, "__self__", None), str) and (
            getattr(obj, "__name__", "") in _WIDTH_METHODS
        ):
            for arg in (*args, *kwargs.values()):
                _bounded(arg, "a width of")
        return super().call(context, obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text = str(value.__self__)

        def checked(*args: Any, **kwargs: Any) -> str:
            _check_format(text, args, kwargs)
            return wrapped(*args, **kwargs)

        return checked

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        if (
            operator_ == "**"
            and isinstance(left, int)
            and isinstance(right, int)
            and abs(left) > 1
            and abs(left).bit_length() * right > MAX_POWER_BITS
        ):
            raise SecurityError(f"{left} ** {right} is too large to compute in a template")
        if operator_ == "*":
            for sequence, count in ((left, right), (right, left)):
                if (
                    isinstance(sequence, (str, list, tuple))
                    and isinstance(count, int)
                    and len(sequence) * count > MAX_SEQUENCE
                ):
                    raise SecurityError(
                        f"repeating a {type(sequence).__name__} {count} times makes more than "
                        f"{MAX_SEQUENCE:,} items"
                    )
        if operator_ == "%" and isinstance(left, str):
            _check_percent(left, right)
        return super().call_binop(context, operator_, left, right)


def environment(root: Path | None, output: Format) -> jinja2.Environment:
    """Templates from ``<repo>/.ccgov/templates`` first, then ccgov's own.

    HTML is autoescaped; Markdown is not (it escapes with the ``md`` filter).
    Either way every value a template prints has its control and bidi
    characters shown escaped (``finalize``).
    """
    loaders: list[jinja2.BaseLoader] = []
    if root is not None:
        loaders.append(_RepositoryLoader(root))
    loaders.append(jinja2.PackageLoader("ccgov", "templates/report"))
    env = _Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=output == "html",
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    # lipsum(n, min, max) writes as much text as it is asked to; reports never need it.
    del env.globals["lipsum"]
    for name in ("center", "indent", "format"):
        env.filters[name] = _width_filter(name, env.filters[name])
    env.filters["md"] = markdown_cell
    env.filters["short"] = lambda value, n=12: str(value)[:n]
    env.filters["tojson_compact"] = lambda value: json.dumps(value, default=str)
    env.filters["duration"] = humane.duration
    env.filters["money"] = humane.money
    env.filters["when"] = humane.when
    return env


def _finalize(value: Any) -> Any:
    """Every printed value: controls and bidi overrides shown escaped, so a
    record's text cannot rewrite the report around it (Markup stays Markup)."""
    if isinstance(value, Markup):
        return Markup(visible(str(value)))
    if isinstance(value, str):
        return visible(value)
    return value


_MARKDOWN_SPECIAL = ("\\", "|", "*", "_", "`", "<", ">", "[", "]")
# What would start a block (heading, list, thematic break, setext underline,
# fence) at the beginning of a paragraph or heading built from record text.
# A leading punctuation mark is escaped whether or not it would (the escape
# renders the same); a number only when it reads as a list item ("1. ").
_BLOCK_START = re.compile(r"^([#+\-=~])|^(\d{1,9})([.)])(?=\s|$)")


def markdown_cell(value: Any) -> str:
    """Text safe inside a Markdown table cell, heading or paragraph: one line
    (CR and LF become spaces, so no new row, heading or block can start),
    control and bidi characters shown escaped, Markdown punctuation escaped."""
    text = "" if value is None else str(value)
    text = visible(text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")).lstrip()
    for char in _MARKDOWN_SPECIAL:
        text = text.replace(char, "\\" + char)
    return _BLOCK_START.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), text
    )


# --- rendering -------------------------------------------------------------------


def render(root: Path | None, template: str, output: Format, **context: Any) -> str:
    """The rendered report, or TemplateError naming the template and line."""
    name = f"{template}.{output}.j2"
    env = environment(root, output)
    try:
        parts: list[str] = []
        size = 0
        for chunk in env.get_template(name).generate(**context):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise _Refused(
                    f"{name} produced more than {MAX_OUTPUT_CHARS // (1024 * 1024)} MiB of output"
                )
            parts.append(chunk)
        return "".join(parts)
    except Exception as exc:
        error = _template_error(root, name, exc)
        if error is None:
            raise
        raise error from None


def _template_frames(exc: BaseException) -> Iterator[tuple[str, int]]:
    """(file name, line) of each template frame in the traceback, outermost
    first; Jinja rewrites template frames to carry the template's file and line."""
    tb = exc.__traceback__
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            yield tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next


def _template_error(root: Path | None, name: str, exc: Exception) -> TemplateError | None:
    """The TemplateError for ``exc``, or None when it is not the template's fault
    (an error in ccgov's own code, raised while rendering ccgov's own template)."""
    overrides = str(root / OVERRIDE_DIR) + os.sep if root is not None else None

    def shown(filename: str) -> str:
        if overrides is not None and filename.startswith(overrides):
            return OVERRIDE_DIR + "/" + filename[len(overrides) :]
        return f"ccgov's template {Path(filename).name}"

    frames = list(_template_frames(exc))
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        frames = [(exc.filename, exc.lineno)]
    ours = [f for f in frames if overrides is not None and f[0].startswith(overrides)]
    if not isinstance(exc, jinja2.TemplateError) and not ours:
        return None
    where = (ours or frames)[-1:]
    # A refusal names its file; anything else names the template it happened in.
    place = f" {shown(where[0][0])}, line {where[0][1]}" if where else ""
    if not place and not isinstance(exc, _Refused):
        place = f" {name}"
    if isinstance(exc, _Refused):
        what = f"refused: {exc.message}"
    elif isinstance(exc, SecurityError):
        what = f"not allowed in a report template: {exc}"
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        what = f"syntax error: {exc.message}"
    elif isinstance(exc, jinja2.TemplateNotFound):
        what = f"no template named {exc.name!r}"
    elif isinstance(exc, jinja2.UndefinedError):
        what = exc.message or "undefined value"
    else:
        what = f"{type(exc).__name__}: {exc}"
    return TemplateError(
        f"report template{place}: {what}",
        hint=(
            f"report templates in {OVERRIDE_DIR}/ run in a sandbox: they may use the report's "
            "data and Jinja's filters, not Python internals, files or links; fix or remove the "
            "template"
        ),
    )
