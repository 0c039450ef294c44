"""The record index never changes a verdict: after edits (valid and invalid),
additions, deletions, renames, staged and untracked files, branch switches,
checkouts of old commits and ccgov.yaml changes, the incremental verdict is
exactly what validating from scratch says."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccgov.findings import Finding
from ccgov.store import files as files_module
from ccgov.store.files import git_dir
from ccgov.store.index import RecordIndex, index_path
from ccgov.store.repo import load_repository
from ccgov.validation.validate import check_repository, validate
from helpers import EXAMPLE, git


def same_verdict(root: Path) -> list[Finding]:
    """The indexed verdict, checked against a run without the index and
    against loading everything from scratch."""
    cached = validate(root).findings
    uncached = validate(root, use_cache=False).findings
    scratch = check_repository(load_repository(root))
    assert cached == uncached == scratch
    return cached


def copy_example(root: Path) -> Path:
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__"))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "example")
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "repo")


def the_index(root: Path) -> Path:
    path = index_path(git_dir(root), root)
    assert path is not None
    return path


def age(root: Path, seconds: float = 10) -> None:
    """Make every file older than the index, so that stat keys are trusted."""
    past = time.time() - seconds
    for path in root.rglob("*"):
        if ".git" not in path.parts and path.is_file():
            os.utime(path, (past, past))


def test_warm_run_answers_from_the_index(repo: Path) -> None:
    assert same_verdict(repo) == []
    path = the_index(repo)
    assert path.is_file() and ".git" in path.parts
    assert git(repo, "status", "--porcelain") == ""
    index = RecordIndex(path)
    assert index.count_files() > 100 and index.meta("probe")["mode"] == "git"
    index.close()


def test_corrupt_or_foreign_index_is_ignored_and_rebuilt(repo: Path) -> None:
    same_verdict(repo)
    path = the_index(repo)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"not a database" * 100)
    assert same_verdict(repo) == []
    assert RecordIndex(path).count_files() > 100  # rebuilt
    # A database written by another ccgov: its rows are not trusted.
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '\"another ccgov\"' WHERE name = 'format'")
    db.execute('UPDATE files SET findings = \'[["x", 1, 1, "ID001", "error", "stale"]]\'')
    db.commit()
    db.close()
    assert same_verdict(repo) == []


def test_edits_adds_deletes_and_renames_are_seen(repo: Path) -> None:
    item = repo / "items/CI-0001.yaml"
    same_verdict(repo)
    item.write_text(item.read_text().replace("id: CI-0001", "id: CI-0009"))
    assert any(f.code == "ID001" for f in same_verdict(repo))
    git(repo, "checkout", "-q", "--", ".")
    (repo / "items/CI-0001.yaml").rename(repo / "items/CI-0999.yaml")
    assert any(f.code == "ID001" for f in same_verdict(repo))
    (repo / "items/CI-0999.yaml").unlink()
    assert any(f.code == "REF003" for f in same_verdict(repo))
    git(repo, "checkout", "-q", "--", ".")
    assert same_verdict(repo) == []


def test_same_size_edit_within_the_racy_window_is_seen(repo: Path) -> None:
    (repo / "items/CI-0900.yaml").write_text((repo / "items/CI-0001.yaml").read_text())
    same_verdict(repo)
    for relative in ("items/CI-0001.yaml", "items/CI-0900.yaml"):  # tracked and untracked
        item = repo / relative
        stat = item.stat()
        item.write_text(item.read_text().replace("id: CI-0001", "id: CI-0008"))
        os.utime(item, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime
        findings = same_verdict(repo)
        assert any(f.file == relative and f.code == "ID001" for f in findings)


def test_a_settled_untracked_file_edited_later_is_seen(repo: Path) -> None:
    extra = repo / "items/CI-0900.yaml"
    extra.write_text((repo / "items/CI-0002.yaml").read_text().replace("CI-0002", "CI-0900"))
    age(repo)
    same_verdict(repo)
    same_verdict(repo)  # now its stat key vouches for it
    extra.write_text(extra.read_text().replace("id: CI-0900", "id: CI-0901"))
    assert any(f.file == "items/CI-0900.yaml" for f in same_verdict(repo))


def test_branch_switch_and_old_commit(repo: Path) -> None:
    same_verdict(repo)
    git(repo, "checkout", "-q", "-b", "broken")
    (repo / "items/CI-0002.yaml").write_text("id: CI-0002\nname: x\n")
    git(repo, "commit", "-qam", "break CI-0002")
    broken = same_verdict(repo)
    assert any(f.file == "items/CI-0002.yaml" and f.code == "SCH001" for f in broken)
    git(repo, "checkout", "-q", "main" if "main" in git(repo, "branch") else "master")
    assert same_verdict(repo) == []
    git(repo, "checkout", "-q", "broken")
    assert same_verdict(repo) == broken
    git(repo, "checkout", "-q", "HEAD~1")
    assert same_verdict(repo) == []


def test_staged_and_unstaged_edits(repo: Path) -> None:
    item = repo / "items/CI-0003.yaml"
    same_verdict(repo)
    item.write_text(item.read_text() + "titel: oops\n")
    git(repo, "add", "items/CI-0003.yaml")
    assert any(f.code == "SCH002" for f in same_verdict(repo))
    git(repo, "checkout", "-q", "HEAD", "--", "items/CI-0003.yaml")  # index and work tree back
    assert same_verdict(repo) == []


def test_a_commit_rewritten_away_falls_back_to_reading_everything(repo: Path) -> None:
    item = repo / "items/CI-0004.yaml"
    item.write_text(item.read_text() + "# one\n")
    git(repo, "commit", "-qam", "one")
    same_verdict(repo)
    item.write_text(item.read_text().replace("# one\n", "titel: x\n"))
    git(repo, "commit", "-q", "--amend", "-am", "one, amended")
    git(repo, "reflog", "expire", "--expire=now", "--all")
    git(repo, "gc", "-q", "--prune=now")
    assert any(f.code == "SCH002" for f in same_verdict(repo))
    # Rewritten away again, with a CI gone: the index must forget it.
    git(repo, "rm", "-q", "items/CI-0001.yaml")
    git(repo, "commit", "-q", "--amend", "-m", "one, amended twice")
    git(repo, "reflog", "expire", "--expire=now", "--all")
    git(repo, "gc", "-q", "--prune=now")
    assert any("CI-0001" in f.message for f in same_verdict(repo))


def test_outside_git_and_through_a_linked_folder(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(EXAMPLE, plain)
    assert same_verdict(plain) == []  # no .git: an index in memory
    repo = copy_example(tmp_path / "repo")
    shutil.move(repo / "slas", tmp_path / "slas-elsewhere")
    (repo / "slas").symlink_to(tmp_path / "slas-elsewhere")
    found = same_verdict(repo)  # git cannot vouch for a linked folder: stat mode
    assert found and all(f.code in ("YAML008", "REF003") for f in found)
    (repo / "items/CI-0001.yaml").unlink()  # a record gone, seen without git
    assert any("CI-0001" in f.message for f in same_verdict(repo))


def test_unchanged_files_are_not_read_again(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ccgov.store import probe, sync

    same_verdict(repo)
    time.sleep(2.1)  # past the racy window: git (and each file's stat) vouch for them now
    same_verdict(repo)
    reads: list[str] = []
    original = files_module.read_inside

    def counting(root: Path, relative: str, **options: bool):  # type: ignore[no-untyped-def]
        reads.append(relative)
        return original(root, relative, **options)

    for module in (probe, sync):
        monkeypatch.setattr(module, "read_inside", counting)
    from ccgov.rules import engine

    monkeypatch.setattr(engine, "read_inside", counting)
    assert validate(repo).findings == []
    assert reads == []
    item = repo / "items/CI-0001.yaml"
    item.write_text(item.read_text().replace("id: CI-0001", "id: CI-0009"))
    findings = validate(repo).findings
    # The edited file is read; others only to locate their findings.
    assert reads[0] == "items/CI-0001.yaml"
    assert set(reads[1:]) <= {f.file for f in findings}
    assert any(f.code == "ID001" for f in findings)


# --- random histories -------------------------------------------------------------

MOVES = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "unquote",
                "typo_key",
                "delete",
                "swap",
                "break_ref",
                "restore",
                "artifact",
                "rename",
                "add",
                "untracked_add",
                "stage",
                "commit",
                "branch",
                "config",
                "cycle",
                "duplicate",
            ]
        ),
        st.integers(min_value=0, max_value=10_000),
    ),
    min_size=1,
    max_size=8,
)


def _move(root: Path, records: list[Path], action: str, index: int) -> None:
    path = records[index % len(records)]
    relative = path.relative_to(root).as_posix()
    if action == "restore":
        git(root, "checkout", "-q", "--", ".")
    elif action == "stage":
        git(root, "add", "-A")
    elif action == "commit":
        git(root, "add", "-A")
        git(root, "commit", "-qm", f"move {index}", "--allow-empty")
    elif action == "branch":
        git(root, "stash", "-q", "--include-untracked")
        branch = f"b{index % 3}"
        exists = branch in git(root, "branch", "--list", branch)
        git(root, "checkout", "-q", *(() if exists else ("-b",)), branch)
    elif action == "config":
        config = root / "ccgov.yaml"
        text = config.read_text()
        config.write_text(
            text.replace("roles:", "roles:\n  extra_role: {}", 1) if index % 2 else text + "\n# c\n"
        )
    elif action == "artifact":
        artifacts = sorted((root / "artifacts").rglob("*.*"))
        if artifacts:
            artifacts[index % len(artifacts)].unlink(missing_ok=True)
    elif not path.exists():
        return
    elif action == "unquote":
        path.write_text(path.read_text().replace('"', "", 2))
    elif action == "typo_key":
        path.write_text(path.read_text() + "titel: oops\n")
    elif action == "delete":
        path.unlink()
    elif action == "swap":
        other = records[(index + 1) % len(records)]
        if other.exists():
            path.write_bytes(other.read_bytes())
    elif action == "break_ref":
        path.write_text(path.read_text().replace("CI-000", "CI-900", 1))
    elif action == "rename":
        path.rename(path.with_name(f"{path.stem}-{index % 7}.yaml"))
    elif action in ("add", "untracked_add"):
        copy = path.with_name(f"{path.stem.rsplit('-', 1)[0]}-{8000 + index % 50}.yaml")
        copy.write_text(path.read_text().replace(path.stem, copy.stem))
        if action == "add":
            git(root, "add", copy.relative_to(root).as_posix())
    elif action == "cycle" and relative.startswith("items/"):
        text = path.read_text()
        path.write_text(
            text + "\n# depends\n" if "depends_on" in text else text + "depends_on: [CI-0001]\n"
        )
        (root / "items/CI-0001.yaml").write_text(
            (root / "items/CI-0001.yaml")
            .read_text()
            .replace("depends_on: [", f"depends_on: [{path.stem}, ", 1)
        )
    elif action == "duplicate":
        other = records[(index + 3) % len(records)]
        if other.exists() and other != path:
            other.write_text(path.read_text())


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(moves=MOVES)
def test_random_histories_never_change_the_verdict(
    tmp_path_factory: pytest.TempPathFactory, moves: list[tuple[str, int]]
) -> None:
    root = copy_example(tmp_path_factory.mktemp("prop") / "repo")
    same_verdict(root)
    records = sorted(
        p
        for d in ("items", "changes", "incidents", "requirements", "slas", "raci")
        for p in (root / d).glob("*.yaml")
    )
    for action, index in moves:
        _move(root, records, action, index)
        same_verdict(root)
