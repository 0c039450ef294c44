"""When a change may run: blackouts, the booked slot inside the approved
window, and implementing inside the slot. Pure functions of ccgov.yaml and
the RFC, shared by the workflow (which refuses) and the rules (which report
what a hand edit got past the workflow)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ccgov.records.change import ChangeRequest, Window
from ccgov.records.config import Blackout, RepoConfig

# Where a problem sits in the RFC: ("schedule", "start"), ...
Where = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class TimingProblem:
    where: Where
    message: str


def overlaps(a: Window, b: Window | Blackout) -> bool:
    """Instants compared, so zones do not matter; touching ends do not overlap."""
    return a.start < b.end and b.start < a.end


def within(slot: Window, window: Window) -> bool:
    return window.start <= slot.start and slot.end <= window.end


def blackout_clashes(config: RepoConfig, change: ChangeRequest, slot: Window) -> list[str]:
    """The blackouts ``slot`` overlaps; emergency changes are exempt."""
    if change.type == "emergency":
        return []
    return [
        f"{b.name} ({b.start.isoformat()} to {b.end.isoformat()})"
        for b in config.blackouts
        if overlaps(slot, b)
    ]


def in_slot(change: ChangeRequest, moment: datetime) -> bool:
    """Whether ``moment`` falls in the booked slot (start and end included)."""
    slot = change.schedule
    return slot is not None and slot.start <= moment <= slot.end


def describe_slot(change: ChangeRequest) -> str:
    slot = change.schedule
    if slot is None:
        return "no booked slot"
    return f"the booked slot {slot.start.isoformat()} to {slot.end.isoformat()}"


def implemented_at(change: ChangeRequest) -> datetime | None:
    """When the RFC was implemented (its last move to implemented), if it was."""
    moments = [t.at for t in change.history if t.status == "implemented"]
    return moments[-1] if moments else None


def slot_problems(config: RepoConfig, change: ChangeRequest) -> list[TimingProblem]:
    """What is wrong with the RFC's booked slot and when it was implemented."""
    problems: list[TimingProblem] = []
    slot = change.schedule
    if slot is None:
        return problems
    window = change.window
    if window is not None and not within(slot, window):
        where: Where = ("schedule", "start") if slot.start < window.start else ("schedule", "end")
        problems.append(
            TimingProblem(
                where,
                f"the booked slot {slot.start.isoformat()} to {slot.end.isoformat()} is outside "
                f"the approved window {window.start.isoformat()} to {window.end.isoformat()}",
            )
        )
    clashes = blackout_clashes(config, change, slot)
    if clashes:
        problems.append(
            TimingProblem(
                ("schedule",),
                f"the booked slot falls in a blackout period: {'; '.join(clashes)}; only "
                "emergency changes may run in a blackout",
            )
        )
    moment = implemented_at(change)
    if (
        moment is not None
        and not in_slot(change, moment)
        and not any(d.at == moment for d in change.deviations)
    ):
        index = max(i for i, t in enumerate(change.history) if t.status == "implemented")
        problems.append(
            TimingProblem(
                ("history", index, "at"),
                f"implemented at {moment.isoformat()}, outside {describe_slot(change)}, without "
                "a deviation recorded at that time (rfc implement --deviation REASON)",
            )
        )
    return problems
