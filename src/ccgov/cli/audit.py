"""`ccgov audit`: history checked against the rules of change control."""

from __future__ import annotations

import json
from typing import Literal

import typer

from ccgov.cli.context import repository_prefix, repository_root


def audit_command(
    ctx: typer.Context,
    since: str = typer.Option(
        None, "--since", metavar="REVISION", help="Audit only commits after this revision."
    ),
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Judge every commit again (verdicts are kept per commit)."
    ),
    output_format: Literal["text", "json", "github", "sarif"] = typer.Option(
        "text",
        "--format",
        help="text, json, github (annotations) or sarif (code scanning).",
    ),
) -> None:
    """Replay history: every commit judged by the rules in force before it (approvals,
    CI changes tied to RFCs, tests, governance changes, signatures)."""
    from ccgov.cli.output import console, counted, markup
    from ccgov.errors import EXIT_FINDINGS
    from ccgov.history.audit import audit

    root = repository_root(ctx)
    found = audit(root, since=since, use_cache=not no_cache)
    if output_format == "json":
        typer.echo(json.dumps([f.to_json() for f in found], indent=2))
    elif output_format == "sarif":
        from ccgov.cli import sarif

        results = [
            sarif.Result(
                f.code,
                "error",
                f"{f.message} (commit {f.commit[:12]} by {f.author})",
                f.file,
                properties={"commit": f.commit, "author": f.author},
                fingerprint=f"{f.commit}:{f.code}:{f.file}",
            )
            for f in found
        ]
        typer.echo(json.dumps(sarif.log("audit", results, repository_prefix(root)), indent=2))
    elif output_format == "github":
        from ccgov.cli.reporters import github_annotation

        prefix = repository_prefix(root)
        for f in found:
            typer.echo(
                github_annotation(
                    "error",
                    prefix + f.file if f.file else "",
                    0,
                    0,
                    f"{f.code} {f.commit[:12]}",
                    f"{f.message} (by {f.author})",
                )
            )
        typer.echo("audit clean" if not found else counted(len(found), "audit finding"))
    else:
        out = console()
        for f in found:
            out.print(
                f"[red]{f.code}[/red] {markup(f.commit[:12])} {markup(f.file)}: {markup(f.message)}"
            )
        out.print(
            "[green]audit clean[/green]"
            if not found
            else f"[red]{counted(len(found), 'finding')}[/red]"
        )
    if found:
        raise typer.Exit(EXIT_FINDINGS)
