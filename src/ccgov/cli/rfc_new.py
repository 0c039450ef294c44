"""`ccgov rfc new`: raise a request for change."""

from __future__ import annotations

import typer

from ccgov.cli.context import repository_root
from ccgov.cli.options import COMMIT_HELP, TIME_HELP, parse_timestamp
from ccgov.records.vocabulary import ChangeCategory, ChangeType, Impact, Risk, values

# What `rfc new` needs and asks for in a terminal, in the order it asks.
CHOICES = {
    "type": values(ChangeType),
    "category": values(ChangeCategory),
    "risk": values(Risk),
    "impact": values(Impact),
}


def new_command(
    ctx: typer.Context,
    title: str = typer.Option(None, "--title", help="One line saying what changes."),
    change_type: ChangeType = typer.Option(None, "--type", help="How it is approved."),
    category: ChangeCategory = typer.Option(None, "--category"),
    affects: list[str] = typer.Option(
        [], "--affects", metavar="CI-ID", help="A CI this change touches (repeatable)."
    ),
    creates: list[str] = typer.Option(
        [],
        "--creates",
        metavar="CI-ID",
        help="A new CI this change introduces, or 'new' for the next free id (repeatable).",
    ),
    requirement: list[str] = typer.Option(
        [], "--requirement", metavar="REQ-ID", help="A linked requirement (repeatable)."
    ),
    risk: Risk = typer.Option(None, "--risk"),
    impact: Impact = typer.Option(None, "--impact"),
    description: str = typer.Option(None, "--description"),
    justification: str = typer.Option(None, "--justification", help="Why it is needed."),
    catalog_entry: str = typer.Option(
        None, "--catalog-entry", metavar="ENTRY", help="Service-catalog entry (standard changes)."
    ),
    implementer: str = typer.Option(
        None, "--implementer", metavar="HANDLE", help="Who implements it."
    ),
    implementation_plan: str = typer.Option(None, "--implementation-plan"),
    test_plan: str = typer.Option(None, "--test-plan"),
    backout_plan: str = typer.Option(None, "--backout-plan"),
    window_start: str = typer.Option(None, "--window-start", metavar="TIME", help=TIME_HELP),
    window_end: str = typer.Option(None, "--window-end", metavar="TIME", help=TIME_HELP),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Raise a new RFC as a draft (in a terminal, asks for what is missing)."""
    from ccgov.cli import rfc as rfc_cli
    from ccgov.cli.output import report_applied
    from ccgov.cli.prompts import fill
    from ccgov.errors import UsageError
    from ccgov.workflow import rfc

    start_at = parse_timestamp(window_start, "--window-start")
    end_at = parse_timestamp(window_end, "--window-end")
    plans = None
    if implementation_plan or test_plan or backout_plan:
        if not (implementation_plan and test_plan and backout_plan):
            raise UsageError(
                "plans come as a set: --implementation-plan, --test-plan and --backout-plan"
            )
        plans = {"implementation": implementation_plan, "test": test_plan, "backout": backout_plan}
    answers: dict[str, str | None] = {
        "title": title,
        "type": change_type,
        "category": category,
        "risk": risk,
        "impact": impact,
        "description": description,
        "justification": justification,
    }
    missing = fill(answers, CHOICES)
    if missing:
        raise UsageError(
            "missing " + ", ".join(f"--{name}" for name in missing),
            hint="give them as options, or run ccgov rfc new in a terminal to be asked",
        )
    spec = rfc.NewChange(
        title=str(answers["title"]),
        type=str(answers["type"]),
        category=str(answers["category"]),
        risk=str(answers["risk"]),
        impact=str(answers["impact"]),
        description=str(answers["description"]),
        justification=str(answers["justification"]),
        affects=affects,
        creates=creates,
        requirements=requirement,
        catalog_entry=catalog_entry,
        implementer=implementer,
        plans=plans,
        window_start=start_at,
        window_end=end_at,
    )
    # The clock lives in cli/rfc.py so every step reads the same one.
    now = rfc_cli._now()
    report_applied(rfc.new(repository_root(ctx), spec, now=now, commit=not no_commit))
