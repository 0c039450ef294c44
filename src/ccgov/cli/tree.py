"""ccgov's command tree, built on demand.

Typer builds every command of an app, and its module has to be imported
first, before it parses a word: for 27 commands and groups over 40 modules
that was most of what ``ccgov --help`` and every step cost in start-up. Here
the root lists its commands from one table, and a command's module is
imported and its Click command built only when it is run, completed, or the
whole tree is walked (``commands``, for the docs and the tests).

The table holds each command's one-line help so that ``ccgov --help`` imports
nothing; tests/cli/test_usage.py keeps it equal to the command's own.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperGroup


@dataclass(frozen=True)
class Entry:
    """Where a top-level command lives: ``module:attribute``, a function
    (a command) or a ``typer.Typer`` (a group), and the commands other
    modules add to that group, in the order they are listed."""

    target: str
    summary: str
    also: tuple[tuple[str, str], ...] = ()


# In the order `ccgov --help` lists them: commands, then groups.
COMMANDS: dict[str, Entry] = {
    "validate": Entry(
        "ccgov.cli.validate:validate_command", "Validate every record and the rules between them."
    ),
    "init": Entry(
        "ccgov.cli.init:init_command",
        "Create a governed repository: config, directories, hooks, CI, editor wiring.",
    ),
    "adopt": Entry(
        "ccgov.cli.adopt:adopt_command",
        "Record that change control starts after the current commit: the CIs documented so "
        "far are the system as found, and `ccgov audit` judges only what comes after.",
    ),
    "doctor": Entry(
        "ccgov.cli.doctor:doctor_command",
        "Check the repository's tooling and say what to fix (exit 1 when something cannot run).",
    ),
    "log": Entry(
        "ccgov.cli.log:log_command",
        "A record's history from git: who, when, action, what changed.",
    ),
    "audit": Entry(
        "ccgov.cli.audit:audit_command",
        "Replay history: every commit judged by the rules in force before it (approvals, CI "
        "changes tied to RFCs, tests, governance changes, signatures).",
    ),
    "impact": Entry(
        "ccgov.cli.impact:impact_command",
        "What depends on a CI or requirement: CIs through depends_on, requirements through "
        "satisfied_by and parents, SLA availability targets, open RFCs, incidents and risks, "
        "demands and plan objectives.",
    ),
    "agenda": Entry(
        "ccgov.cli.agenda:agenda_command",
        "The agenda of a meeting, or of a routine's next (or --date) occurrence: for a CAB the "
        "RFCs awaiting decision, retrospective reviews owed and what changed since the last "
        "one; for a vendor review the vendor's CIs, incidents, SLA compliance and end of "
        "support; topics and open actions.",
    ),
    "completion": Entry(
        "ccgov.cli.completion:completion_command",
        "Print (or --install) the tab-completion script for your shell.",
    ),
    "schema": Entry(
        "ccgov.cli.schema:schema_app", "JSON Schemas of the records, for editors and other tools."
    ),
    "req": Entry(
        "ccgov.cli.req:req_app",
        "Requirements: raise, list, show with their traceability.",
        also=(
            ("approve", "ccgov.cli.signoff:approve_command"),
            ("review", "ccgov.cli.signoff:review_command"),
        ),
    ),
    "raci": Entry("ccgov.cli.raci:raci_app", "RACI matrices: show them, check them."),
    "rfc": Entry(
        "ccgov.cli.rfc:rfc_app",
        "Requests for change: raise, decide, schedule, implement, verify, close.",
    ),
    "baseline": Entry(
        "ccgov.cli.baseline:baseline_app", "Baselines: snapshot, list, show, diff, verify, drift."
    ),
    "report": Entry(
        "ccgov.cli.report:report_app",
        "Reports: sla, changes, schedule, lifecycle, routines, traceability, raci, baseline, "
        "and the site with all of them.",
        also=(
            ("problems", "ccgov.cli.report_ops:problems_command"),
            ("scorecard", "ccgov.cli.report_ops:scorecard_command"),
            ("knowledge", "ccgov.cli.report_ops:knowledge_command"),
            ("outage", "ccgov.cli.report_ops:outage_command"),
            ("schedule", "ccgov.cli.report_rhythm:schedule_command"),
            ("lifecycle", "ccgov.cli.report_rhythm:lifecycle_command"),
            ("routines", "ccgov.cli.report_rhythm:routines_command"),
            ("roadmap", "ccgov.cli.planning_reports:roadmap_command"),
            ("risks", "ccgov.cli.planning_reports:risks_command"),
        ),
    ),
    "sla": Entry(
        "ccgov.cli.sla:sla_app",
        "Service levels: what is at risk now, and how each figure is computed.",
    ),
    "incident": Entry(
        "ccgov.cli.incident:incident_app",
        "Incidents: open, respond, update, pause, resolve and close them (each a commit), "
        "record escalations, or import them from a service-desk tool's CSV export.",
    ),
    "problem": Entry(
        "ccgov.cli.problem:problem_app",
        "Problems: the causes behind incidents, known errors, and the actions that fix them.",
    ),
    "ci": Entry(
        "ccgov.cli.ci:ci_app",
        "Configuration items: list them; show one with its changes, incidents and runbooks.",
    ),
    "kpi": Entry(
        "ccgov.cli.kpi:kpi_app",
        "KPIs: list them; import figures from the ACD, the IVR or monitoring.",
    ),
    "demand": Entry("ccgov.cli.demand:demand_app", "Demand: the wish list."),
    "plan": Entry(
        "ccgov.cli.plan:plan_app", "Plans: objectives over a horizon, reviewed on a cadence."
    ),
    "risk": Entry(
        "ccgov.cli.risk:risk_app",
        "The risk register: raise, decide (accept, mitigate, transfer, avoid), review, list.",
    ),
    "link": Entry(
        "ccgov.cli.link:link_app",
        "Links between records and their reviews: list them, clear suspect ones.",
    ),
    "routine": Entry(
        "ccgov.cli.routine:routine_app",
        "Routines: the CAB, vendor reviews, plan reviews, knowledge exchanges, reports.",
    ),
    "meeting": Entry(
        "ccgov.cli.meeting:meeting_app",
        "Meetings: plan one, submit topics, record and show the minutes.",
    ),
    "action": Entry(
        "ccgov.cli.action:action_app",
        "Action items from meetings (and every record that carries them).",
    ),
}


def _load(target: str) -> Any:
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute)


def build(name: str) -> Any:
    """The Click command for ``ccgov <name>``, placeholders polished."""
    from ccgov.cli.usage import polish

    entry = COMMANDS[name]
    target = _load(entry.target)
    command: Any
    if isinstance(target, typer.Typer):
        existing = {info.name for info in target.registered_commands}
        for sub, where in entry.also:
            if sub not in existing:  # built once per process, but never twice
                target.command(sub)(_load(where))
        command = typer.main.get_group(target)
    else:
        single = typer.Typer(rich_markup_mode=None, add_completion=False)
        single.command(name)(target)
        command = typer.main.get_command(single)
    command.name = name
    polish(command)
    return command


class CommandTree(TyperGroup):
    """The root group: lists its commands from :data:`COMMANDS`, builds one
    when it is asked for."""

    builds_on_demand = True  # usage.polish: each command is polished as it is built

    def __init__(self, **kwargs: Any) -> None:
        self._built: dict[str, Any] = {}
        super().__init__(**kwargs)

    # Click's Group keeps a dict of commands; here it is the whole tree, built
    # in full only for those who walk it (docs, completion of everything, tests).
    @property  # type: ignore[override]
    def commands(self) -> dict[str, Any]:
        return {name: self._command(name) for name in COMMANDS}

    @commands.setter
    def commands(self, value: dict[str, Any]) -> None:
        # Typer hands over the commands registered on the app: none, all are here.
        if value:
            raise TypeError(f"register ccgov's commands in COMMANDS, not on the app: {value}")

    def _command(self, name: str) -> Any:
        if name not in self._built:
            self._built[name] = build(name)
        return self._built[name]

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        return self._command(cmd_name) if cmd_name in COMMANDS else None

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list of ``ccgov --help`` from the table: no imports."""
        from typer._click.utils import make_default_short_help

        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, make_default_short_help(e.summary, limit)) for name, e in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)
