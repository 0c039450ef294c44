"""Baselines on a real repository: snapshot, diff with attribution, show --at,
verify (tamper evidence) and drift."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_end_to_end import new_rfc

from helpers import git


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch):
    """Pin git's author and committer dates, so moments between commits are well defined."""

    def set_date(moment: str) -> None:
        monkeypatch.setenv("GIT_AUTHOR_DATE", moment)
        monkeypatch.setenv("GIT_COMMITTER_DATE", moment)

    return set_date


def implement_bump(cli, root: Path, as_user, item: str, old: str, new: str) -> str:
    rfc = new_rfc(cli, root, "--affects", item) if item != "CI-0001" else new_rfc(cli, root)
    assert cli("-C", root, "rfc", "submit", rfc).exit_code == 0
    as_user("bob")
    assert cli("-C", root, "rfc", "approve", rfc).exit_code == 0
    as_user("carol")
    assert cli("-C", root, "rfc", "schedule", rfc).exit_code == 0
    assert (
        cli("-C", root, "rfc", "verify", rfc, "--result", "pass", "--evidence", "ok").exit_code == 0
    )
    path = root / f"items/{item}.yaml"
    path.write_text(path.read_text().replace(f'"{old}"', f'"{new}"'))
    result = cli("-C", root, "rfc", "implement", rfc)
    assert result.exit_code == 0, result.stderr
    as_user("alice")
    return rfc


def test_snapshot_diff_attribution_and_show_at(governed: Path, as_user, cli, at) -> None:
    at("2030-01-01T10:00:00Z")
    first = cli("-C", governed, "baseline", "snapshot", "b1")
    assert first.exit_code == 0, first.stderr
    assert git(governed, "tag", "--list", "baseline/*").split() == ["baseline/b1"]
    at("2030-01-02T10:00:00Z")
    rfc = implement_bump(cli, governed, as_user, "CI-0001", "4.1", "4.2")
    at("2030-01-03T10:00:00Z")
    assert cli("-C", governed, "baseline", "snapshot", "b2").exit_code == 0
    manifest = (governed / "baselines/b2.yaml").read_text()
    assert f"- {rfc}" in manifest and "previous: b1" in manifest

    diff = cli("-C", governed, "baseline", "diff", "b1", "b2", "--format", "json")
    assert diff.exit_code == 0, diff.stdout + diff.stderr
    data = json.loads(diff.stdout)
    [change] = data["changes"]
    assert change["id"] == "CI-0001" and change["change"] == "changed"
    assert change["fields"] == [{"field": "version", "old": "4.1", "new": "4.2"}]
    assert change["rfcs"] == [rfc] and data["unauthorised"] == []

    at("2030-01-04T10:00:00Z")
    item = governed / "items/CI-0002.yaml"
    item.write_text(item.read_text().replace('"2.0"', '"2.0.1"'))
    git(governed, "commit", "-qam", "hotfix without RFC")
    unauthorised = cli("-C", governed, "baseline", "diff", "b2", "HEAD", "--format", "json")
    assert unauthorised.exit_code == 1
    assert json.loads(unauthorised.stdout)["unauthorised"] == ["CI-0002"]
    markdown = cli("-C", governed, "baseline", "diff", "b2", "HEAD", "--format", "md")
    assert "| CI-0002 | changed |" in markdown.stdout and "hotfix without RFC" in markdown.stdout

    between = cli(
        "-C", governed, "baseline", "show", "--at", "2030-01-01T12:00:00Z", "--format", "json"
    )
    assert between.exit_code == 0, between.stderr
    versions = {row["id"]: row["version"] for row in json.loads(between.stdout)["items"]}
    assert versions == {"CI-0001": "4.1", "CI-0002": "2.0"}

    assert cli("-C", governed, "baseline", "verify").exit_code == 0
    listed = json.loads(cli("-C", governed, "baseline", "list", "--format", "json").stdout)
    assert [b["name"] for b in listed] == ["b1", "b2"]


