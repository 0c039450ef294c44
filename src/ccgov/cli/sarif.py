"""SARIF 2.1.0 logs for code scanning (GitHub and other hosts read them):
one run per command, one rule per finding code, paths relative to the git
repository's top level."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ccgov import __version__

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
DOCS = "https://github.com/ccgov/ccgov/blob/main/docs/finding-codes.md"


@dataclass(frozen=True, slots=True)
class Result:
    code: str
    level: str  # "error", "warning" or "note"
    message: str
    file: str = ""  # relative to the governed root; "" for none
    line: int = 0
    column: int = 0
    properties: dict[str, str] = field(default_factory=dict)
    fingerprint: str | None = None


def _rule(code: str) -> dict[str, Any]:
    from ccgov.findings import CODES

    info = CODES.get(code)
    rule: dict[str, Any] = {"id": code, "helpUri": f"{DOCS}#{code.lower()}"}
    if info is not None:
        rule |= {
            "name": "".join(w.capitalize() for w in info.title.split()),
            "shortDescription": {"text": info.title},
            "fullDescription": {"text": info.explanation},
            "defaultConfiguration": {"level": info.severity},
        }
    return rule


def log(command: str, results: Iterable[Result], prefix: str = "") -> dict[str, Any]:
    """A SARIF log of one run of ``ccgov <command>``; ``prefix`` is the governed
    root's path inside the git repository (``governance/``, or empty)."""
    results = list(results)
    codes = sorted({r.code for r in results})
    index = {code: i for i, code in enumerate(codes)}
    entries = []
    for r in results:
        entry: dict[str, Any] = {
            "ruleId": r.code,
            "ruleIndex": index[r.code],
            "level": r.level,
            "message": {"text": r.message},
        }
        if r.file:
            physical: dict[str, Any] = {
                "artifactLocation": {"uri": prefix + r.file, "uriBaseId": "%SRCROOT%"}
            }
            if r.line:
                physical["region"] = {"startLine": r.line, "startColumn": max(r.column, 1)}
            entry["locations"] = [{"physicalLocation": physical}]
        if r.properties:
            entry["properties"] = dict(r.properties)
        if r.fingerprint:
            entry["partialFingerprints"] = {"ccgov/v1": r.fingerprint}
        entries.append(entry)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ccgov",
                        "version": __version__,
                        "informationUri": "https://github.com/ccgov/ccgov",
                        "rules": [_rule(code) for code in codes],
                    }
                },
                "automationDetails": {"id": f"ccgov/{command}/"},
                "columnKind": "unicodeCodePoints",
                "results": entries,
            }
        ],
    }
