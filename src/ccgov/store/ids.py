"""Allocating record ids: ``PREFIX-NNNN``, one more than the highest seen.

Shared by every command that creates numbered records (``rfc new``,
``incident import``), so they all count the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ccgov.records.kinds import NUMBERED_ID
from ccgov.store import git


def next_id(root: Path, prefix: str, directory: str, reserved: Iterable[str] = ()) -> str:
    """One more than the highest id on disk, on any local or remote-tracking
    branch, or in ``reserved`` (ids promised but not written yet, such as the
    CIs an RFC ``creates``)."""
    return next_ids(root, prefix, directory, 1, reserved)[0]


def next_ids(
    root: Path, prefix: str, directory: str, count: int, reserved: Iterable[str] = ()
) -> list[str]:
    """``count`` consecutive ids after the highest in use (see :func:`next_id`)."""
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)\.yaml$")
    names = {p.name for p in (root / directory).glob("*.yaml")}
    names.update(f"{record_id}.yaml" for record_id in reserved)
    if git.has_commits(root):
        for ref in git.branch_refs(root):
            names.update(git.files_at(root, ref, directory))
    numbers = [int(m.group(1)) for m in map(pattern.match, names) if m]
    highest = max(numbers, default=0)
    return [f"{prefix}-{highest + step:04d}" for step in range(1, count + 1)]


def id_after(record_id: str, step: int = 1) -> str:
    """The id ``step`` places after ``record_id`` (``INC-0009`` + 1 is ``INC-0010``)."""
    match = NUMBERED_ID.match(record_id)
    if match is None:
        raise ValueError(f"{record_id!r} is not a numbered record id")
    prefix, digits = match.groups()
    return f"{prefix}-{int(digits) + step:0{len(digits)}d}"
