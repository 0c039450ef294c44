"""Killing and racing the real CLI on a real git repository: after every fault
the bytes, the index and the history are checked, and the next command
settles what the killed one left without touching the user's own edits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from test_end_to_end import new_rfc

from helpers import git

CCGOV = [sys.executable, "-m", "ccgov"]


def state(root: Path) -> tuple[str, str, str]:
    """HEAD, the index (every entry) and the work tree's status."""
    return (
        git(root, "rev-parse", "HEAD"),
        git(root, "ls-files", "--stage"),
        git(root, "status", "--porcelain", "--untracked-files=all"),
    )


def journal(root: Path) -> Path:
    return root / ".git/ccgov/pending.json"


def kill_in_hook(root: Path, hook: str, *args: str) -> None:
    """Run ccgov, and kill it (with git and the hook) while git runs ``hook``."""
    path = root / ".git/hooks" / hook
    marker = root.parent / f"{hook}-started"
    marker.unlink(missing_ok=True)
    path.write_text(f"#!/bin/sh\ntouch {marker}\nsleep 60\n")
    path.chmod(0o755)
    process = subprocess.Popen(
        [*CCGOV, "-C", str(root), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert process.poll() is None, "ccgov ended before the hook ran"
        assert time.monotonic() < deadline, "the hook never ran"
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    path.unlink()


def scheduled_and_tested(cli, root: Path, as_user: Callable[[str], None]) -> str:
    rfc = new_rfc(cli, root)
    assert cli("-C", root, "rfc", "submit", rfc).exit_code == 0
    as_user("bob")
    assert cli("-C", root, "rfc", "approve", rfc).exit_code == 0
    as_user("carol")
    assert cli("-C", root, "rfc", "schedule", rfc).exit_code == 0
    verified = cli("-C", root, "rfc", "verify", rfc, "--result", "pass", "--evidence", "lab")
    assert verified.exit_code == 0
    return rfc


def test_kill_during_implement_keeps_the_users_ci_edit(governed: Path, as_user, cli) -> None:
    rfc = scheduled_and_tested(cli, governed, as_user)
    item = governed / "items/CI-0001.yaml"
    edited = item.read_text().replace('version: "4.1"', 'version: "4.2"') + "# my note\n"
    item.write_text(edited)
    rfc_path = governed / f"changes/{rfc}.yaml"
    rfc_before = rfc_path.read_bytes()
    before = state(governed)

    kill_in_hook(governed, "pre-commit", "rfc", "implement", rfc)
    assert journal(governed).exists()

    # Any later mutating command settles it first: the user's edit survives.
    result = cli(
        "-C",
        governed,
        "req",
        "new",
        "--title",
        "t",
        "--statement",
        "The IVR shall x",
        "--kind",
        "functional",
        "--priority",
        "must",
        "--area",
        "ivr",
    )
    assert "undid its own writes to changes/" in result.stdout + result.stderr
    assert "items/CI-0001.yaml are untouched" in result.stdout + result.stderr
    assert item.read_text() == edited
    assert rfc_path.read_bytes() == rfc_before
    assert not journal(governed).exists()
    assert not (governed / ".git/index.lock").exists()
    # The index is as it was: the CI edit is not left staged by the killed run.
    index_line = git(governed, "ls-files", "--stage", "items/CI-0001.yaml")
    assert index_line in before[1]
    # ... and implementing again commits the very edit.
    again = cli("-C", governed, "rfc", "implement", rfc)
    assert again.exit_code == 0, again.stderr
    assert git(governed, "show", "HEAD:items/CI-0001.yaml") == edited


def test_kill_after_the_commit_landed_is_recognised(governed: Path, cli) -> None:
    head = git(governed, "rev-parse", "HEAD").strip()
    kill_in_hook(
        governed,
        "post-commit",
        "rfc",
        "new",
        "--title",
        "x",
        "--type",
        "normal",
        "--category",
        "other",
        "--risk",
        "low",
        "--impact",
        "low",
        "--description",
        "d",
        "--justification",
        "j",
    )
    assert journal(governed).exists()
    landed = git(governed, "rev-parse", "HEAD").strip()
    assert landed != head and git(governed, "rev-parse", "HEAD^").strip() == head
    committed = git(governed, "show", "HEAD:changes/RFC-0001.yaml")

    result = cli("-C", governed, "rfc", "submit", "RFC-0001")
    output = result.stdout + result.stderr
    assert "after its commit" in output and landed[:12] in output and "nothing was lost" in output
    assert "delete" not in output
    assert result.exit_code == 1  # the RFC has no plans: the step itself is refused
    assert not journal(governed).exists()
    assert (governed / "changes/RFC-0001.yaml").read_text() == committed
    assert git(governed, "rev-parse", "HEAD").strip() == landed


def test_a_journal_never_blocks_the_next_command(governed: Path, cli) -> None:
    """The old behaviour: every later command refused until the user deleted files."""
    rfc = new_rfc(cli, governed)
    kill_in_hook(governed, "pre-commit", "rfc", "submit", rfc)
    before_text = git(governed, "show", f"HEAD:changes/{rfc}.yaml")
    result = cli("-C", governed, "rfc", "submit", rfc)
    assert result.exit_code == 0, result.stderr
    assert "interrupted" in result.stdout
    assert "status: submitted" in (governed / f"changes/{rfc}.yaml").read_text()
    assert git(governed, "show", f"HEAD~1:changes/{rfc}.yaml") == before_text


def test_leftover_temporary_files_are_removed(governed: Path, cli) -> None:
    rfc = new_rfc(cli, governed)
    kill_in_hook(governed, "pre-commit", "rfc", "submit", rfc)
    # What a kill between creating and renaming the temporary file leaves.
    leftover = governed / f"changes/.{rfc}.yaml.k3x9q2ab.tmp"
    leftover.write_text("half a record")
    unrelated = governed / "changes/.notes.tmp"
    unrelated.write_text("not ccgov's")
    result = cli("-C", governed, "rfc", "cancel", rfc)
    assert result.exit_code == 0, result.stderr
    assert not leftover.exists()
    assert unrelated.exists()
    assert f".{rfc}.yaml.k3x9q2ab.tmp" in result.stdout


@pytest.fixture
def read_only() -> Callable[[Path], None]:
    """Make a folder unwritable, even for root (chattr +i), and undo it after."""
    locked: list[Path] = []

    def lock(path: Path) -> None:
        if os.geteuid() == 0:
            done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
            if done.returncode != 0:
                pytest.skip(f"cannot make {path} read-only here: {done.stderr.decode().strip()}")
        else:
            path.chmod(0o555)
        locked.append(path)

    yield lock
    for path in locked:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], check=False)
        path.chmod(0o755)


