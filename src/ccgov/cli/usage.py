"""How the command line describes itself: the value placeholders and choices
in ``--help``, and Click's own usage errors (unknown option, missing
argument, bad choice) turned into ccgov's ``error:`` / ``hint:`` pair.

Typer shows a parameter's Python type (``<str>``, ``<list[str]>``) where a
person expects a placeholder or the allowed values. :func:`polish` walks the
built command tree once, before it parses anything, and gives every option a
placeholder (``TEXT``, ``PATH``, or the ``[a|b|c]`` list of its ``Literal``'s
values) and every argument its name alone. It only touches objects, so
``ccgov --help`` stays as fast as before.
"""

from __future__ import annotations

import re
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from typer import Context
from typer.core import TyperArgument, TyperGroup, TyperOption


def _choices(param: Any) -> list[str]:
    desc = param.type_descriptor
    return [str(c) for c in desc.choices or ()] if desc.is_choice else []


# Placeholders by option name, for options shared by several commands.
_BY_NAME = {
    "--at": "TIME",
    "--period": "PERIOD",
    "--since": "REVISION",
    "--ignore": "CODE",
    "--sla": "SLA-ID",
}


def _placeholder(param: Any) -> str:
    choices = _choices(param)
    if choices:
        return "[" + "|".join(choices) + "]"
    for opt in param.opts:
        if opt in _BY_NAME:
            return _BY_NAME[opt]
    annotation = param.type_descriptor.annotation
    if annotation is Path or "Path" in str(annotation):
        return "PATH"
    if annotation is int:
        return "N"
    return "TEXT"


class _Argument(TyperArgument):
    """An argument shown by its name (``RFC-ID``), never its Python type."""

    def display_type_rich(self, ctx: Any) -> str | None:
        choices = _choices(self)
        return "[" + "|".join(choices) + "]" if choices else None

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        name = name if self.required else f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")


# Longer lists of allowed values go into the help text, where they wrap.
_INLINE_CHOICES = 40


def polish(command: Any) -> None:
    """Give every parameter in the tree a placeholder instead of a type."""
    for param in command.params:
        if isinstance(param, TyperOption):
            if not (param.is_flag or param.count) and param.metavar is None:
                param.metavar = _placeholder(param)
                if len(param.metavar) > _INLINE_CHOICES:
                    param.metavar = max(param.opts, key=len).lstrip("-").upper()
                    listed = "One of: " + ", ".join(_choices(param)) + "."
                    param.help = f"{param.help} {listed}" if param.help else listed
        elif isinstance(param, TyperArgument):
            if param.metavar is None:
                param.metavar = (param.name or "value").upper()
            param.__class__ = _Argument
    if isinstance(command, TyperGroup) and not getattr(command, "builds_on_demand", False):
        for sub in command.commands.values():
            polish(sub)


# --- usage errors -------------------------------------------------------------

_NO_COMMAND = re.compile(r"^No such command (?P<name>'.*'|\".*\")\.")


def _sentence(message: str) -> str:
    """Click's message in ccgov's voice: lower-case start, no final period."""
    message = message.removeprefix("Value error, ").strip()
    if message[:1].isupper() and not message[1:2].isupper():
        message = message[0].lower() + message[1:]
    return message.removesuffix(".")


def _name(param: Any) -> str:
    if isinstance(param, TyperOption) and param.opts:
        return max(param.opts, key=len)
    return str(param.metavar or param.name)


def _closest(word: str, candidates: list[str]) -> str | None:
    found = get_close_matches(word, candidates, n=1, cutoff=0.6)
    return found[0] if found else None


def _bad_value(exc: Any) -> str | None:
    """The value a choice refused, from the validation error behind it."""
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if errors is None:
        return None
    try:
        value = errors()[0].get("input")
    except (IndexError, TypeError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def _command_for(root: Any, argv: list[str]) -> tuple[str, Any]:
    """The command ``argv`` names (for an error raised before Click made its
    context): follow the leading words that are subcommands."""
    path, command = ["ccgov"], root
    words = iter(argv)
    for word in words:
        if word == "-C":
            next(words, None)
            continue
        if word.startswith("-"):
            continue
        group = command if isinstance(command, TyperGroup) else None
        sub = group.get_command(Context(group), word) if group is not None else None
        if sub is None:
            break
        path.append(word)
        command = sub
    return " ".join(path), command


def _extra(message: str) -> str | None:
    found = re.match(r"^Got unexpected extra argument\(s\) \((?P<args>.*)\)$", message)
    if found is None:
        return None
    words = found.group("args").split(" ")
    return f"unexpected extra {'argument' if len(words) == 1 else 'arguments'}: {' '.join(words)}"


def explain(exc: Any, root: Any, argv: list[str]) -> tuple[str, str]:
    """``(message, hint)`` for one of Click's usage errors in ``root``'s tree
    raised for ``argv``; the hint names the next step (the closest valid
    option or command, or the help to read)."""
    from typer._click.exceptions import BadOptionUsage, BadParameter, NoSuchOption

    ctx = exc.ctx
    if ctx is not None:
        path, command = ctx.command_path, ctx.command
    else:
        path, command = _command_for(root, argv)
    help_hint = f"see {path} --help"
    if isinstance(exc, NoSuchOption):
        known = sorted(o for p in command.params for o in getattr(p, "opts", ()))
        best = _closest(exc.option_name, list(exc.possibilities or known))
        hint = f"did you mean {best}? ({help_hint})" if best else help_hint
        return f"{path}: unknown option {exc.option_name}", hint
    match = _NO_COMMAND.match(exc.message)
    if match is not None:
        import ast

        typo = ast.literal_eval(match.group("name"))
        commands = list(command.list_commands(ctx)) if isinstance(command, TyperGroup) else []
        best = _closest(typo, commands)
        hint = f"did you mean {path} {best}? ({help_hint})" if best else help_hint
        return f"{path}: unknown command {typo!r}", hint
    param = getattr(exc, "param", None)
    usage = ctx.get_usage().replace("Usage:", "usage:", 1) if ctx is not None else help_hint
    if param is not None and type(exc).__name__ == "MissingParameter":
        what = _name(param)
        if isinstance(param, TyperOption):
            what = f"{what} {param.metavar}"
        return f"{path} needs {what}", usage
    if isinstance(exc, BadParameter) and param is not None:
        choices = _choices(param)
        value = _bad_value(exc)
        if choices and value is not None:
            best = _closest(value, choices)
            hint = f"did you mean {best}? ({help_hint})" if best else help_hint
            return f"{_name(param)}: {value!r} is not one of {', '.join(choices)}", hint
        return f"{_name(param)}: {_sentence(exc.message)}", help_hint
    if isinstance(exc, BadOptionUsage) and "requires" in exc.message:
        option = next(
            (p for p in command.params if exc.option_name in getattr(p, "opts", ())), None
        )
        choices = _choices(option) if option is not None else []
        hint = f"one of {', '.join(choices)}" if choices else help_hint
        return f"{path}: {exc.option_name} needs a value", hint
    extra = _extra(exc.message)
    if extra is not None:
        return f"{path}: {extra}", usage
    return f"{path}: {_sentence(exc.message)}", help_hint
