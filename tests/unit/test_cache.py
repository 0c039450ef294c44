"""The validation cache never changes a verdict: after edits, deletions,
branch switches and checkouts of old commits, cached and uncached validation
report exactly the same findings."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccgov.store.cache import ValidationCache
from ccgov.validation.validate import validate
from helpers import EXAMPLE, git


def same_verdict(root: Path) -> list:
    cached = validate(root).findings
    uncached = validate(root, use_cache=False).findings
    assert cached == uncached
    return cached


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__"))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "example")
    return root


def age(root: Path, seconds: float = 10) -> None:
    """Make every file older than the cache, so the stat fast path is used."""
    past = time.time() - seconds
    for path in root.rglob("*"):
        if ".git" not in path.parts and path.is_file():
            os.utime(path, (past, past))


def test_warm_run_reuses_findings_and_cold_run_rebuilds(repo: Path) -> None:
    age(repo)
    first = same_verdict(repo)
    assert first == []
    cache = ValidationCache(repo)
    assert cache.path is not None and cache.path.is_file()
    assert cache.index.key is not None and len(cache.index.files) > 100
    shards = [cache.shard_path(n) for n in cache.index.shard_stamps]
    assert shards and all(path is not None and path.is_file() for path in shards)
    assert ".git" in cache.path.parts and git(repo, "status", "--porcelain") == ""


def test_corrupt_or_foreign_cache_is_ignored(repo: Path) -> None:
    same_verdict(repo)
    cache = ValidationCache(repo)
    assert cache.index_path is not None
    cache.index_path.write_bytes(b"not a pickle")
    assert same_verdict(repo) == []
    assert ValidationCache(repo).index.files  # rebuilt
    for shard in ValidationCache(repo).index.shard_stamps:
        path = cache.shard_path(shard)
        assert path is not None
        path.write_bytes(b"\x80\x05garbage")
    item = repo / "items/CI-0001.yaml"
    item.write_text(item.read_text() + "# touched\n")
    assert same_verdict(repo) == []  # records unreadable: everything is parsed again


def test_same_size_edit_within_the_racy_window_is_seen(repo: Path) -> None:
    same_verdict(repo)
    item = repo / "items/CI-0001.yaml"
    text = item.read_text()
    stat = item.stat()
    item.write_text(text.replace("id: CI-0001", "id: CI-0009"))
    os.utime(item, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime
    findings = same_verdict(repo)
    assert any(f.file == "items/CI-0001.yaml" and f.code == "ID001" for f in findings)


def test_branch_switch_and_old_commit(repo: Path) -> None:
    age(repo)
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


EDITS = st.lists(
    st.tuples(
        st.sampled_from(
            ["unquote", "typo_key", "delete", "swap", "break_ref", "restore", "artifact"]
        ),
        st.integers(min_value=0, max_value=10_000),
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=EDITS)
def test_random_edits_never_change_the_verdict(
    tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[str, int]]
) -> None:
    root = tmp_path_factory.mktemp("prop") / "repo"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__"))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "example")
    age(root)
    same_verdict(root)
    records = sorted(
        p
        for d in ("items", "changes", "incidents", "requirements")
        for p in (root / d).glob("*.yaml")
    )
    for action, index in edits:
        path = records[index % len(records)]
        if action == "restore":
            git(root, "checkout", "-q", "--", ".")
        elif not path.exists():
            continue
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
        elif action == "artifact":
            artifacts = sorted((root / "artifacts").rglob("*.*"))
            if artifacts:
                artifacts[index % len(artifacts)].unlink(missing_ok=True)
        same_verdict(root)


def test_unchanged_files_are_not_read_again(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ccgov.store import repo as repo_module

    same_verdict(repo)
    time.sleep(2.1)  # past the racy window: the next cache write vouches for every file
    same_verdict(repo)
    reads: list[str] = []
    original = repo_module.read_inside

    def counting(root: Path, relative: str, **options: bool):  # type: ignore[no-untyped-def]
        reads.append(relative)
        return original(root, relative, **options)

    monkeypatch.setattr(repo_module, "read_inside", counting)
    assert validate(repo).findings == []
    assert reads == []
    item = repo / "items/CI-0001.yaml"
    item.write_text(item.read_text().replace("id: CI-0001", "id: CI-0009"))
    findings = validate(repo).findings
    # The edited file is parsed; others are read only to locate their findings.
    assert reads[0] == "items/CI-0001.yaml"
    assert set(reads[1:]) <= {f.file for f in findings}
    assert any(f.code == "ID001" for f in findings)
