"""Plan use cases: record a review (`ccgov plan review`) and find the plans
whose review is due (`ccgov plan due`)."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ccgov.errors import RefusedError
from ccgov.planning.common import acting, committed_unchanged, find, local_time, render_update
from ccgov.records.plan import Plan, PlanReview, interval_parts
from ccgov.store import git
from ccgov.store.repo import Repository
from ccgov.workflow.transaction import Applied, Mutation, apply


def add_interval(moment: datetime, interval: str) -> datetime:
    """``moment`` plus ``6 months`` (a month later is the same day, or the
    month's last day when it has fewer: 31 August + 6 months is 28 February)."""
    count, unit = interval_parts(interval)
    if unit == "week":
        return moment + timedelta(weeks=count)
    months = count * (12 if unit == "year" else 1)
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def owners(plan: Plan) -> list[str]:
    """Everyone who owns one of the plan's objectives."""
    return list(dict.fromkeys(handle for o in plan.objectives for handle in o.owners))


@dataclass(frozen=True, slots=True)
class PlanDue:
    plan: str
    title: str
    review_every: str
    last_review: datetime | None
    due: datetime
    overdue: bool
    owners: tuple[str, ...] = ()  # who may record the review

    def to_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "title": self.title,
            "review_every": self.review_every,
            "last_review": self.last_review.isoformat() if self.last_review else None,
            "due": self.due.isoformat(),
            "overdue": self.overdue,
        }


def next_review(plan: Plan, timezone: str) -> tuple[datetime | None, datetime]:
    """(last review, when the next is due). A plan never reviewed is due one
    interval after its horizon starts."""
    last = max((r.at for r in plan.reviews), default=None)
    if last is not None:
        return last, add_interval(last, plan.review_every)
    start = datetime.combine(plan.horizon.start, time(), ZoneInfo(timezone))
    return None, add_interval(start, plan.review_every)


def due(repository: Repository, at: datetime) -> list[PlanDue]:
    """Every active plan with when its next review is due, as of ``at``."""
    timezone = repository.config.timezone if repository.config else "UTC"
    found = []
    for loaded in sorted(repository.of("plan"), key=lambda r: r.record.id):
        plan: Plan = loaded.record
        if plan.status != "active":
            continue
        last, next_due = next_review(plan, timezone)
        found.append(
            PlanDue(
                plan.id,
                plan.title,
                plan.review_every,
                last,
                next_due,
                next_due < at,
                tuple(owners(plan)),
            )
        )
    return found


def review(
    root: Path,
    plan_id: str,
    *,
    summary: str,
    attendees: Sequence[str] = (),
    now: datetime,
    commit: bool = True,
) -> Applied[None]:
    """Record a review of the plan by the acting person (an objective owner)."""
    email = git.config_value(root, "user.email")

    def build(repository: Repository) -> Mutation:
        config, person = acting(repository, email)
        loaded = find(repository, "plan", plan_id)
        plan: Plan = loaded.record
        if plan.status == "closed":
            raise RefusedError(f"{plan_id} is closed; it is no longer reviewed")
        if person.handle not in owners(plan):
            raise RefusedError(
                f"{person.handle} owns none of {plan_id}'s objectives, so cannot record its review",
                hint=f"its owners: {', '.join(owners(plan))}",
            )
        unknown = [a for a in attendees if config.person(a) is None]
        if unknown:
            raise RefusedError(f"{', '.join(unknown)}: not a person in ccgov.yaml (--attendee)")
        committed_unchanged(root, loaded.path, plan_id, "record a review of")
        entry: dict[str, Any] = {
            "by": person.handle,
            "at": local_time(now, config),
            "summary": summary,
        }
        if attendees:
            entry["attendees"] = list(dict.fromkeys(attendees))
        updated = plan.model_copy(
            update={"reviews": [*plan.reviews, PlanReview.model_validate(entry)]}
        )
        _, next_due = next_review(updated, config.timezone)
        text = (root / loaded.path).read_text(encoding="utf-8")
        notes = [f"next review of {plan_id} due by {next_due.date().isoformat()}"]
        return Mutation(
            "plan", plan_id, "review", {loaded.path: render_update(text, updated)}, notes=notes
        )

    return apply(root, build, commit=commit)
