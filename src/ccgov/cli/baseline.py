"""`ccgov baseline ...`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import typer

from ccgov.cli.context import open_repository, repository_root
from ccgov.cli.options import FORMAT_HELP
from ccgov.cli.output import console, counted, markup

baseline_app = typer.Typer(
    rich_markup_mode=None,
    help="Baselines: snapshot, list, show, diff, verify, drift.",
    no_args_is_help=True,
)


@baseline_app.command("snapshot")
def snapshot_command(
    ctx: typer.Context,
    name: str = typer.Argument(None, help="Baseline name (default: today's date)."),
    message: str = typer.Option(None, "--message", "-m"),
) -> None:
    """Record every CI with its version and hashes, commit it and tag baseline/NAME."""
    from ccgov.baseline.snapshot import snapshot

    result = snapshot(repository_root(ctx), now=datetime.now(UTC), name=name, message=message)
    console().print(
        f"baseline {markup(result.name)}: {counted(result.items, 'CI')}, "
        f"{counted(len(result.changes), 'RFC')} since the previous baseline; "
        f"committed {str(result.commit)[:12]}, tagged {markup(result.tag)}"
    )


@baseline_app.command("list")
def list_command(
    ctx: typer.Context,
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """List baselines, oldest first."""
    from ccgov.baseline.manifest import baselines
    from ccgov.cli.output import print_records, when, zone_of

    repository = open_repository(ctx)
    zone = zone_of(repository.config)
    found = baselines(repository)
    if output_format == "json":
        typer.echo(
            json.dumps(
                [
                    {
                        "name": b.name,
                        "created": b.created.isoformat(),
                        "author": b.author,
                        "commit": b.commit,
                        "items": len(b.items),
                        "changes": b.changes,
                    }
                    for b in found
                ],
                indent=2,
            )
        )
        return
    rows = [
        {
            "name": b.name,
            "created": when(b.created, zone),
            "author": b.author,
            "commit": b.commit[:12],
            "items": len(b.items),
            "changes": len(b.changes),
        }
        for b in found
    ]
    print_records(
        rows,
        ("name", "created", "author", "commit", "items", "changes"),
        "text",
        empty="no baselines yet: ccgov baseline snapshot",
    )


@baseline_app.command("show")
def show_command(
    ctx: typer.Context,
    name: str = typer.Argument(None, metavar="NAME", help="A baseline name."),
    at: str = typer.Option(
        None,
        "--at",
        metavar="TIME",
        help="A date or timestamp: the state of every CI then, from git.",
    ),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """Show a baseline, or the state of every CI as it was at a moment."""
    from ccgov.baseline.manifest import find_baseline
    from ccgov.baseline.points import state_at
    from ccgov.cli.output import print_records, when, zone_of
    from ccgov.errors import UsageError

    root = repository_root(ctx)
    if (name is None) == (at is None):
        raise UsageError("give a baseline NAME or --at DATE (one of them)")
    repository = open_repository(ctx)
    zone = zone_of(repository.config)
    if name is not None:
        baseline = find_baseline(repository, name).record
        rows = [
            {
                "id": i.id,
                "kind": i.kind,
                "name": i.name,
                "version": i.version,
                "record_sha256": i.record_sha256,
                "artifact_sha256": i.artifact_sha256,
            }
            for i in baseline.items
        ]
        header = (
            f"baseline {markup(baseline.name)} of commit {baseline.commit[:12]}, taken "
            f"{when(baseline.created, zone)} by {markup(baseline.author)}"
        )
        commit = baseline.commit
    else:
        point, states = state_at(root, at)
        rows = [
            {
                "id": s.id,
                "kind": s.kind,
                "name": s.name,
                "version": s.version,
                "record_sha256": s.record_sha256,
                "artifact_sha256": s.artifact_sha256,
            }
            for s in sorted(states.values(), key=lambda s: s.id)
        ]
        header = f"{markup(point.label)}: commit {point.commit[:12]}"
        commit = point.commit
    if output_format == "json":
        typer.echo(json.dumps({"commit": commit, "items": rows}, indent=2))
        return
    # The header goes to standard error: piped, the rows alone are the data.
    console(stderr=True).print(header)
    print_records(rows, ("id", "kind", "version", "name"), "text")


@baseline_app.command("diff")
def diff_command(
    ctx: typer.Context,
    old: str = typer.Argument(..., metavar="A", help="Baseline name, date, or git revision."),
    new: str = typer.Argument("HEAD", metavar="B", help="The same (default: HEAD)."),
    output_format: Literal["text", "md", "json"] = typer.Option(
        "text", "--format", help="text, md (Markdown) or json."
    ),
) -> None:
    """CIs added, removed and changed between A and B, each attributed to the RFCs behind it."""
    from ccgov.baseline.compare import compare
    from ccgov.errors import EXIT_FINDINGS
    from ccgov.report.render import render

    root = repository_root(ctx)
    result = compare(root, old, new)
    if output_format == "json":
        typer.echo(json.dumps(result.to_json(), indent=2, default=str))
    elif output_format == "md":
        typer.echo(render(root, "baseline_diff", "md", diff=result), nl=False)
    else:
        out = console()
        out.print(
            f"{markup(result.old.label)} ({result.old.commit[:12]}) -> "
            f"{markup(result.new.label)} ({result.new.commit[:12]})"
        )
        for change in result.changes:
            rfcs = markup(f"[{', '.join(change.rfcs) or 'no RFC'}]")
            extra = f" from {markup(change.renamed_from)}" if change.renamed_from else ""
            out.print(f"  {change.id} {change.kind}{extra}: {markup(change.name)} {rfcs}")
            for f in change.fields:
                out.print(f"      {markup(f.field)}: {markup(f.old)} -> {markup(f.new)}")
            for a in change.unauthorised:
                out.print(
                    f"      [red]unauthorised[/red] {a.commit[:12]} {markup(a.author)}: "
                    f"{markup(a.subject)}"
                )
        if not result.changes:
            out.print("  no configuration item changed")
    if result.unauthorised:
        raise typer.Exit(EXIT_FINDINGS)


@baseline_app.command("verify")
def verify_command(
    ctx: typer.Context,
    name: str = typer.Argument(None, metavar="NAME", help="One baseline (default: all)."),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """Check that manifests, tags and hashes still agree with git (tamper evidence)."""
    from ccgov.baseline.verify import verify
    from ccgov.errors import EXIT_FINDINGS

    results = verify(open_repository(ctx), name)
    if output_format == "json":
        typer.echo(
            json.dumps(
                [{"name": r.name, "ok": not r.problems, "problems": r.problems} for r in results],
                indent=2,
            )
        )
        if any(r.problems for r in results):
            raise typer.Exit(EXIT_FINDINGS)
        return
    out = console()
    for result in results:
        if result.problems:
            out.print(f"[red]{markup(result.name)}: FAILED[/red]")
            for problem in result.problems:
                out.print(f"  {markup(problem)}")
        else:
            out.print(f"[green]{markup(result.name)}: ok[/green]")
    if any(r.problems for r in results):
        raise typer.Exit(EXIT_FINDINGS)


@baseline_app.command("drift")
def drift_command(
    ctx: typer.Context,
    observed: Path = typer.Option(
        ...,
        "--observed",
        metavar="FILE",
        help="Inventory exported from the platform (.csv/.json/.yaml).",
    ),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """Compare the documented CIs with what the live platform reports."""
    from ccgov.baseline import drift
    from ccgov.baseline.state import items_in_work_tree
    from ccgov.errors import EXIT_FINDINGS, UsageError
    from ccgov.imports.inventory import load_inventory

    root = repository_root(ctx)
    if not observed.is_file():
        raise UsageError(f"{observed} does not exist or is not a file")
    rows = load_inventory(observed)
    repository = open_repository(ctx)
    documented = items_in_work_tree(root, [loaded.record for loaded in repository.of("item")])
    found = drift.compare(documented, rows)
    if output_format == "json":
        typer.echo(json.dumps([d.to_json() for d in found], indent=2))
    else:
        out = console()
        for d in found:
            where = f" (row {d.row})" if d.row else ""
            out.print(
                f"  {d.kind:<13} {markup(d.id or '-'):<9} {markup(d.name)}: "
                f"documented {markup(d.documented or '-')}, "
                f"observed {markup(d.observed or '-')}{where}"
            )
        out.print(
            "[green]no drift[/green]"
            if not found
            else f"[red]{counted(len(found), 'drift finding')}[/red]"
        )
    if found:
        raise typer.Exit(EXIT_FINDINGS)
