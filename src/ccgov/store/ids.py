"""Allocating record ids: ``PREFIX-NNNN``, one more than the highest seen.

Shared by every command that creates numbered records (``rfc new``,
``incident import``), so they all count the same way.
"""

from __future__ import annotations

import re
from pathlib import Path

from ccgov.records.kinds import NUMBERED_ID
from ccgov.store import git


def next_id(root: Path, prefix: str, directory: str) -> str:
    """One more than the highest id on disk or on any local or remote-tracking branch."""
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)\.yaml$")
    names = {p.name for p in (root / directory).glob("*.yaml")}
    if git.has_commits(root):
        for ref in git.branch_refs(root):
            names.update(git.files_at(root, ref, directory))
    numbers = [int(m.group(1)) for m in map(pattern.match, names) if m]
    return f"{prefix}-{max(numbers, default=0) + 1:04d}"


def id_after(record_id: str, step: int = 1) -> str:
    """The id ``step`` places after ``record_id`` (``INC-0009`` + 1 is ``INC-0010``)."""
    match = NUMBERED_ID.match(record_id)
    if match is None:
        raise ValueError(f"{record_id!r} is not a numbered record id")
    prefix, digits = match.groups()
    return f"{prefix}-{int(digits) + step:0{len(digits)}d}"
