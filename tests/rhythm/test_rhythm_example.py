"""The bundled example with its routines, meetings and vendors: it inits,
validates and audits clean, every new command answers on it, and its minutes
agree with its RFCs and incidents."""

from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

from ccgov.store.repo import load_repository
from helpers import EXAMPLE


def test_init_example_validates_and_audits_clean_and_every_command_answers(
    tmp_path: Path, cli
) -> None:
    target = tmp_path / "demo"
    assert cli("init", target, "--example").exit_code == 0
    assert cli("-C", target, "validate").exit_code == 0
    audit = cli("-C", target, "audit")
    assert audit.exit_code == 0, audit.stdout + audit.stderr
    for args in (
        ("routine", "list"),
        ("action", "list"),
        ("meeting", "list"),
        ("agenda", "cab"),
        ("agenda", "genesys-review"),
        ("agenda", "lumen-review", "--format", "html"),
        ("agenda", "plan-review", "--format", "json"),
        ("agenda", "knowledge-exchange"),
        ("report", "schedule", "--format", "ics"),
        ("report", "lifecycle", "--within", "1y"),
        ("report", "routines", "--format", "html"),
    ):
        result = cli("-C", target, *args)
        assert result.exit_code == 0, (args, result.stderr)
    # Long after the story ends every routine is overdue: `due` says so and fails.
    due = cli("-C", target, "routine", "due", "--format", "json")
    assert due.exit_code == 1
    assert json.loads(due.stdout)["overdue"] >= 5


def test_the_minutes_agree_with_the_rfcs_and_incidents() -> None:
    repository = load_repository(EXAMPLE)
    zone = ZoneInfo("America/Chicago")
    cab = {
        m.record.at.astimezone(zone).date(): m.record
        for m in repository.of("meeting")
        if m.record.routine == "cab"
    }
    linked: dict[str, set[str]] = {}
    for day, meeting in cab.items():
        for part in (*meeting.topics, *meeting.decisions):
            for link in part.links:
                linked.setdefault(link, set()).add(day.isoformat())
    for loaded in repository.of("change"):
        change = loaded.record
        if change.type == "standard":
            continue
        for transition in change.history:
            local = transition.at.astimezone(zone)
            # A normal change decided at a Tuesday CAB is on that CAB's minutes.
            if transition.status in ("approved", "rejected") and local.weekday() == 1:
                assert local.date().isoformat() in linked.get(change.id, set()), (
                    change.id,
                    transition.status,
                    local.date(),
                )
    # Every incident a change caused was raised at a CAB.
    for loaded in repository.of("incident"):
        if loaded.record.caused_by:
            assert loaded.record.id in linked, loaded.record.id
