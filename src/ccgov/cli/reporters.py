"""Reporters render validation results: text (grouped, for people), json
(a stable list for scripts) and github (workflow annotations)."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from typing import TYPE_CHECKING, Literal, Protocol, TextIO

if TYPE_CHECKING:
    from ccgov.validation.validate import ValidationResult


Format = Literal["auto", "text", "json", "github"]


class Reporter(Protocol):
    def report(self, result: ValidationResult, stream: TextIO) -> None: ...


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


class GithubReporter:
    """GitHub Actions workflow commands: one annotation per finding."""

    def report(self, result: ValidationResult, stream: TextIO) -> None:
        for f in result.findings:
            level = "error" if f.severity == "error" else "warning"
            # GitHub documents the order file, line, col, title; keep to it.
            props = [f"file={_escape_property(f.file)}"]
            if f.line:
                props += [f"line={f.line}", f"col={max(f.column, 1)}"]
            props.append(f"title={_escape_property(f.code)}")
            stream.write(f"::{level} {','.join(props)}::{_escape_data(f.message)}\n")
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
    if not result.findings:
        return f"ok: {result.files_checked} files checked, no findings"
    return (
        f"{result.errors} error(s), {result.warnings} warning(s) "
        f"in {result.files_checked} files checked"
    )


def reporter_for(name: Format) -> Reporter:
    if name == "auto":
        name = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    reporters: dict[str, type[Reporter]] = {
        "text": TextReporter,
        "json": JsonReporter,
        "github": GithubReporter,
    }
    return reporters[name]()
