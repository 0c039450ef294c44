"""`ccgov demand ...`: the wish list, its business cases and investment decisions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer

from ccgov.cli import options
from ccgov.cli.context import open_repository, repository_root, settings
from ccgov.cli.options import COMMIT_HELP, FORMAT_HELP, record_id
from ccgov.records.vocabulary import Benefit, CostBand, DemandStatus

if TYPE_CHECKING:
    from ccgov.imports.demands import DemandImport
    from ccgov.planning.demand import Request

LIST_COLUMNS = (
    "id",
    "status",
    "benefit",
    "band",
    "estimate",
    "budget_owner",
    "requested_by",
    "title",
)

demand_app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Demand: the wish list. Raise, assess, decide (policy.investments), plan, deliver, import.",
)


def _step(ctx: typer.Context, demand_id: str, request: Request, no_commit: bool) -> None:
    from ccgov.cli.output import report_applied
    from ccgov.planning.demand import transition

    report_applied(
        transition(
            repository_root(ctx), demand_id, request, now=options.now(), commit=not no_commit
        )
    )


@demand_app.command("new")
def new_command(
    ctx: typer.Context,
    title: str = typer.Option(None, "--title"),
    problem: str = typer.Option(None, "--problem", help="The problem it solves."),
    value: str = typer.Option(None, "--value", help="What solving it is worth, and to whom."),
    benefit: Benefit = typer.Option(None, "--benefit", help="What solving it is worth."),
    objective: str = typer.Option(None, "--objective", help="The business objective it serves."),
    requested_by: str = typer.Option(
        None, "--requested-by", help="Who asked for it (default: you)."
    ),
    estimate: float = typer.Option(None, "--estimate", help="One-off cost, if known."),
    band: CostBand = typer.Option(None, "--band", help="The cost band (policy.investments)."),
    budget_owner: str = typer.Option(None, "--budget-owner", help="Who holds the budget."),
    requirement: list[str] = typer.Option(
        [], "--requirement", help="A requirement written for it (repeatable)."
    ),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Raise a wish-list item (prompts for what is missing when run in a terminal)."""
    from ccgov.cli.output import report_applied
    from ccgov.errors import UsageError
    from ccgov.planning import demand
    from ccgov.records.demand import NewDemand

    values = {"title": title, "problem": problem, "value": value}
    missing = [name for name, given in values.items() if not given]
    if missing and sys.stdin.isatty():
        for name in missing:
            values[name] = typer.prompt(name.capitalize())
        missing = []
    if missing:
        raise UsageError("missing " + ", ".join(f"--{name}" for name in missing))
    spec = NewDemand(
        title=str(values["title"]),
        problem=str(values["problem"]),
        business_value=str(values["value"]),
        benefit=benefit,
        objective=objective,
        requested_by=requested_by,
        estimate=estimate,
        band=band,
        budget_owner=budget_owner,
        requirements=requirement,
    )
    report_applied(demand.new(repository_root(ctx), spec, now=options.now(), commit=not no_commit))


