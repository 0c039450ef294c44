"""`ccgov rfc list` and `ccgov rfc show`: reading RFCs."""

from __future__ import annotations

import json
from datetime import tzinfo
from typing import TYPE_CHECKING, Any, Literal

import typer

from ccgov.cli.context import open_repository, repository_root
from ccgov.cli.options import FORMAT_HELP, record_id
from ccgov.records.vocabulary import ChangeStatus, ChangeType

if TYPE_CHECKING:
    from rich.console import Console

    from ccgov.records.change import ChangeRequest
    from ccgov.records.config import RepoConfig

LIST_COLUMNS = ("id", "status", "type", "category", "risk", "title", "requested_by")


def list_command(
    ctx: typer.Context,
    status: ChangeStatus = typer.Option(None, "--status"),
    change_type: ChangeType = typer.Option(None, "--type"),
    mine: bool = typer.Option(False, "--mine", help="RFCs you requested, implement or decided on."),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """List RFCs."""
    from ccgov.cli.output import print_records, zone_of
    from ccgov.store import git
    from ccgov.workflow import rfc
    from ccgov.workflow.identity import actor

    root = repository_root(ctx)
    repository = open_repository(ctx)
    handle = None
    if mine and repository.config is not None:
        handle = actor(repository.config, git.config_value(root, "user.email")).handle
    found = rfc.list_changes(repository, status=status, type_=change_type, mine=handle)
    print_records(
        found,
        LIST_COLUMNS,
        output_format,
        zone=zone_of(repository.config),
        empty="no RFCs match" if status or change_type or mine else "no RFCs yet: ccgov rfc new",
    )


def show_command(
    ctx: typer.Context,
    change_id: str = record_id("change"),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """Show the whole RFC: what, why, plans, window and slot, every decision
    (and whether it still counts), tests, deviations, history, and what can
    happen next."""
    from ccgov.cli.impact import print_change_impact
    from ccgov.cli.output import console, zone_of
    from ccgov.errors import RefusedError
    from ccgov.planning.impact import change_impact
    from ccgov.workflow import rfc

    repository = open_repository(ctx)
    change = rfc.find_change(repository, change_id).record
    config = repository.config
    if config is None:
        raise RefusedError("ccgov.yaml is missing or invalid", hint="run ccgov validate")
    if output_format == "json":
        document = change.model_dump(mode="json", exclude_none=True)
        document["state"] = _state(config, change)
        document["impact_analysis"] = change_impact(repository, change).to_json()
        typer.echo(json.dumps(document, indent=2))
        return
    out = console()
    _show(out, config, change, zone_of(config))
    print_change_impact(out, repository, change)
    nxt = _state(config, change)["next"]
    out.print(f"  next: {', '.join(nxt) if nxt else 'nothing (final)'}")


def _state(config: RepoConfig, change: ChangeRequest) -> dict[str, Any]:
    """Where the RFC stands, for scripts (the ``state`` key of ``--format json``)."""
    from ccgov.policy.approvals import preapproval_problem, review_problem, verdicts
    from ccgov.records.lifecycle import NEXT_ACTIONS
    from ccgov.workflow.lifecycle import describe_approvals

    pre = preapproval_problem(change) if change.preapproval is not None else None
    return {
        "approval": describe_approvals(config, change),
        "decisions": [
            {
                "by": v.approval.by,
                "role": v.approval.role,
                "decision": v.approval.decision,
                "state": v.state,
                "counts": v.state == "counts",
                "reason": v.reason,
            }
            for v in verdicts(config, change)
        ],
        "preapproval": None
        if change.preapproval is None
        else {"counts": pre is None, "reason": None if pre is None else pre.message},
        "reviews": [
            {
                "by": r.by,
                "role": r.role,
                "counts": (problem := review_problem(config, change, r)) is None,
                "reason": None if problem is None else problem.message,
            }
            for r in change.reviews
        ],
        "next": list(NEXT_ACTIONS[change.status]),
    }


_VERDICT_STYLE = {"counts": "green", "blocks": "red", "noted": "yellow"}


def _show(out: Console, config: RepoConfig, change: ChangeRequest, zone: tzinfo) -> None:
    from ccgov.cli.output import duration, markup, when

    state = _state(config, change)

    def field(label: str, value: object) -> None:
        text = markup(value if value not in (None, "", []) else "-")
        # Multi-line text keeps its lines, indented under the value column.
        out.print(f"  {label:<16} " + text.replace("\n", "\n" + " " * 19).rstrip())

    def ids(values: list[str]) -> str:
        return ", ".join(values)

    out.print(f"[bold]{markup(change.id)}[/bold] {markup(change.title)}")
    field("status", f"{change.status}: {state['approval']}")
    field("type", f"{change.type}, category {change.category}")
    field("risk / impact", f"{change.risk} / {change.impact}")
    field("requested by", change.requested_by)
    field("implementer", change.implementer)
    if change.catalog_entry:
        field("catalog entry", change.catalog_entry)
    field("requirements", ids(change.requirements))
    field("affects", ids(change.affects))
    field("creates", ids(change.creates))
    field("description", change.description)
    field("justification", change.justification)
    if change.plans is None:
        field("plans", "none yet (needed before it is submitted)")
    else:
        out.print("  plans")
        for name, text in (
            ("implementation", change.plans.implementation),
            ("test", change.plans.test),
            ("backout", change.plans.backout),
        ):
            field(f"  {name}", text)
    for label, window in (("window", change.window), ("booked slot", change.schedule)):
        if window is None:
            field(label, None)
        else:
            span = duration(window.end - window.start)
            field(label, f"{when(window.start, zone)} to {when(window.end, zone)} ({span})")
    if change.preapproval is not None:
        pre = change.preapproval
        verdict = state["preapproval"]
        counts = "counts" if verdict["counts"] else f"void: {verdict['reason']}"
        field(
            "pre-approval",
            f"catalog entry {pre.entry}, by {pre.by} at {when(pre.at, zone)}: {counts}",
        )
    _decisions(out, change, state, zone)
    _entries(
        out,
        "tests",
        [(t.at, f"{t.result} by {t.by}", t.evidence) for t in change.tests],
        zone,
    )
    _entries(out, "deviations", [(d.at, f"by {d.by}", d.reason) for d in change.deviations], zone)
    _entries(
        out,
        "history",
        [(h.at, f"{h.status} by {h.by}", h.note) for h in change.history],
        zone,
    )


def _decisions(out: Console, change: ChangeRequest, state: dict[str, Any], zone: tzinfo) -> None:
    from ccgov.cli.output import markup, when

    if change.approvals:
        out.print("  decisions")
    for approval, verdict in zip(change.approvals, state["decisions"], strict=True):
        style = _VERDICT_STYLE.get(verdict["state"], "dim")
        reason = f": {verdict['reason']}" if verdict["reason"] else ""
        comment = f"\n      {markup(approval.comment)}" if approval.comment else ""
        out.print(
            f"    {when(approval.at, zone)}  {markup(approval.decision)} by "
            f"{markup(approval.by)} ({markup(approval.role)})  "
            f"[{style}]{verdict['state']}{markup(reason)}[/{style}]{comment}"
        )
    if change.reviews:
        out.print("  reviews")
    for review, verdict in zip(change.reviews, state["reviews"], strict=True):
        counts = "counts" if verdict["counts"] else f"does not count: {verdict['reason']}"
        comment = f"\n      {markup(review.comment)}" if review.comment else ""
        out.print(
            f"    {when(review.at, zone)}  by {markup(review.by)} ({markup(review.role)})  "
            f"{markup(counts)}{comment}"
        )


def _entries(
    out: Console, title: str, entries: list[tuple[Any, str, str | None]], zone: tzinfo
) -> None:
    """A titled list of dated entries, each with its text indented below."""
    from ccgov.cli.output import markup, when

    if not entries:
        return
    out.print(f"  {title}")
    for at, what, text in entries:
        out.print(f"    {when(at, zone)}  {markup(what)}")
        if text:
            out.print("      " + markup(text).rstrip().replace("\n", "\n      "))
