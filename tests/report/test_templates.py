"""Repository report templates are untrusted: they render in Jinja's sandbox,
load only from regular files inside .ccgov/templates/, and any template that
reaches for Python internals, is broken or is refused fails with an error
naming the template and line, exit 1, and nothing written."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import Result, git

Cli = Callable[..., Result]
OVERRIDE = ".ccgov/templates/changes.md.j2"
CHANGES = ("report", "changes", "--period", "2026-Q1")


def _override(root: Path, text: str, name: str = OVERRIDE) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "report template")


def _refused(result: Result, *parts: str) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stderr.startswith("error: report template"), result.stderr
    assert "internal error" not in result.stderr
    assert result.stdout == ""
    for part in parts:
        assert part in result.stderr, (part, result.stderr)


def test_the_reported_attack_runs_nothing(
    example_repo: Path, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _override(example_repo, "{{ cycler.__init__.__globals__.os.system('id > pwned') }}\n")
    output = tmp_path / "out" / "changes.md"
    result = cli("-C", example_repo, *CHANGES, "--output", output)
    _refused(result, f"{OVERRIDE}, line 1", "not allowed in a report template", "'__init__'")
    assert not (tmp_path / "pwned").exists() and not (example_repo / "pwned").exists()
    assert not output.exists() and not output.parent.exists()


@pytest.mark.parametrize(
    ("template", "why"),
    [
        ("{{ ''.__class__.__mro__ }}", "'__class__' of 'str'"),
        ("{{ report.__class__ }}", "'__class__'"),
        ("{{ '{0.__class__}'.format(report) }}", "'__class__'"),
        ("{{ '{a.__init__.__globals__}'.format_map({'a': report}) }}", "'__init__'"),
        ("{{ report | attr('__class__') }}", "'__class__'"),
        ("{{ report.rows.append(1) }}", "'append' of 'list'"),
        ("{{ range(10**9) | length }}", "MAX_RANGE"),
        # Just over each bound, so a test without the guard fails fast rather than
        # computing a gigabyte.
        ("{{ 'x' * 2000000 }}", "more than 1,000,000 items"),
        ("{{ [0] * 2000000 }}", "more than 1,000,000 items"),
        ("{% set b = 2000 %}{{ 10 ** b }}", "too large"),
        ("{{ '{:>2000000}'.format(1) }}", "over the limit"),
        ("{{ '{:>{}}'.format(1, 2000000) }}", "over the limit"),
        ("{{ '%2000000d' % 1 }}", "over the limit"),
        ("{{ '%*d' % (2000000, 1) }}", "over the limit"),
        ("{{ '%2000000d' | format(1) }}", "over the limit"),
        ("{{ 'x'.ljust(2000000) }}", "over the limit"),
        ("{{ 'x' | center(2000000) }}", "over the limit"),
        ("{{ 'x' | indent(2000000, true) }}", "over the limit"),
        ("{{ lipsum(100000) }}", "'lipsum' is undefined"),
    ],
)
def test_escapes_and_resource_abuse_are_refused(
    example_repo: Path, cli: Cli, template: str, why: str
) -> None:
    _override(example_repo, f"# Changes\n\n{template}\n")
    _refused(cli("-C", example_repo, *CHANGES), f"{OVERRIDE}, line 3", why)


def test_runaway_output_is_bounded(example_repo: Path, cli: Cli, tmp_path: Path) -> None:
    _override(example_repo, "{% for i in range(70) %}{{ 'x' * 1000000 }}{% endfor %}\n")
    output = tmp_path / "changes.md"
    _refused(cli("-C", example_repo, *CHANGES, "-o", output), "more than 64 MiB")
    assert not output.exists()


def test_a_path_in_the_data_cannot_be_used() -> None:
    """Paths, files and modules may be printed, never used, even if a report
    object carries one some day."""
    from jinja2.exceptions import SecurityError

    from ccgov.report.render import environment

    env = environment(None, "md")
    for source in ("{{ p.read_text() }}", "{{ p.parent }}", "{{ (p / 'x').open() }}"):
        with pytest.raises(SecurityError):
            env.from_string(source).render(p=Path("/etc/passwd"))
    assert env.from_string("{{ p }}").render(p=Path("/x")) == "/x"


def test_a_broken_template_names_its_line(example_repo: Path, cli: Cli, tmp_path: Path) -> None:
    output = tmp_path / "out" / "changes.md"
    output.parent.mkdir()
    output.write_text("the previous report\n")
    _override(example_repo, "# Changes\n\n{% for r in report.rows %}\n{{ r.id }}\n")
    result = cli("-C", example_repo, *CHANGES, "--output", output)
    _refused(result, f"{OVERRIDE}, line 4", "syntax error")
    # Not half-written: the previous file is intact and no temporary file is left.
    assert output.read_text() == "the previous report\n"
    assert sorted(p.name for p in output.parent.iterdir()) == ["changes.md"]


def test_an_undefined_value_names_its_line(example_repo: Path, cli: Cli) -> None:
    _override(example_repo, "# Changes\n{{ report.no_such_field }}\n")
    _refused(cli("-C", example_repo, *CHANGES), f"{OVERRIDE}, line 2", "no_such_field")


def test_a_symlinked_template_is_refused(example_repo: Path, cli: Cli, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET {{ report.total }}\n")
    link = example_repo / OVERRIDE
    link.parent.mkdir(parents=True)
    link.symlink_to(secret)
    git(example_repo, "add", "-A")
    git(example_repo, "commit", "-qm", "a committed link")
    result = cli("-C", example_repo, *CHANGES)
    _refused(result, f"{OVERRIDE} is a symbolic link")
    assert "TOP SECRET" not in result.stdout + result.stderr


def test_a_symlinked_template_to_a_system_file_is_refused(example_repo: Path, cli: Cli) -> None:
    link = example_repo / OVERRIDE
    link.parent.mkdir(parents=True)
    link.symlink_to("/etc/passwd")
    result = cli("-C", example_repo, *CHANGES)
    _refused(result, "is a symbolic link")
    assert "root:" not in result.stdout


@pytest.mark.parametrize("linked", [".ccgov/templates", ".ccgov"])
def test_a_symlinked_template_folder_is_refused(
    example_repo: Path, cli: Cli, tmp_path: Path, linked: str
) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "templates").mkdir(parents=True)
    for folder in (elsewhere, elsewhere / "templates"):
        (folder / "changes.md.j2").write_text("OUTSIDE {{ report.total }}\n")
    link = example_repo / linked
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(elsewhere if linked == ".ccgov" else elsewhere / "templates")
    result = cli("-C", example_repo, *CHANGES)
    _refused(result, f"{linked} is a symbolic link")
    assert "OUTSIDE" not in result.stdout
    # Every report is refused, not just the overridden one: the folder is not trusted.
    _refused(cli("-C", example_repo, "report", "raci"), f"{linked} is a symbolic link")


def test_a_linked_folder_inside_the_templates_is_refused(
    example_repo: Path, cli: Cli, tmp_path: Path
) -> None:
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "head.md.j2").write_text("OUTSIDE\n")
    _override(example_repo, "{% include 'parts/head.md.j2' %}\n")
    (example_repo / ".ccgov/templates/parts").symlink_to(tmp_path / "parts")
    result = cli("-C", example_repo, *CHANGES)
    _refused(result, f"{OVERRIDE}, line 1", ".ccgov/templates/parts is a symbolic link")


@pytest.mark.parametrize(
    "name", ["../../x", "../../../outside.md.j2", "parts/../../../x", "/etc/passwd"]
)
def test_an_include_outside_the_templates_is_refused(
    example_repo: Path, cli: Cli, tmp_path: Path, name: str
) -> None:
    (example_repo / "x").write_text("INSIDE THE REPO BUT NOT A TEMPLATE\n")
    (tmp_path / "outside.md.j2").write_text("OUTSIDE\n")
    _override(example_repo, f"# Changes\n{{% include '{name}' %}}\n")
    result = cli("-C", example_repo, *CHANGES)
    why = "is not a relative path" if name.startswith("/") else "leads outside"
    _refused(result, f"{OVERRIDE}, line 2", "refused", repr(name), why)
    assert "OUTSIDE" not in result.stdout and "NOT A TEMPLATE" not in result.stdout


def test_special_files_and_oversized_or_binary_templates_are_refused(
    example_repo: Path, cli: Cli
) -> None:
    path = example_repo / OVERRIDE
    path.parent.mkdir(parents=True)
    path.mkdir()
    _refused(cli("-C", example_repo, *CHANGES), "is not a regular file")
    path.rmdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(path)  # must not hang on open
        _refused(cli("-C", example_repo, *CHANGES), "is not a regular file")
        path.unlink()
    path.write_text("x" * (256 * 1024 + 1))
    _refused(cli("-C", example_repo, *CHANGES), "larger than 256 KiB")
    path.write_bytes(b"\xff\xfe{{ report.total }}")
    _refused(cli("-C", example_repo, *CHANGES), "is not UTF-8")


def test_a_legitimate_override_still_works(example_repo: Path, cli: Cli) -> None:
    """Includes from sub-folders, ccgov's own templates as bases, filters,
    loops, macros and namespaces all work in the sandbox."""
    _override(
        example_repo,
        "{% import 'parts/macros.md.j2' as m %}"
        "{% include 'parts/head.md.j2' %}\n"
        "{% set n = namespace(count=0) %}"
        "{% for r in report.rows %}{% set n.count = n.count + 1 %}{{ m.row(r) }}{% endfor %}\n"
        "{{ n.count }} rows; {{ '%.1f' % 12.345 }}; {{ '{:>6}'.format('ok') }}\n",
    )
    _override(
        example_repo,
        "Custom for {{ meta.organisation | md }}\n",
        ".ccgov/templates/parts/head.md.j2",
    )
    _override(
        example_repo,
        "{% macro row(r) %}- {{ r.id }} {{ r.title | md }}\n{% endmacro %}\n",
        ".ccgov/templates/parts/macros.md.j2",
    )
    _override(
        example_repo,
        '{% extends "base.html.j2" %}{% block body %}<p>{{ report.total }} RFCs</p>'
        "{% endblock %}\n",
        ".ccgov/templates/changes.html.j2",
    )
    result = cli("-C", example_repo, *CHANGES)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Custom for Northwind")
    assert "- RFC-0001 " in result.stdout and "12.3;     ok" in result.stdout
    html = cli("-C", example_repo, *CHANGES, "--format", "html")
    assert html.exit_code == 0, html.stderr
    assert "<style>" in html.stdout and "RFCs</p>" in html.stdout


def test_package_templates_render_every_report_in_the_sandbox(
    example_repo: Path, cli: Cli, tmp_path: Path
) -> None:
    """ccgov's own templates (the charts included) keep working under the
    immutable sandbox."""
    site = tmp_path / "site"
    result = cli("-C", example_repo, "report", "site", "--period", "2026-Q1", "-o", site)
    assert result.exit_code == 0, result.stderr
    assert "<polyline" in (site / "sla.html").read_text()
