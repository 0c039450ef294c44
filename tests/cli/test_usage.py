"""How the command line describes itself: help that shows placeholders and
allowed values (never Python types), Click's usage errors in ccgov's
error/hint style, tab completion, and a start-up that stays light."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ccgov.records.text import UNSAFE
from ccgov.records.vocabulary import (
    ChangeCategory,
    ChangeStatus,
    Impact,
    Priority,
    RequirementKind,
    Risk,
    values,
)
from helpers import Result

Cli = Callable[..., Result]


def _commands() -> Iterator[tuple[list[str], Any]]:
    import typer

    from ccgov.cli.app import app
    from ccgov.cli.usage import polish

    root = typer.main.get_command(app)
    polish(root)
    stack: list[tuple[list[str], Any]] = [([], root)]
    while stack:
        path, command = stack.pop()
        yield path, command
        for name, sub in getattr(command, "commands", {}).items():
            stack.append(([*path, name], sub))


COMMANDS = sorted(path for path, _ in _commands())


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "ccgov")
def test_help_shows_placeholders_and_choices_never_python_types(cli: Cli, path: list[str]) -> None:
    result = cli(*path, "--help")
    assert result.exit_code == 0, result.stderr
    assert not re.search(r"<(str|int|float|path|bool|list\[|Path)", result.stdout), result.stdout
    assert "(s)" not in result.stdout  # "RFC(s)": say the plural properly


@pytest.mark.parametrize(
    ("args", "option", "vocabulary"),
    [
        (["rfc", "new"], "--risk", Risk),
        (["rfc", "new"], "--impact", Impact),
        (["rfc", "list"], "--status", ChangeStatus),
        (["req", "new"], "--kind", RequirementKind),
        (["req", "new"], "--priority", Priority),
    ],
)
def test_choices_in_help_come_from_the_record_models(
    cli: Cli, args: list[str], option: str, vocabulary: Any
) -> None:
    shown = " ".join(cli(*args, "--help").stdout.split())
    listed = values(vocabulary)
    # Short lists stand in the option's column; long ones in its help text.
    inline = f"{option} [{'|'.join(listed)}]"
    spelled = f"{option} {option[2:].upper()} One of: {', '.join(listed)}."
    assert inline in shown or spelled in shown, shown


def test_long_choice_lists_are_listed_in_the_help_text(cli: Cli) -> None:
    shown = " ".join(cli("rfc", "new", "--help").stdout.split())
    assert "--category CATEGORY One of: " + ", ".join(values(ChangeCategory)) + "." in shown


def test_arguments_show_their_name(cli: Cli) -> None:
    shown = cli("rfc", "show", "--help").stdout
    assert "Usage: ccgov rfc show [OPTIONS] RFC-ID\n" in shown
    assert "\n  RFC-ID  [required]\n" in shown


def _usage_error(result: Result) -> tuple[str, str]:
    assert result.exit_code == 2, result
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and lines[0].startswith("error: ") and lines[1].startswith("hint: "), (
        result.stderr
    )
    assert "Usage:" not in result.stderr and "Error:" not in result.stderr
    return lines[0].removeprefix("error: "), lines[1].removeprefix("hint: ")


@pytest.mark.parametrize(
    ("args", "error", "hint"),
    [
        (
            ["rfc", "new", "--titel", "x"],
            "ccgov rfc new: unknown option --titel",
            "did you mean --title? (see ccgov rfc new --help)",
        ),
        (
            ["rfc", "lst"],
            "ccgov rfc: unknown command 'lst'",
            "did you mean ccgov rfc list? (see ccgov rfc --help)",
        ),
        (["--bogus"], "ccgov: unknown option --bogus", "see ccgov --help"),
        (["rfc", "show"], "ccgov rfc show needs RFC-ID", "usage: ccgov rfc show [OPTIONS] RFC-ID"),
        (
            ["rfc", "reject", "RFC-0001"],
            "ccgov rfc reject needs --reason TEXT",
            "usage: ccgov rfc reject [OPTIONS] RFC-ID",
        ),
        (
            ["rfc", "new", "--risk", "hgh"],
            "--risk: 'hgh' is not one of low, medium, high, critical",
            "did you mean high? (see ccgov rfc new --help)",
        ),
        (
            ["rfc", "list", "--format", "xml"],
            "--format: 'xml' is not one of text, json",
            "see ccgov rfc list --help",
        ),
        (
            ["-C", ".", "rfc", "list", "--status"],
            "ccgov rfc list: --status needs a value",
            "one of " + ", ".join(values(ChangeStatus)),
        ),
        (
            ["rfc", "show", "RFC-0001", "RFC-0002", "RFC-0003"],
            "ccgov rfc show: unexpected extra arguments: RFC-0002 RFC-0003",
            "usage: ccgov rfc show [OPTIONS] RFC-ID",
        ),
    ],
)
def test_usage_errors_say_error_and_the_next_step(
    cli: Cli, args: list[str], error: str, hint: str
) -> None:
    assert _usage_error(cli(*args)) == (error, hint)


def test_usage_errors_show_what_the_user_typed_safely(cli: Cli) -> None:
    for args in (
        ["rfc", "new", "--x\x1b]0;pwned\x07\u202e"],
        ["rfc", "\x1b[2Jshow"],
        ["rfc", "list", "--status", "\x1b[2Jdraft\u202e"],
    ):
        result = cli(*args)
        error, _ = _usage_error(result)
        assert UNSAFE.search(result.stderr) is None, result.stderr
        assert "\\x1b" in error or "\\\\x1b" in error, error


def test_a_group_alone_shows_its_help(cli: Cli) -> None:
    result = cli("rfc")
    assert result.exit_code == 2
    assert "Commands:" in result.stderr and "approve" in result.stderr


# --- start-up -------------------------------------------------------------------


def test_help_loads_no_heavy_library() -> None:
    """`ccgov --help` imports Typer and the command modules only: the models,
    YAML, rich, Jinja and git are loaded by the commands that use them."""
    probe = (
        "import io, contextlib, json, sys\n"
        "from ccgov.cli.app import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = main(['--help'])\n"
        "print(json.dumps([code, sorted(sys.modules)]))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    code, modules = json.loads(done.stdout)
    assert code == 0
    heavy = {"pydantic", "rich", "ruamel", "jinja2", "git", "holidays", "ccgov.store"}
    loaded = {m for m in modules for h in heavy if m == h or m.startswith(h + ".")}
    assert not loaded, loaded
    # Nor a command's module: the list comes from cli/tree.py's table.
    commands = {m for m in modules if m.startswith("ccgov.cli.")}
    assert commands <= {"ccgov.cli.app", "ccgov.cli.tree", "ccgov.cli.usage", *_CORE}, commands


# What every command runs through: the root, its options, the error handler.
_CORE = {"ccgov.cli.completion", "ccgov.cli.context"}


def _modules_after(argv: list[str]) -> set[str]:
    probe = (
        "import io, contextlib, json, sys\n"
        "from ccgov.cli.app import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main({argv!r})\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return {m for m in json.loads(done.stdout) if m.startswith("ccgov.cli.")}


def test_a_command_loads_its_own_module_only() -> None:
    """`ccgov rfc ...` builds the rfc group alone; `ccgov report ...` the
    report group with the commands other modules add to it."""
    rfc = _modules_after(["rfc", "submit", "--help"])
    assert "ccgov.cli.rfc" in rfc
    assert not rfc & {"ccgov.cli.report", "ccgov.cli.incident", "ccgov.cli.demand"}, rfc
    report = _modules_after(["report", "--help"])
    assert {"ccgov.cli.report_ops", "ccgov.cli.planning_reports"} <= report
    assert "ccgov.cli.rfc" not in report


def test_the_command_table_says_what_each_command_says() -> None:
    """`ccgov --help` lists the table's one-line summaries: each is the one
    its command would give."""
    from ccgov.cli.tree import COMMANDS, build

    for name, entry in COMMANDS.items():
        assert build(name).get_short_help_str(10**6) == entry.summary, name


# --- completion -----------------------------------------------------------------


def _complete(shell: str, line: str, cwd: Path) -> list[str]:
    env = {**os.environ, "_CCGOV_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        words = line.split(" ")
        env |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    done = subprocess.run(
        [sys.executable, "-m", "ccgov"], env=env, cwd=cwd, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_completion_offers_commands_choices_and_record_ids(example_repo: Path) -> None:
    assert _complete("bash", "ccgov rfc li", example_repo) == ["list"]
    assert _complete("bash", "ccgov rfc new --risk ", example_repo) == list(values(Risk))
    assert _complete("bash", "ccgov rfc show RFC-001", example_repo) == [
        f"RFC-00{n}" for n in range(10, 15)
    ]
    assert _complete("fish", "ccgov rfc list --format ", example_repo) == ["text", "json"]
    assert "REQ-0003" in _complete("bash", "ccgov req show REQ", example_repo)


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_bash_script_completes_in_a_real_bash(
    cli: Cli, example_repo: Path, tmp_path: Path
) -> None:
    script = tmp_path / "ccgov.bash"
    script.write_text(cli("completion", "bash").stdout)
    shim = tmp_path / "bin" / "ccgov"
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m ccgov "$@"\n')
    shim.chmod(0o755)
    program = (
        f"source {script}; COMP_WORDS=(ccgov baseline d); COMP_CWORD=2; "
        '_ccgov_completion ccgov; echo "${COMPREPLY[*]}"'
    )
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        env={**os.environ, "PATH": f"{shim.parent}:{os.environ['PATH']}"},
        cwd=example_repo,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["diff", "drift"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_install_writes_where_the_shell_looks(
    cli: Cli, isolated_home: Path, shell: str
) -> None:
    result = cli("completion", shell, "--install")
    assert result.exit_code == 0, result.stderr
    expected = {
        "bash": isolated_home / ".local/share/bash-completion/completions/ccgov",
        "zsh": isolated_home / ".zfunc/_ccgov",
        "fish": isolated_home / ".config/fish/completions/ccgov.fish",
    }[shell]
    assert expected.read_text() == cli("completion", shell).stdout
    assert "_CCGOV_COMPLETE" in expected.read_text()
    if shell == "zsh":
        assert "fpath+=~/.zfunc" in result.stdout


def test_completion_refuses_an_unknown_shell(cli: Cli) -> None:
    error, _ = _usage_error(cli("completion", "tcsh"))
    assert error == "SHELL: 'tcsh' is not one of bash, zsh, fish"
