"""Class 7: with signed commits required, a signature counts only when the key
belongs to the person the commit acts as (real keys from ssh-keygen)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from insider import CONFIG, ITEMS, Insider

from helpers import git

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")


def keypair(directory: Path, name: str) -> tuple[Path, str]:
    key = directory / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True
    )
    return key, key.with_suffix(".pub").read_text().strip()


@pytest.fixture
def signed(make_repo, cli, monkeypatch, tmp_path: Path) -> tuple[Insider, dict[str, Path]]:
    keys: dict[str, Path] = {}
    config = CONFIG.replace(
        "  conflicts: warn\n", "  conflicts: warn\n  require_signed_commits: true\n"
    )
    for handle in ("alice", "bob", "carol", "mallory"):
        private, public = keypair(tmp_path, handle)
        keys[handle] = private
        config = config.replace(
            f"email: {handle}@example.com,",
            f"email: {handle}@example.com, signing_keys: ['{public}'],",
        )
    root = make_repo({"ccgov.yaml": config, **ITEMS, "changes/.gitkeep": ""})
    git(root, "config", "gpg.format", "ssh")
    git(root, "config", "commit.gpgsign", "true")
    git(root, "config", "tag.gpgsign", "true")
    return Insider(root, cli, monkeypatch), keys


def sign_as(
    insider: Insider, keys: dict[str, Path], handle: str, key_of: str | None = None
) -> None:
    insider.as_(handle)
    git(insider.root, "config", "user.signingkey", str(keys[key_of or handle]))


def test_every_step_signed_by_its_own_person_audits_clean(signed) -> None:
    insider, keys = signed
    sign_as(insider, keys, "alice")
    rfc = insider.new_rfc("--affects", "CI-0001")
    insider.ccgov("rfc", "submit", rfc)
    sign_as(insider, keys, "bob")
    insider.ccgov("rfc", "approve", rfc)
    assert insider.audit() == []


def test_a_forgery_signed_with_the_forgers_own_registered_key_is_caught(signed) -> None:
    insider, keys = signed
    sign_as(insider, keys, "alice")
    rfc = insider.new_rfc("--affects", "CI-0001")
    insider.ccgov("rfc", "submit", rfc)
    # Mallory approves "as bob": bob's email, mallory's (registered) key.
    sign_as(insider, keys, "bob", key_of="mallory")
    insider.ccgov("rfc", "approve", rfc)
    forged = insider.head()
    findings = [f for f in insider.audit() if f["commit"] == forged]
    assert [f["code"] for f in findings] == ["AUD004"]
    assert "mallory's key" in findings[0]["message"] and "acts as bob" in findings[0]["message"]


def test_an_unsigned_commit_and_an_unknown_key_are_caught(signed, tmp_path: Path) -> None:
    insider, keys = signed
    sign_as(insider, keys, "alice")
    insider.new_rfc("--affects", "CI-0001")
    unsigned_env = {
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "commit.gpgsign",
        "GIT_CONFIG_VALUE_0": "false",
    }
    insider.write({"notes.txt": "x\n"})
    git(insider.root, "add", "-A")
    git(insider.root, "commit", "-q", "-m", "unsigned", env=unsigned_env)
    unsigned = insider.head()
    stranger, _ = keypair(tmp_path, "stranger")
    git(insider.root, "config", "user.signingkey", str(stranger))
    insider.write({"notes.txt": "y\n"})
    insider.commit("signed by a stranger's key")
    unknown = insider.head()
    by_commit = {f["commit"]: f["message"] for f in insider.audit()}
    assert "not signed" in by_commit[unsigned]
    assert "does not list for alice" in by_commit[unknown]


def test_baseline_tags_are_signed_when_signatures_are_required(signed) -> None:
    insider, keys = signed
    sign_as(insider, keys, "carol")
    insider.ccgov("baseline", "snapshot", "signed")
    body = git(insider.root, "cat-file", "tag", "refs/tags/baseline/signed")
    assert "-----BEGIN SSH SIGNATURE-----" in body
    assert insider.ccgov("baseline", "verify").exit_code == 0