@demand_app.command("assess")
def assess_command(
    ctx: typer.Context,
    demand_id: str = record_id("demand"),
    summary: str = typer.Option(..., "--summary", help="What it takes, touches and risks."),
    estimate: float = typer.Option(None, "--estimate", help="One-off cost."),
    band: CostBand = typer.Option(None, "--band", help="The cost band (policy.investments)."),
    basis: str = typer.Option(None, "--basis", help="Where the figure comes from."),
    budget_owner: str = typer.Option(None, "--budget-owner", help="Who holds the budget."),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Record an assessment (cost, band, budget owner): the demand is then
    ready for a decision. An approved demand whose case changed is assessed again."""
    from ccgov.planning.demand import Assess

    request = Assess(summary, estimate, band, basis, budget_owner)
    _step(ctx, demand_id, request, no_commit)


@demand_app.command("approve")
def approve_command(
    ctx: typer.Context,
    demand_id: str = record_id("demand"),
    comment: str = typer.Option(None, "--comment"),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Approve the investment as yourself, under policy.investments; the demand
    is approved once every decision its cost band needs is in."""
    from ccgov.planning.demand import Approve

    _step(ctx, demand_id, Approve(comment), no_commit)


@demand_app.command("decline")
def decline_command(
    ctx: typer.Context,
    demand_id: str = record_id("demand"),
    reason: str = typer.Option(..., "--reason"),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Decline the demand as yourself (someone policy.investments lets decide)."""
    from ccgov.planning.demand import Decline

    _step(ctx, demand_id, Decline(reason), no_commit)


@demand_app.command("plan")
def plan_command(
    ctx: typer.Context,
    demand_id: str = record_id("demand"),
    plan: str = typer.Option(..., "--plan", help="The plan, e.g. PLAN-0001."),
    objective: str = typer.Option(..., "--objective", help="The objective it serves."),
    quarter: str = typer.Option(None, "--quarter", help="When it is due, e.g. 2026-Q3."),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Put an approved demand in a plan, under an objective (one commit: both files)."""
    from ccgov.planning.demand import PlanIt

    _step(ctx, demand_id, PlanIt(plan, objective, quarter), no_commit)


@demand_app.command("deliver")
def deliver_command(
    ctx: typer.Context,
    demand_id: str = record_id("demand"),
    note: str = typer.Option(None, "--note"),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Mark a planned demand delivered."""
    from ccgov.planning.demand import Deliver

    _step(ctx, demand_id, Deliver(note), no_commit)


@demand_app.command("list")
def list_command(
    ctx: typer.Context,
    status: DemandStatus = typer.Option(None, "--status"),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """List the wish list."""
    from ccgov.cli.output import print_records
    from ccgov.planning.demand import list_demands

    found = list_demands(open_repository(ctx), status=status)
    rows = [
        {
            "id": d.id,
            "status": d.status,
            "benefit": d.benefit,
            "band": d.cost.band if d.cost else None,
            "estimate": d.cost.model_dump(mode="json")["estimate"] if d.cost else None,
            "budget_owner": d.budget_owner,
            "requested_by": d.requested_by,
            "title": d.title,
        }
        for d in found
    ]
    print_records(
        rows,
        LIST_COLUMNS,
        output_format,
        wrap="title",
        empty="no demands match" if status else "no demands yet: ccgov demand new",
    )


@demand_app.command("show")
def show_command(
    ctx: typer.Context,
    demand_id: str = record_id("demand"),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """Show a demand: its case, where its decision stands, what can happen next."""
    from ccgov.cli.output import console, markup
    from ccgov.planning.common import find
    from ccgov.planning.demand import describe_decision
    from ccgov.records.demand import NEXT_ACTIONS

    repository = open_repository(ctx)
    demand = find(repository, "demand", demand_id).record
    if output_format == "json":
        typer.echo(json.dumps(demand.model_dump(mode="json", exclude_none=True), indent=2))
        return
    assert repository.config is not None
    currency = repository.config.policy.investments.currency
    out = console()
    out.print(f"[bold]{markup(demand.id)}[/bold] {markup(demand.title)}")
    out.print(f"  problem: {markup(demand.problem)}")
    out.print(f"  value: {markup(demand.business_value)} (benefit {markup(demand.benefit)})")
    if demand.objective:
        out.print(f"  objective: {markup(demand.objective)}")
    cost = (
        f"{demand.cost.estimate:,.0f} {markup(currency)}, {markup(demand.cost.band)}"
        if demand.cost
        else "not assessed"
    )
    out.print(
        f"  cost: {cost}; budget owner {markup(demand.budget_owner or '-')}; asked by "
        f"{markup(demand.requested_by)}"
    )
    if demand.requirements:
        out.print(f"  requirements: {markup(', '.join(demand.requirements))}")
    out.print(
        f"  status {markup(demand.status)}: {markup(describe_decision(repository.config, demand))}"
    )
    for assessment in demand.assessments:
        out.print(
            f"  assessed by {markup(assessment.by)} at {assessment.at.isoformat()}: "
            f"{markup(assessment.summary)}"
        )
    for approval in demand.approvals:
        out.print(
            f"  {markup(approval.decision)} by {markup(approval.by)} at {approval.at.isoformat()}"
            + (f": {markup(approval.comment)}" if approval.comment else "")
        )
    nxt = NEXT_ACTIONS[demand.status]
    out.print(f"  next: {', '.join(nxt) if nxt else 'nothing (final)'}")


@demand_app.command("import")
def import_command(
    ctx: typer.Context,
    csv_file: Path = typer.Argument(..., metavar="FILE.csv", help="The wish list, saved as CSV."),
    mapping: Path = typer.Option(
        ..., "--map", help="YAML saying which column holds each field, and the value maps."
    ),
    write: bool = typer.Option(
        False, "--apply", help="Write and commit the new demands (default: a dry run)."
    ),
    no_commit: bool = typer.Option(
        False, "--no-commit", help="With --apply: stage the new records but do not commit."
    ),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", "-f"),
) -> None:
    """Turn a wish-list spreadsheet (CSV) into demands, skipping rows already recorded.

    A dry run by default: shows what would be written. With --apply every new
    demand is committed in one change.
    """
    from ccgov.errors import EXIT_FINDINGS, UsageError
    from ccgov.imports.demands import import_demands
    from ccgov.imports.problems import ImportRefusedError

    base = settings(ctx).directory
    csv_path, mapping_path = (p if p.is_absolute() else base / p for p in (csv_file, mapping))
    for path in (csv_path, mapping_path):
        if not path.is_file():
            raise UsageError(f"{path} is not a file")
    if no_commit and not write:
        raise UsageError("--no-commit only applies with --apply")
    try:
        result = import_demands(
            open_repository(ctx),
            csv_path,
            mapping_path,
            now=options.now(),
            write=write,
            commit=not no_commit,
        )
    except ImportRefusedError as exc:
        if output_format != "json":
            raise
        document = {
            "error": exc.message,
            "hint": exc.hint,
            "problems": [p.to_json() for p in exc.problems],
            "more": exc.more,
        }
        typer.echo(json.dumps(document, indent=2))
        raise typer.Exit(EXIT_FINDINGS) from None
    if output_format == "json":
        typer.echo(json.dumps(result.to_json(), indent=2))
    else:
        _import_text(result, write=write)


def _import_text(result: DemandImport, *, write: bool) -> None:
    # Titles and ids come from a spreadsheet: shown, not obeyed.
    from ccgov.cli.output import safe

    plan = result.plan
    new, duplicates = len(plan.new), len(plan.duplicates)
    if plan.new:
        verb = "Importing" if result.applied else "Would import"
        typer.echo(f"{verb} {new} demand{'s' if new != 1 else ''} from {safe(plan.source)}:")
        for demand in plan.new:
            typer.echo(f"  {demand.id}  {safe(demand.title)}  (row {demand.row})")
    if plan.duplicates:
        typer.echo(f"Skipping {duplicates} already recorded:")
        for duplicate in plan.duplicates:
            typer.echo(
                f"  row {duplicate.row}  {safe(duplicate.title)}  "
                f"(already {safe(duplicate.duplicate_of)})"
            )
    summary = f"{new} new, {duplicates} duplicate"
    if result.applied is not None:
        applied = result.applied
        where = f"committed {applied.commit[:12]}" if applied.commit else "staged, not committed"
        typer.echo(f"{summary}. {safe(applied.mutation.message)}: {where}")
    elif not plan.new:
        typer.echo(f"{summary}: nothing to import.")
    elif write:
        typer.echo(f"{summary}.")
    else:
        typer.echo(f"{summary}. Dry run: nothing written; add --apply to write and commit them.")