def test_snapshot_refusals_and_default_names(governed: Path, cli) -> None:
    (governed / "scratch.txt").write_text("wip\n")
    dirty = cli("-C", governed, "baseline", "snapshot")
    assert dirty.exit_code == 1 and "uncommitted changes" in dirty.stderr
    (governed / "scratch.txt").unlink()
    first = cli("-C", governed, "baseline", "snapshot")
    second = cli("-C", governed, "baseline", "snapshot")
    assert first.exit_code == 0 and second.exit_code == 0
    names = sorted(p.stem for p in (governed / "baselines").glob("*.yaml"))
    assert len(names) == 2 and names[1] == names[0] + "-2"
    again = cli("-C", governed, "baseline", "snapshot", names[0])
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_snapshot_refuses_invalid_repo(governed: Path, cli) -> None:
    item = governed / "items/CI-0002.yaml"
    item.write_text(item.read_text() + "artifact: artifacts/missing.json\n")
    git(governed, "commit", "-qam", "point at a missing artifact")
    result = cli("-C", governed, "baseline", "snapshot")
    assert result.exit_code == 1 and "does not validate" in result.stderr
    assert not list((governed / "baselines").glob("*.yaml"))


def test_verify_detects_tampering(governed: Path, cli) -> None:
    assert cli("-C", governed, "baseline", "snapshot", "b1").exit_code == 0
    manifest = governed / "baselines/b1.yaml"
    text = manifest.read_text()
    assert "version: '4.1'" in text
    manifest.write_text(text.replace("version: '4.1'", "version: '4.0'"))
    git(governed, "commit", "-qam", "tidy manifest")
    result = cli("-C", governed, "baseline", "verify", "b1")
    assert result.exit_code == 1
    assert "edited after the snapshot" in result.stdout
    assert "manifest says version 4.0" in result.stdout

    git(governed, "tag", "-d", "baseline/b1")
    missing = cli("-C", governed, "baseline", "verify", "b1")
    assert missing.exit_code == 1 and "tag baseline/b1 is missing" in missing.stdout
    git(governed, "tag", "baseline/b1", "HEAD")
    moved = cli("-C", governed, "baseline", "verify", "b1")
    assert moved.exit_code == 1 and "moved" in moved.stdout


def test_unknown_baseline_and_date_before_repo(governed: Path, cli) -> None:
    unknown = cli("-C", governed, "baseline", "show", "nope")
    assert unknown.exit_code == 1 and "there is no baseline 'nope'" in unknown.stderr
    early = cli("-C", governed, "baseline", "show", "--at", "1999-01-01")
    assert early.exit_code == 1 and "before the repository's first commit" in early.stderr
    bad = cli("-C", governed, "baseline", "diff", "not-a-thing", "HEAD")
    assert bad.exit_code == 1 and "is not a baseline, a date or a git revision" in bad.stderr


def test_renamed_ci_between_baselines(governed: Path, cli) -> None:
    assert cli("-C", governed, "baseline", "snapshot", "b1").exit_code == 0
    git(governed, "mv", "items/CI-0002.yaml", "items/CI-0003.yaml")
    path = governed / "items/CI-0003.yaml"
    path.write_text(path.read_text().replace("id: CI-0002", "id: CI-0003"))
    git(governed, "commit", "-qam", "renumber")
    result = json.loads(
        cli("-C", governed, "baseline", "diff", "b1", "HEAD", "--format", "json").stdout
    )
    [change] = result["changes"]
    assert change["change"] == "renamed" and change["renamed_from"] == "CI-0002"
    assert change["id"] == "CI-0003" and result["unauthorised"] == ["CI-0003"]


