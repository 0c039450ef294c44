"""`ccgov risk ...`: the risk register."""

from __future__ import annotations

from datetime import date
from typing import Literal

import typer

from ccgov.cli import options
from ccgov.cli.context import open_repository, repository_root
from ccgov.cli.options import COMMIT_HELP, FORMAT_HELP, record_id
from ccgov.records.vocabulary import RiskProbability, RiskResponse, RiskSeverity, RiskStatus

LIST_COLUMNS = (
    "id",
    "status",
    "score",
    "probability",
    "impact",
    "response",
    "owner",
    "review_by",
    "title",
)
TEXT_COLUMNS = ("id", "score", "response", "owner", "review_by", "title")

risk_app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="The risk register: raise, decide (accept, mitigate, transfer, avoid), review, list.",
)

PROBABILITY_HELP = "How likely it is."
IMPACT_HELP = "How bad it would be."


def _date(text: str | None, option: str) -> date | None:
    from ccgov.errors import UsageError

    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option}: {text!r} is not a date YYYY-MM-DD") from None


@risk_app.command("new")
def new_command(
    ctx: typer.Context,
    title: str = typer.Option(..., "--title"),
    cause: str = typer.Option(..., "--cause", help="What could happen, and why."),
    probability: RiskProbability = typer.Option(..., "--probability", help=PROBABILITY_HELP),
    impact: RiskSeverity = typer.Option(..., "--impact", help=IMPACT_HELP),
    review_by: str = typer.Option(
        ..., "--review-by", help="When it is next reviewed (YYYY-MM-DD)."
    ),
    effect: str = typer.Option(
        None, "--effect", help="What it would do to callers and the business."
    ),
    owner: str = typer.Option(None, "--owner", help="Who owns it (default: you)."),
    item: list[str] = typer.Option([], "--item", help="A CI it concerns (repeatable)."),
    requirement: list[str] = typer.Option(
        [], "--requirement", help="A requirement it threatens (repeatable)."
    ),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Raise a risk."""
    from ccgov.cli.output import report_applied
    from ccgov.planning import risks

    when = _date(review_by, "--review-by")
    assert when is not None
    spec = risks.NewRisk(
        title=title,
        cause=cause,
        probability=probability,
        impact=impact,
        review_by=when,
        effect=effect,
        owner=owner,
        items=item,
        requirements=requirement,
    )
    report_applied(risks.new(repository_root(ctx), spec, now=options.now(), commit=not no_commit))


@risk_app.command("decide")
def decide_command(
    ctx: typer.Context,
    risk_id: str = record_id("risk"),
    response: RiskResponse = typer.Option(..., "--response", help="What is done about it."),
    rationale: str = typer.Option(..., "--rationale", help="Why."),
    change: list[str] = typer.Option(
        [], "--change", help="An RFC that carries it out (repeatable)."
    ),
    demand: list[str] = typer.Option(
        [], "--demand", help="A demand that carries it out (repeatable)."
    ),
    transfer_to: str = typer.Option(None, "--transfer-to", help="Who carries a transferred risk."),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Record a decision on a risk, checked against policy.risk_tolerance."""
    from ccgov.cli.output import report_applied
    from ccgov.planning import risks

    decision = risks.Decision(response, rationale, change, demand, transfer_to)
    report_applied(
        risks.decide(
            repository_root(ctx), risk_id, decision, now=options.now(), commit=not no_commit
        )
    )


@risk_app.command("review")
def review_command(
    ctx: typer.Context,
    risk_id: str = record_id("risk"),
    note: str = typer.Option(..., "--note", help="What the review found."),
    probability: RiskProbability = typer.Option(None, "--probability", help=PROBABILITY_HELP),
    impact: RiskSeverity = typer.Option(None, "--impact", help=IMPACT_HELP),
    next_review: str = typer.Option(
        None, "--next", help="The next review date (default: in 13 weeks)."
    ),
    close: bool = typer.Option(False, "--close", help="The risk is gone: close it."),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Record a review: the rating now (changed or confirmed) and the next review date."""
    from ccgov.cli.output import report_applied
    from ccgov.planning import risks

    request = risks.Review(note, probability, impact, _date(next_review, "--next"), close)
    report_applied(
        risks.review(
            repository_root(ctx), risk_id, request, now=options.now(), commit=not no_commit
        )
    )


@risk_app.command("list")
def list_command(
    ctx: typer.Context,
    status: RiskStatus = typer.Option(None, "--status"),
    due: bool = typer.Option(
        False, "--due", help="Only open risks whose review is due (exit 1 if any)."
    ),
    at: str = typer.Option(None, "--at", help=options.AT_HELP),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """List risks, highest score first."""
    from zoneinfo import ZoneInfo

    from ccgov.cli.output import print_records
    from ccgov.planning.risks import list_risks

    repository = open_repository(ctx)
    moment = options.parse_timestamp(at, "--at") or options.now()
    zone = ZoneInfo(repository.config.timezone if repository.config else "UTC")
    found = list_risks(
        repository, status=status, due_by=moment.astimezone(zone).date() if due else None
    )
    rows = [
        {
            "id": r.id,
            "status": r.status,
            "score": r.score,
            "probability": r.probability,
            "impact": r.impact,
            "response": r.decision.response if r.decision else None,
            "owner": r.owner,
            "review_by": r.review_by.isoformat(),
            "title": r.title,
        }
        for r in found
    ]
    # On a terminal (and piped), the columns that fit: probability and impact
    # are in the score, and in --format json.
    columns = LIST_COLUMNS if output_format == "json" else TEXT_COLUMNS
    print_records(rows, columns, output_format, wrap="title", empty="no risks match")
    if due and found:
        raise typer.Exit(1)
