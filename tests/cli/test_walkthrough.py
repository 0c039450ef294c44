"""The documentation runs as written: every command of docs/walkthrough.md
(from an empty directory) and of the README's tour (on the bundled
example), in a real shell with real git and the real ccgov, exits as the
page says, and the reports they print are not empty."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
from pathlib import Path

import pytest

from helpers import ROOT, Ran, doc_steps, run_doc_steps, shim_ccgov

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def _section(markdown: str, heading: str) -> str:
    start = markdown.index(f"\n## {heading}\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end != -1 else None]


def _environment(tmp_path: Path) -> dict[str, str]:
    # ccgov is this checkout's; pre-commit is the one installed beside it.
    path = [str(shim_ccgov(tmp_path / "bin")), str(Path(sys.executable).parent), os.environ["PATH"]]
    return {**os.environ, "PATH": os.pathsep.join(path)}


def _output_paths(command: str) -> list[str]:
    words = shlex.split(command.split("#")[0])
    return [words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-o", "--output")]


def _check(ran: list[Ran], cwd_of: dict[int, Path]) -> None:
    for number, step in enumerate(ran):
        shown = f"{step.step.command}\n--- stdout\n{step.stdout}\n--- stderr\n{step.stderr}"
        assert step.exit_code == step.step.expect, shown
        if "ccgov report" not in step.step.command:
            continue
        outputs = _output_paths(step.step.command)
        if not outputs:
            assert step.stdout.strip(), shown
        for output in outputs:
            target = cwd_of[number] / output
            assert target.exists(), shown
            sizes = [p.stat().st_size for p in target.rglob("*")] if target.is_dir() else []
            assert (target.is_file() and target.stat().st_size) or (sizes and min(sizes)), shown


def _cwds(ran: list[Ran], start: Path) -> dict[int, Path]:
    """Where each step ran (following the pages' `cd`)."""
    where, cwd = {}, start
    for number, step in enumerate(ran):
        where[number] = cwd
        for target in re.findall(r"(?:^|&& )cd (\S+)", step.step.command):
            cwd = (cwd / target).resolve()
    return where


def test_the_walkthrough_runs_as_written(tmp_path: Path) -> None:
    steps = doc_steps((ROOT / "docs" / "walkthrough.md").read_text(encoding="utf-8"))
    assert len(steps) > 60
    work = tmp_path / "work"
    work.mkdir()
    ran = run_doc_steps(steps, work, _environment(tmp_path))
    _check(ran, _cwds(ran, work))
    output = {step.step.command.split("\n")[0]: step for step in ran}
    assert "audit clean" in output["ccgov audit"].stdout
    diff = output["ccgov baseline diff as-found after-voicemail"].stdout
    assert "CI-0001" in diff and "RFC-0001" in diff and "3.10 -> 3.11" in diff
    shown = output["ccgov rfc show RFC-0001"].stdout
    assert "approve by bob (cab)  counts" in shown, shown
    assert "  next: submit (after an edit), schedule," in shown, shown
    [refused] = [r for r in ran if r.step.command.startswith("ccgov rfc approve RFC-0001  #")]
    assert "needs decisions from cab; alice holds liaison" in refused.stderr
    assert "INC-0001" in output["ccgov sla status"].stdout
    assert "ok   hook installed" in output["ccgov doctor"].stdout
    repo = work / "contact-center"
    assert (repo / "site" / "index.html").is_file()
    assert not (repo / "requirements/REQ-0002.yaml").exists()


def test_the_readme_tour_runs_on_the_bundled_example(tmp_path: Path) -> None:
    tour = _section((ROOT / "README.md").read_text(encoding="utf-8"), "A tour")
    steps = doc_steps(tour)
    assert steps[0].command.startswith("ccgov init demo --example")
    ran = run_doc_steps(steps, tmp_path, _environment(tmp_path))
    _check(ran, _cwds(ran, tmp_path))
    output = {step.step.command.split("\n")[0].split("#")[0].strip(): step for step in ran}
    assert "audit clean" in output["ccgov audit"].stdout
    assert "RFC-0015" in output["ccgov baseline diff before-tour HEAD"].stdout
    assert "INC-0043" in output["ccgov sla status --at 2026-03-31T12:00:00-05:00"].stdout
    assert (tmp_path / "demo" / "sla.html").stat().st_size > 1000
    # The operations steps: a notification names the people behind step 1's
    # roles, the outage notice carries the center's update, the problem links
    # the incident.
    notified = output["ccgov incident notify INC-0046 --step 1"].stdout
    assert "step 1: notified jlindqvist" in notified, notified
    notice = output["ccgov report outage INC-0046"].stdout
    assert "take calls on the desk phones" in notice, notice
    problem = (tmp_path / "demo" / "problems" / "PRB-0006.yaml").read_text(encoding="utf-8")
    assert "INC-0046" in problem
    # Working together and planning: what is owed, the agenda, the reach of
    # a change to the SBC, the plan and the risks.
    owed = output["ccgov routine due --at 2026-04-10T12:00:00-05:00"].stdout
    assert "overdue" in owed and "knowledge-exchange" in owed, owed
    assert "MTG-0021" in output["ccgov agenda cab --date 2026-04-14"].stdout
    reach = output["ccgov impact CI-0003"].stdout
    assert "CI-0019 Queue: Claims - Auto" in reach and "PRB-0004" in reach, reach
    assert "PLAN-0001" in output["ccgov report roadmap"].stdout
