"""The closed vocabularies of the records (RFC types, risks, statuses,
requirement kinds, ...), as ``Literal`` types without pydantic.

The models use them as field types; the CLI lists them as the allowed
values of its options and prompts. They live apart from the models so that
``ccgov --help`` can show them without importing pydantic.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

ChangeType = Literal["standard", "normal", "emergency"]
ChangeCategory = Literal[
    "routing_change",
    "prompt_change",
    "ivr_change",
    "user_add",
    "user_remove",
    "user_change",
    "upgrade",
    "patch",
    "new_system",
    "config_change",
    "hardware",
    "network",
    "integration",
    "decommission",
    # A change to ccgov.yaml itself (policy, people, roles, calendars, validation).
    "governance_change",
    "other",
]
Risk = Literal["low", "medium", "high", "critical"]
Impact = Literal["low", "medium", "high"]
ChangeStatus = Literal[
    "draft",
    "submitted",
    "approved",
    "scheduled",
    "implemented",
    "verified",
    "closed",
    "rejected",
    "cancelled",
    "backed_out",
]
Decision = Literal["approve", "reject"]
TestOutcome = Literal["pass", "fail"]

RequirementKind = Literal["business", "functional", "non_functional", "regulatory"]
Priority = Literal["must", "should", "could", "wont"]
RequirementStatus = Literal["proposed", "approved", "implemented", "verified", "retired"]
Area = Literal[
    "routing",
    "ivr",
    "telephony",
    "wfm",
    "qm",
    "recording",
    "reporting",
    "desktop",
    "crm",
    "digital",
    "security",
    "compliance",
    "infrastructure",
    "other",
]
VerificationMethod = Literal["test", "inspection", "analysis", "demonstration"]

DemandStatus = Literal["proposed", "assessed", "approved", "declined", "planned", "delivered"]
CostBand = Literal["small", "medium", "large"]
Benefit = Literal["low", "medium", "high"]

RiskProbability = Literal["rare", "unlikely", "possible", "likely", "almost_certain"]
RiskSeverity = Literal["negligible", "minor", "moderate", "major", "severe"]
RiskResponse = Literal["accept", "mitigate", "transfer", "avoid"]
RiskStatus = Literal["open", "closed"]

# Who an incident update is for: the contact center (the people taking
# calls), IT, or a vendor.
Audience = Literal["center", "it", "vendor"]
# Who a paused incident waits on.
PauseReason = Literal["customer", "vendor", "other"]
ProblemStatus = Literal["open", "known_error", "closed"]


def values(vocabulary: Any) -> tuple[str, ...]:
    """The allowed values of a ``Literal`` vocabulary, in their declared order."""
    return tuple(str(value) for value in get_args(vocabulary))
