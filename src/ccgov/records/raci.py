"""RACI matrices: who is Responsible, Accountable, Consulted, Informed."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from ccgov.records.base import Model, RoleName, Slug, Text

Assignment = Annotated[
    str,
    StringConstraints(pattern=r"^[RACI]{1,4}$"),
    Field(description="Letters from R, A, C, I, e.g. R or AR."),
]


class Activity(Model):
    """One row of the matrix: an activity and each role's letters."""

    name: Text
    raci: dict[RoleName, Assignment] = Field(
        description="Role -> letters, e.g. {noc: A, telecom: R}."
    )


class RaciMatrix(Model):
    """One support process's RACI matrix; the file name is the process id."""

    id: Slug
    process: Text
    description: str | None = None
    activities: list[Activity] = Field(min_length=1)
