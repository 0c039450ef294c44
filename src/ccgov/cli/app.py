"""The `ccgov` command: global options, command registration, and the one
error handler that maps outcomes to exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import typer

from ccgov import __version__
from ccgov.cli.completion import COMPLETE_VAR
from ccgov.cli.context import Settings
from ccgov.cli.tree import CommandTree
from ccgov.cli.usage import polish

# The commands live in cli/tree.py's table, each imported when it is run.
app = typer.Typer(
    cls=CommandTree,
    # Plain help: rich's help renderer costs more start-up time than the rest of ccgov.
    rich_markup_mode=None,
    name="ccgov",
    help="Governance-as-code for contact-center technology.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ccgov {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    directory: Path = typer.Option(
        None, "-C", help="Run as if ccgov was started in this directory.", show_default=False
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """Governance-as-code for contact-center technology."""
    if directory is not None and not directory.is_dir():
        from ccgov.errors import UsageError

        what = "is not a directory" if directory.exists() else "does not exist"
        raise UsageError(f"-C {directory}: {what}", hint="pass the governed repository's folder")
    base = Path.cwd() if directory is None else directory.resolve()
    ctx.obj = Settings(base)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ccgov; return the exit code instead of raising it."""
    from typer._click.exceptions import NoArgsIsHelpError
    from typer._click.exceptions import UsageError as ClickUsageError

    from ccgov.errors import (
        EXIT_FINDINGS,
        EXIT_INTERNAL,
        EXIT_INTERRUPTED,
        EXIT_USAGE,
        CcgovError,
    )

    args = list(argv) if argv is not None else sys.argv[1:]
    command = typer.main.get_command(app)
    polish(command)
    if os.environ.get(COMPLETE_VAR):
        # A shell asking for completions; ccgov answers and exits inside main().
        from ccgov.cli.completion import prepare

        prepare()
    try:
        result = command.main(
            args=args,
            prog_name="ccgov",
            standalone_mode=False,
        )
    except CcgovError as exc:
        _notes(exc.notes)
        _error(exc.message, exc.hint)
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except NoArgsIsHelpError as exc:
        # `ccgov rfc` alone: the group's help is the answer.
        exc.show()
        return EXIT_USAGE
    except ClickUsageError as exc:
        # Click's own usage errors (unknown option, missing argument, bad
        # choice) in the same words as ccgov's: error, then the next step.
        from ccgov.cli.usage import explain

        message, hint = explain(exc, command, args)
        _error(message, hint)
        return EXIT_USAGE
    except typer.TyperException as exc:
        _error(exc.format_message(), None)
        return int(exc.exit_code)
    except (KeyboardInterrupt, typer.Abort):
        _error("interrupted", None)
        return EXIT_INTERRUPTED
    except OSError as exc:
        # A file ccgov was asked to read or write: the user's to fix, not a bug.
        where = f": {exc.filename}" if exc.filename else ""
        _error(f"{exc.strerror or exc}{where}", "check the path and its permissions")
        return EXIT_FINDINGS
    except Exception as exc:
        _error(
            f"internal error: {type(exc).__name__}: {exc}",
            "this is a bug in ccgov; please report it with the command you ran",
        )
        return EXIT_INTERNAL
    return result if isinstance(result, int) else 0


def _notes(notes: list[str]) -> None:
    from ccgov.cli.output import console, markup

    for note in notes:
        console(stderr=True).print(f"[yellow]note:[/yellow] {markup(note)}")


def _error(message: str, hint: str | None) -> None:
    # Messages quote record text, file names and what git said: shown, not obeyed.
    from ccgov.cli.output import console, markup

    out = console(stderr=True)
    out.print(f"[red bold]error:[/red bold] {markup(message)}")
    if hint:
        out.print(f"[dim]hint:[/dim] {markup(hint)}")
