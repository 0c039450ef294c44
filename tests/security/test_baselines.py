"""Class 10: baselines survive neither a rewrite of the history under them nor
their own removal without a finding."""

from __future__ import annotations

import json

from insider import Insider

from helpers import git


def test_rewritten_history_under_a_baseline_is_caught(insider: Insider) -> None:
    insider.write({"notes.txt": "one\n"})
    insider.commit("notes", as_="carol")
    insider.as_("carol").ccgov("baseline", "snapshot", "q1")
    assert insider.ccgov("baseline", "verify").exit_code == 0
    # Rewrite: drop the commits under the baseline, then put the manifest back on top.
    manifest = insider.read("baselines/q1.yaml")
    git(insider.root, "reset", "-q", "--hard", "HEAD~2")
    insider.write({"notes.txt": "rewritten\n", "baselines/q1.yaml": manifest})
    insider.commit("rewritten history", as_="carol")
    result = insider.ccgov("baseline", "verify", "--format", "json", ok=False)
    assert result.exit_code == 1
    problems = json.loads(result.stdout)[0]["problems"]
    assert any("no longer in the history of HEAD" in p for p in problems)


def test_a_deleted_baseline_is_caught_everywhere(insider: Insider) -> None:
    carol = insider.as_("carol")
    carol.ccgov("baseline", "snapshot", "first")
    carol.ccgov("baseline", "snapshot", "second")
    git(insider.root, "rm", "-q", "baselines/first.yaml")
    removed = insider.commit("drop an old baseline", as_="carol")
    git(insider.root, "tag", "-d", "baseline/first")
    assert ("AUD010", removed) in {(f["code"], f["commit"]) for f in insider.audit()}
    validate = insider.ccgov("validate", ok=False)
    assert "previous baseline 'first' does not exist" in validate.stdout
    verify = insider.ccgov("baseline", "verify", "--format", "json", ok=False)
    assert verify.exit_code == 1
    assert any(
        "baseline in the chain was removed" in p
        for r in json.loads(verify.stdout)
        for p in r["problems"]
    )


def test_a_removed_manifest_with_its_tag_left_is_named(insider: Insider) -> None:
    insider.as_("carol").ccgov("baseline", "snapshot", "only")
    git(insider.root, "rm", "-q", "baselines/only.yaml")
    insider.commit("drop", as_="carol")
    verify = insider.ccgov("baseline", "verify", "--format", "json", ok=False)
    assert verify.exit_code == 1
    assert "manifest baselines/only.yaml is gone" in json.loads(verify.stdout)[0]["problems"][0]


def test_an_edited_manifest_is_caught_by_audit(insider: Insider) -> None:
    insider.as_("carol").ccgov("baseline", "snapshot", "q1")
    insider.edit("baselines/q1.yaml", "version: '12.1'", "version: '12.2'")
    sha = insider.commit("fix manifest", as_="carol")
    assert ("AUD010", sha) in {(f["code"], f["commit"]) for f in insider.audit()}