def test_read_only_folder_is_a_clear_error_and_leaves_nothing(
    governed: Path, cli, read_only
) -> None:
    rfc = new_rfc(cli, governed)
    before = state(governed)
    text = (governed / f"changes/{rfc}.yaml").read_bytes()
    read_only(governed / "changes")
    result = cli("-C", governed, "rfc", "submit", rfc)
    assert result.exit_code == 1
    assert f"could not write changes/{rfc}.yaml" in result.stderr
    assert "internal error" not in result.stderr
    assert state(governed) == before
    assert (governed / f"changes/{rfc}.yaml").read_bytes() == text
    assert not journal(governed).exists()


def test_a_held_lock_makes_the_second_writer_wait_then_give_up(governed: Path) -> None:
    """Deterministic: the test holds the lock; without it the step would commit."""
    from ccgov.workflow.journal import repository_lock

    rfc = "RFC-0001"
    subprocess.run(
        [
            *CCGOV,
            "-C",
            str(governed),
            "rfc",
            "new",
            "--title",
            "x",
            "--type",
            "normal",
            "--category",
            "other",
            "--risk",
            "low",
            "--impact",
            "low",
            "--description",
            "d",
            "--justification",
            "j",
        ],
        check=True,
        capture_output=True,
    )
    head = git(governed, "rev-parse", "HEAD")
    with repository_lock(governed):
        started = time.monotonic()
        refused = subprocess.run(
            [*CCGOV, "-C", str(governed), "rfc", "cancel", rfc],
            capture_output=True,
            text=True,
            env={**os.environ, "CCGOV_LOCK_TIMEOUT": "0.5"},
            check=False,
        )
        waited = time.monotonic() - started
    assert refused.returncode == 1, refused.stdout
    assert "another ccgov command is changing this repository" in refused.stderr
    assert waited >= 0.5
    assert git(governed, "rev-parse", "HEAD") == head
    assert "status: draft" in (governed / f"changes/{rfc}.yaml").read_text()


