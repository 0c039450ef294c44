"""`ccgov completion SHELL`: tab completion for bash, zsh and fish.

The script a shell loads only asks ccgov for candidates: it runs ``ccgov``
with ``_CCGOV_COMPLETE`` set, and ccgov answers from its own command tree
(commands, options, the allowed values of choices, record ids). Nothing of
this runs for an ordinary command, so ``ccgov --help`` pays nothing for it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import typer

Shell = Literal["bash", "zsh", "fish"]
PROG = "ccgov"
COMPLETE_VAR = "_CCGOV_COMPLETE"


def script(shell: Shell) -> str:
    """The completion script for ``shell``."""
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell) + "\n"


def install_path(shell: Shell) -> Path:
    """Where each shell loads a user's completions from without editing a
    start-up file (zsh: a directory that has to be on ``fpath``)."""
    home = Path.home()
    if shell == "bash":
        data = Path(os.environ.get("XDG_DATA_HOME") or home / ".local/share")
        return data / "bash-completion/completions" / PROG
    if shell == "zsh":
        return home / ".zfunc" / f"_{PROG}"
    config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    return config / "fish/completions" / f"{PROG}.fish"


ZSH_SETUP = "fpath+=~/.zfunc; autoload -Uz compinit; compinit"


def completion_command(
    shell: Shell = typer.Argument(..., metavar="SHELL"),
    install: bool = typer.Option(
        False,
        "--install",
        help="Write the script where the shell loads completions from, instead of printing it.",
    ),
) -> None:
    """Print (or --install) the tab-completion script for your shell.

    \b
    bash  ccgov completion bash --install    (uses the bash-completion package)
          or add to ~/.bashrc:  eval "$(ccgov completion bash)"
    zsh   ccgov completion zsh --install, and once in ~/.zshrc:
          fpath+=~/.zfunc; autoload -Uz compinit; compinit
    fish  ccgov completion fish --install
    """
    from ccgov.cli.output import safe
    from ccgov.store.yamlio import atomic_write

    text = script(shell)
    if not install:
        typer.echo(text, nl=False)
        return
    target = install_path(shell)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, text)
    typer.echo(f"installed {shell} completion: {safe(target)}")
    if shell == "zsh":
        zshrc = Path.home() / ".zshrc"
        setup = zshrc.read_text(encoding="utf-8", errors="replace") if zshrc.is_file() else ""
        if ".zfunc" not in setup:
            typer.echo(f"add this line to ~/.zshrc once: {ZSH_SETUP}")
    typer.echo("open a new shell to use it")


def prepare() -> None:
    """Called before ccgov runs when a shell asks for completions: register
    Typer's bash, zsh and fish answerers with the command machinery."""
    from typer._completion_classes import completion_init

    completion_init()
