"""Per-commit audit verdicts, kept in ``.git/ccgov/history.sqlite``.

A commit never changes, and neither does anything its judgement reads (its
own changes and the state of its parent), so a verdict is computed once per
commit and rules version: an audit with nothing new reads the verdicts of
the commits it lists and judges nothing, and one new commit costs one
judgement.
"""

from __future__ import annotations

from pathlib import Path

from ccgov import __version__
from ccgov.store.kv import JsonStore

# Bump when a judgement would come out differently for the same commit.
RULES_VERSION = f"{__version__}/audit-2"


def verdict_store(path: Path | None) -> JsonStore:
    return JsonStore(path, "audit_verdicts", RULES_VERSION)