def test_writers_queued_behind_the_lock_both_land(governed: Path, as_user) -> None:
    """Two approvals started while a third party holds the lock: released,
    both commit one after the other, and neither update is lost."""
    from ccgov.workflow.journal import repository_lock

    subprocess.run(
        [
            *CCGOV,
            "-C",
            str(governed),
            "rfc",
            "new",
            "--title",
            "x",
            "--type",
            "normal",
            "--category",
            "other",
            "--risk",
            "high",
            "--impact",
            "low",
            "--description",
            "d",
            "--justification",
            "j",
            "--implementation-plan",
            "i",
            "--test-plan",
            "t",
            "--backout-plan",
            "b",
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [*CCGOV, "-C", str(governed), "rfc", "submit", "RFC-0001"], check=True, capture_output=True
    )
    env = {**os.environ, "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "user.email"}
    with repository_lock(governed):
        runs = [
            subprocess.Popen(
                [*CCGOV, "-C", str(governed), "rfc", "approve", "RFC-0001"],
                env={**env, "GIT_CONFIG_VALUE_0": f"{who}@example.com"},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for who in ("bob", "dave")
        ]
        time.sleep(1.0)  # both have loaded nothing yet: they wait for the lock
        assert all(run.poll() is None for run in runs)
    outputs = [run.communicate(timeout=60) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    text = (governed / "changes/RFC-0001.yaml").read_text()
    assert "by: bob" in text and "by: dave" in text and "status: approved" in text
    assert git(governed, "rev-list", "--count", "HEAD").strip() == "5"


def test_snapshot_racing_a_commit_describes_the_commit_it_lands_on(governed: Path, cli) -> None:
    """A snapshot that starts while another command commits must wait for it:
    reading HEAD before the lock left a permanent false "tag was moved" alarm."""
    rfc = new_rfc(cli, governed)
    hook = governed / ".git/hooks/pre-commit"
    started, release = governed.parent / "hook-started", governed.parent / "release"
    hook.write_text(f"#!/bin/sh\ntouch {started}\nwhile [ ! -e {release} ]; do sleep 0.05; done\n")
    hook.chmod(0o755)
    submit = subprocess.Popen(
        [*CCGOV, "-C", str(governed), "rfc", "submit", rfc],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not started.exists():
        assert time.monotonic() < deadline
        time.sleep(0.02)
    hook.unlink()  # the snapshot's own commit runs no hook
    snapshot = subprocess.Popen(
        [*CCGOV, "-C", str(governed), "baseline", "snapshot", "race"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.0)
    assert snapshot.poll() is None, snapshot.communicate()  # waiting for the lock
    release.touch()
    submitted = submit.communicate(timeout=60)
    assert submit.returncode == 0, submitted
    _, err = snapshot.communicate(timeout=60)
    assert snapshot.returncode == 0, err
    assert cli("-C", governed, "baseline", "verify").exit_code == 0
    manifest = (governed / "baselines/race.yaml").read_text()
    assert git(governed, "rev-parse", "HEAD^").strip() in manifest
    assert git(governed, "log", "-1", "--format=%s", "HEAD^").strip() == f"rfc({rfc}): submit"


@pytest.mark.parametrize(
    "name", ["../evil", "q1/final", "Q1", "x y", "a" * 65, ".hidden", "/tmp/x"]
)
def test_bad_baseline_names_are_refused_before_anything_is_written(
    governed: Path, cli, name: str
) -> None:
    before = state(governed)
    result = cli("-C", governed, "baseline", "snapshot", name)
    assert result.exit_code == 2, result.stdout
    assert "is not a baseline name" in result.stderr
    assert state(governed) == before
    assert not (governed.parent / "evil.yaml").exists()
    assert not (governed / "evil.yaml").exists()
    assert git(governed, "tag", "--list") == ""
