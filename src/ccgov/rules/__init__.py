"""Cross-record rules. Each rule is a small function over the loaded
repository that yields findings; :func:`check` runs them all over a
repository loaded from scratch, :mod:`ccgov.rules.engine` over the record
index (incrementally)."""

from __future__ import annotations

from ccgov.findings import Finding
from ccgov.rules import (
    actions,
    changes,
    cycles,
    demand,
    duties,
    ids,
    incident_log,
    incidents,
    knowledge,
    kpis,
    links,
    meetings,
    plans,
    problems,
    raci,
    references,
    risks,
    routines,
    signoff,
    slas,
    staffing,
    vendors,
)
from ccgov.rules.base import RULES, RepositoryContext
from ccgov.store.repo import Repository

# Importing the rule modules registers their rules.
_ = (
    actions,
    changes,
    cycles,
    demand,
    duties,
    ids,
    incident_log,
    incidents,
    links,
    meetings,
    plans,
    knowledge,
    kpis,
    problems,
    raci,
    references,
    risks,
    routines,
    signoff,
    slas,
    staffing,
    vendors,
)


def check(repository: Repository) -> list[Finding]:
    """Every cross-record finding for a loaded repository."""
    if repository.config is None or repository.config_record is None:
        return [
            Finding.of(
                "ccgov.yaml",
                0,
                0,
                "FILE002",
                "ccgov.yaml is missing or invalid; cross-record rules were not run",
            )
        ]
    context = RepositoryContext(repository)
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule(context))
    return findings


__all__ = ["check"]
