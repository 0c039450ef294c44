"""Knowledge articles: runbooks and known-error articles for the people who
restore service, linked to the configuration items and problems they are about."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from ccgov.records.base import Handle, Model, RecordId, Text
from ccgov.records.vocabulary import Audience

KnowledgeKind = Literal["runbook", "known_error", "how_to"]
KnowledgeStatus = Literal["draft", "published", "retired"]


class Knowledge(Model):
    """A runbook, a known-error article or a how-to."""

    id: RecordId
    title: Text
    kind: KnowledgeKind = Field(
        description="runbook: steps to restore or operate; known_error: a problem's symptoms "
        "and workaround; how_to: anything else worth writing down."
    )
    status: KnowledgeStatus = "published"
    owner: Handle
    audience: list[Audience] = Field(
        ["it"], description="Who reads it: center (the contact center), it, vendor."
    )
    # CI records are under change control (every edit needs an RFC), so an
    # article names the CIs it is about rather than the CIs naming it.
    items: list[RecordId] = Field([], description="The configuration items it is about.")
    problems: list[RecordId] = Field([], description="The problems it documents.")
    summary: str | None = None
    body: Text = Field(description="The article itself (Markdown).")
    reviewed: date | None = Field(None, description="When it was last checked against reality.")
