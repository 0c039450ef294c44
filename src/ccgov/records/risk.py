"""The risk register: what could go wrong, how likely and how bad, who owns
it, and what was decided about it."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from ccgov.records.base import Handle, Model, RecordId, Text, Timestamp
from ccgov.records.vocabulary import RiskProbability as Probability
from ccgov.records.vocabulary import RiskResponse as Response
from ccgov.records.vocabulary import RiskSeverity as Severity
from ccgov.records.vocabulary import RiskStatus

# Lowest first: a rating's position (1-5) is its score on the heat map's axis.
PROBABILITIES: tuple[Probability, ...] = (
    "rare",
    "unlikely",
    "possible",
    "likely",
    "almost_certain",
)
SEVERITIES: tuple[Severity, ...] = ("negligible", "minor", "moderate", "major", "severe")


def score(probability: Probability, impact: Severity) -> int:
    """Probability x impact, each rated 1 to 5: 1 (rare, negligible) to 25."""
    return (PROBABILITIES.index(probability) + 1) * (SEVERITIES.index(impact) + 1)


class RiskDecision(Model):
    """What was decided about the risk, by whom, and what carries it out."""

    response: Response = Field(description="accept, mitigate, transfer or avoid.")
    by: Handle
    at: Timestamp
    rationale: Text
    changes: list[RecordId] = Field([], description="RFCs that carry the decision out.")
    demands: list[RecordId] = Field([], description="Demands that carry the decision out.")
    transfer_to: str | None = Field(
        None, description="Who carries a transferred risk (an insurer, a vendor contract)."
    )


class RiskReview(Model):
    """One review of the risk and the rating it was given then."""

    by: Handle
    at: Timestamp
    note: Text
    probability: Probability
    impact: Severity


class RiskRecord(Model):
    """A risk: cause, probability, impact, owner, decision, next review."""

    id: RecordId
    title: Text
    cause: Text = Field(description="What could happen, and why.")
    effect: str | None = Field(None, description="What it would do to callers and the business.")
    probability: Probability
    impact: Severity
    owner: Handle
    items: list[RecordId] = Field([], description="Configuration items it concerns.")
    requirements: list[RecordId] = Field([], description="Requirements it threatens.")
    status: RiskStatus = "open"
    review_by: date = Field(description="When it is next reviewed.")
    decisions: list[RiskDecision] = Field(
        [], description="Decisions, oldest first; the last one stands (ccgov risk decide)."
    )
    reviews: list[RiskReview] = Field([], description="Reviews, oldest first (ccgov risk review).")

    @property
    def score(self) -> int:
        return score(self.probability, self.impact)

    @property
    def decision(self) -> RiskDecision | None:
        return self.decisions[-1] if self.decisions else None
