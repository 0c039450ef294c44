"""Audit verdicts are kept per commit: the cached audit must say exactly what a
from-scratch audit says, whatever the history does next."""

from __future__ import annotations

import random

from insider import Insider

from helpers import git


def test_cached_and_fresh_audits_agree_through_a_changing_history(insider: Insider) -> None:
    rng = random.Random(7)
    root = insider.root
    for step in range(12):
        move = rng.choice(["edit-ci", "notes", "rfc", "branch", "config"])
        if move == "edit-ci":
            insider.bump(rng.choice(["CI-0001", "CI-0002", "CI-0003"]), f"9.{step}")
            insider.commit(f"edit {step}", as_=rng.choice(["carol", "mallory"]))
        elif move == "notes":
            insider.write({"notes.txt": f"{step}\n"})
            insider.commit(f"notes {step}", as_="alice")
        elif move == "rfc":
            insider.new_rfc("--affects", "CI-0001")
        elif move == "config":
            insider.edit("ccgov.yaml", "organisation: ", f"# step {step}\norganisation: ")
            insider.commit(f"comment {step}", as_="bob")
        else:
            git(root, "switch", "-q", "-c", f"b{step}")
            insider.bump("CI-0003", f"7.{step}")
            insider.commit(f"side {step}", as_="carol")
            git(root, "switch", "-q", "main")
            git(root, "merge", "-q", "--no-ff", "-m", f"merge {step}", f"b{step}")
        cached = insider.ccgov("audit", "--format", "json", ok=False)
        fresh = insider.ccgov("audit", "--format", "json", "--no-cache", ok=False)
        assert cached.stdout == fresh.stdout, step
        assert cached.exit_code == fresh.exit_code
    assert (root / ".git/ccgov/history.sqlite").is_file()
