"""The record kinds of a governed repository: where they live, how they are
named, which model validates them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ccgov.records.base import Model
from ccgov.records.baseline import Baseline
from ccgov.records.change import ChangeRequest
from ccgov.records.config import IdPrefixes, RepoConfig
from ccgov.records.demand import Demand
from ccgov.records.incident import Incident
from ccgov.records.item import ConfigurationItem
from ccgov.records.knowledge import Knowledge
from ccgov.records.kpi import Kpi
from ccgov.records.layout import (
    ARTIFACTS_DIR,
    CONFIG_FILE,
    KIND_OF_DIRECTORY,
    RECORD_DIRECTORIES,
    KindName,
)
from ccgov.records.linkreview import LinkReviews
from ccgov.records.meeting import Meeting
from ccgov.records.plan import Plan
from ccgov.records.problem import Problem
from ccgov.records.raci import RaciMatrix
from ccgov.records.requirement import Requirement
from ccgov.records.risk import RiskRecord
from ccgov.records.routine import Routine
from ccgov.records.sla import ServiceLevelAgreement
from ccgov.records.vendor import Vendor

__all__ = [
    "ARTIFACTS_DIR",
    "CONFIG_FILE",
    "KINDS",
    "KIND_BY_DIRECTORY",
    "KIND_BY_NAME",
    "Kind",
    "KindName",
]


@dataclass(frozen=True, slots=True)
class Kind:
    name: KindName
    directory: str
    model: type[Model]
    title: str
    # "numbered" ids are PREFIX-NNNN with the prefix from ccgov.yaml; "named"
    # records (RACI processes, baselines) are named by a slug; link reviews
    # are named by the record whose links they review.
    id_style: Literal["numbered", "named"]
    id_field: str = "id"

    def prefix(self, prefixes: IdPrefixes) -> str | None:
        if self.id_style != "numbered":
            return None
        return str(getattr(prefixes, self.name))


KINDS: tuple[Kind, ...] = (
    Kind("requirement", "requirements", Requirement, "Requirement", "numbered"),
    Kind("raci", "raci", RaciMatrix, "RACI matrix", "named"),
    Kind("item", "items", ConfigurationItem, "Configuration item", "numbered"),
    Kind("change", "changes", ChangeRequest, "Request for change", "numbered"),
    Kind("sla", "slas", ServiceLevelAgreement, "Service level agreement", "numbered"),
    Kind("incident", "incidents", Incident, "Incident", "numbered"),
    Kind("baseline", "baselines", Baseline, "Baseline manifest", "named", id_field="name"),
    Kind("demand", "demand", Demand, "Demand", "numbered"),
    Kind("plan", "plans", Plan, "Plan", "numbered"),
    Kind("risk", "risks", RiskRecord, "Risk", "numbered"),
    Kind("link", "links", LinkReviews, "Link reviews", "named", id_field="source"),
    Kind("routine", "routines", Routine, "Routine", "named"),
    Kind("meeting", "meetings", Meeting, "Meeting", "numbered"),
    Kind("vendor", "vendors", Vendor, "Vendor", "named"),
    Kind("problem", "problems", Problem, "Problem", "numbered"),
    Kind("knowledge", "knowledge", Knowledge, "Knowledge article", "numbered"),
    Kind("kpi", "kpis", Kpi, "KPI", "named"),
)
assert tuple(kind.directory for kind in KINDS) == RECORD_DIRECTORIES
assert {k.directory: k.name for k in KINDS} == KIND_OF_DIRECTORY
KIND_BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
KIND_BY_DIRECTORY: dict[str, Kind] = {kind.directory: kind for kind in KINDS}

NUMBERED_ID = re.compile(r"^([A-Z][A-Z0-9]*)-([0-9]{4,})$")
NAMED_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

# Every model with its schema file name, for `ccgov schema export`.
SCHEMA_MODELS: dict[str, type[Model]] = {
    "config": RepoConfig,
    **{kind.name: kind.model for kind in KINDS},
}
