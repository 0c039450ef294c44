"""The change report: RFC register, approval lead time, emergency share,
change success rate and the changes that caused incidents."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from ccgov.records.change import ChangeRequest
from ccgov.report.period import Period
from ccgov.report.stats import median, percentile, share
from ccgov.store.repo import Repository


@dataclass(frozen=True, slots=True)
class ChangeRow:
    id: str
    title: str
    type: str
    category: str
    risk: str
    status: str
    requested_by: str
    submitted: str | None
    approved: str | None
    implemented: str | None
    approval_lead_hours: float | None
    outcome: str  # successful, failed, in progress, not implemented
    caused_incidents: list[str]


@dataclass(slots=True)
class ChangeReport:
    period: str
    total: int
    by_type: dict[str, int]
    by_status: dict[str, int]
    emergency_share_pct: float | None
    approval_lead_hours_median: float | None
    approval_lead_hours_p90: float | None
    successful: int
    failed: int
    success_rate_pct: float | None
    rows: list[ChangeRow] = field(default_factory=list)

    @property
    def caused_incidents(self) -> list[ChangeRow]:
        return [row for row in self.rows if row.caused_incidents]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["changes"] = data.pop("rows")
        return data


def _at(change: ChangeRequest, status: str) -> datetime | None:
    return next((t.at for t in change.history if t.status == status), None)


def _outcome(change: ChangeRequest, incidents: list[str]) -> str:
    if change.status == "backed_out" or (
        change.status in ("implemented", "verified", "closed") and incidents
    ):
        return "failed"
    if change.status in ("verified", "closed"):
        return "successful"
    if change.status in ("rejected", "cancelled"):
        return "not implemented"
    return "in progress"


def build(repository: Repository, period: Period) -> ChangeReport:
    """RFCs submitted in the period (drafts: created in it)."""
    caused: dict[str, list[str]] = {}
    for loaded in repository.of("incident"):
        if loaded.record.caused_by:
            caused.setdefault(loaded.record.caused_by, []).append(loaded.record.id)
    rows: list[ChangeRow] = []
    for loaded in sorted(repository.of("change"), key=lambda r: r.record.id):
        change: ChangeRequest = loaded.record
        submitted = _at(change, "submitted")
        started = submitted or (change.history[0].at if change.history else None)
        if not period.contains(started):
            continue
        approved, implemented = _at(change, "approved"), _at(change, "implemented")
        lead = (
            round((approved - submitted).total_seconds() / 3600, 1)
            if submitted and approved
            else None
        )
        incidents = sorted(caused.get(change.id, []))
        rows.append(
            ChangeRow(
                change.id,
                change.title,
                change.type,
                change.category,
                change.risk,
                change.status,
                change.requested_by,
                submitted.isoformat() if submitted else None,
                approved.isoformat() if approved else None,
                implemented.isoformat() if implemented else None,
                lead,
                _outcome(change, incidents),
                incidents,
            )
        )
    leads = [row.approval_lead_hours for row in rows if row.approval_lead_hours is not None]
    successful = sum(row.outcome == "successful" for row in rows)
    failed = sum(row.outcome == "failed" for row in rows)
    by_type: dict[str, int] = {}
    by_status: dict[str, int] = {}
    for row in rows:
        by_type[row.type] = by_type.get(row.type, 0) + 1
        by_status[row.status] = by_status.get(row.status, 0) + 1
    return ChangeReport(
        period=period.label,
        total=len(rows),
        by_type=by_type,
        by_status=by_status,
        emergency_share_pct=share(by_type.get("emergency", 0), len(rows)),
        approval_lead_hours_median=median(leads),
        approval_lead_hours_p90=percentile(leads, 0.9),
        successful=successful,
        failed=failed,
        success_rate_pct=share(successful, successful + failed),
        rows=rows,
    )