def test_artifact_change_is_a_ci_change(governed: Path, cli) -> None:
    (governed / "artifacts").mkdir()
    (governed / "artifacts/flow.json").write_text('{"nodes": 3}\n')
    item = governed / "items/CI-0002.yaml"
    item.write_text(item.read_text() + "artifact: artifacts/flow.json\n")
    git(governed, "add", "-A")
    git(governed, "commit", "-qm", "export call flow")
    assert cli("-C", governed, "baseline", "snapshot", "b1").exit_code == 0
    (governed / "artifacts/flow.json").write_text('{"nodes": 4}\n')
    git(governed, "commit", "-qam", "edit flow directly")
    result = json.loads(
        cli("-C", governed, "baseline", "diff", "b1", "HEAD", "--format", "json").stdout
    )
    [change] = result["changes"]
    assert change["fields"][0]["field"] == "artifact sha256"
    assert result["unauthorised"] == ["CI-0002"]


def test_drift_against_observed_inventory(governed: Path, cli, tmp_path: Path) -> None:
    inventory = tmp_path / "observed.csv"
    inventory.write_text(
        "id,name,version\nCI-0001,,4.1\n,Claims routing script,2.1\n,Mystery IVR,1.0\n"
    )
    result = cli("-C", governed, "baseline", "drift", "--observed", inventory, "--format", "json")
    assert result.exit_code == 1
    found = {(d["drift"], d["id"] or d["name"]) for d in json.loads(result.stdout)}
    assert found == {("version", "CI-0002"), ("undocumented", "Mystery IVR")}
    inventory.write_text("id,version\nCI-0001,4.1\nCI-0002,2.0\n")
    assert cli("-C", governed, "baseline", "drift", "--observed", inventory).exit_code == 0
    inventory.write_text("id,version\nCI-0001,4.1\n")
    missing = json.loads(
        cli("-C", governed, "baseline", "drift", "--observed", inventory, "--format", "json").stdout
    )
    assert missing == [
        {
            "drift": "missing",
            "id": "CI-0002",
            "name": "Claims routing script",
            "documented": "2.0",
            "observed": None,
            "row": None,
        }
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "id,version,colour\nCI-0001,4.1,red\n",
            "row 1, column C (colour): unknown column 'colour'",
        ),
        ("id,version\nCI-0001,4.1\nCI-0001,4.1\n", "row 3: duplicate of row 2"),
        ("id,version\nCI-0001,\n", "row 2: needs id or name, and version"),
    ],
)
def test_drift_rejects_bad_inventory(
    governed: Path, cli, tmp_path: Path, content: str, message: str
) -> None:
    inventory = tmp_path / "observed.csv"
    inventory.write_text(content)
    result = cli("-C", governed, "baseline", "drift", "--observed", inventory)
    assert result.exit_code == 1
    assert message in result.stderr


def test_show_at_a_date_named_like_a_baseline_reads_history(governed: Path, cli) -> None:
    assert cli("-C", governed, "baseline", "snapshot").exit_code == 0
    [name] = [p.stem for p in (governed / "baselines").glob("*.yaml")]
    shown = cli("-C", governed, "baseline", "show", "--at", name)
    assert shown.exit_code == 0, shown.stderr
    # The heading goes to standard error; piped, standard output holds the rows alone.
    assert shown.stderr.startswith("as of ") and " 23:59:59-" in shown.stderr.splitlines()[0]
    assert shown.stdout.splitlines()[0] == "id\tkind\tversion\tname"


def test_diff_text_shows_changes_without_rfc(governed: Path, cli) -> None:
    assert cli("-C", governed, "baseline", "snapshot", "b1").exit_code == 0
    item = governed / "items/CI-0002.yaml"
    item.write_text(item.read_text().replace('"2.0"', '"2.1"'))
    git(governed, "commit", "-qam", "hand edit")
    result = cli("-C", governed, "baseline", "diff", "b1", "HEAD")
    assert result.exit_code == 1
    assert "[no RFC]" in result.stdout and "unauthorised" in result.stdout
