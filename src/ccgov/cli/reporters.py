"""Reporters render validation results: text (grouped, for people), json
(a stable list for scripts), github (workflow annotations) and sarif (code
scanning). Paths in github and sarif output are relative to the git
repository's top level (``prefix``), where those tools look for files."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from typing import TYPE_CHECKING, Literal, Protocol, TextIO

if TYPE_CHECKING:
    from ccgov.validation.validate import ValidationResult


Format = Literal["auto", "text", "json", "github", "sarif"]


class Reporter(Protocol):
    def report(self, result: ValidationResult, stream: TextIO) -> None: ...


class SarifReporter:
    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix

    def report(self, result: ValidationResult, stream: TextIO) -> None:
        from ccgov.cli import sarif

        results = [
            sarif.Result(f.code, f.severity, f.message, f.file, f.line, f.column)
            for f in result.findings
        ]
        json.dump(sarif.log("validate", results, self.prefix), stream, indent=2)
        stream.write("\n")


class JsonReporter:
    def report(self, result: ValidationResult, stream: TextIO) -> None:
        json.dump([finding.to_json() for finding in result.findings], stream, indent=2)
        stream.write("\n")


def _escape_data(text: str) -> str:
    from ccgov.cli.output import safe

    # CR and LF would end the workflow command; other controls reach the log.
    return safe(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(
    level: str, file: str, line: int, column: int, title: str, message: str
) -> str:
    """One GitHub Actions workflow command (``::error file=...::message``)."""
    # GitHub documents the order file, line, col, title; keep to it.
    props = [f"file={_escape_property(file)}"] if file else []
    if file and line:
        props += [f"line={line}", f"col={max(column, 1)}"]
    props.append(f"title={_escape_property(title)}")
    return f"::{level} {','.join(props)}::{_escape_data(message)}"


class GithubReporter:
    """GitHub Actions workflow commands: one annotation per finding."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix

    def report(self, result: ValidationResult, stream: TextIO) -> None:
        for f in result.findings:
            level = "error" if f.severity == "error" else "warning"
            stream.write(
                github_annotation(level, self.prefix + f.file, f.line, f.column, f.code, f.message)
                + "\n"
            )
        stream.write(_summary(result) + "\n")


class TextReporter:
    """Findings grouped by file, with a one-line summary."""

    def report(self, result: ValidationResult, stream: TextIO) -> None:
        from ccgov.cli.output import console, markup

        out = console(file=stream)
        by_file: dict[str, list] = defaultdict(list)  # type: ignore[type-arg]
        for finding in result.findings:
            by_file[finding.file].append(finding)
        for file_name, findings in by_file.items():
            out.print(f"[bold]{markup(file_name)}[/bold]")
            for f in findings:
                style = "red" if f.severity == "error" else "yellow"
                where = f"{f.line}:{f.column}" if f.line else "-"
                out.print(
                    f"  {where:>7}  [{style}]{f.severity:<7}[/{style}] "
                    f"[bold]{markup(f.code):<7}[/bold] {markup(f.message)}"
                )
        style = "red" if result.errors else ("yellow" if result.warnings else "green")
        out.print(f"[{style}]{markup(_summary(result))}[/{style}]")


def _summary(result: ValidationResult) -> str:
    from ccgov.records.text import counted

    files = counted(result.files_checked, "file")
    if not result.findings:
        return f"ok: {files} checked, no findings"
    return (
        f"{counted(result.errors, 'error')}, {counted(result.warnings, 'warning')} "
        f"in {files} checked"
    )


def reporter_for(name: Format, prefix: str = "") -> Reporter:
    """The reporter for a ``--format`` name (``auto``: github under GitHub Actions)."""
    if name == "auto":
        name = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    reporters: dict[str, Reporter] = {
        "text": TextReporter(),
        "json": JsonReporter(),
        "github": GithubReporter(prefix),
        "sarif": SarifReporter(prefix),
    }
    return reporters[name]
