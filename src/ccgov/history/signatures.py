"""Signatures that bind people, not just keys.

When the policy in force before a commit requires signed commits, the
commit must carry a good signature made with a key that ccgov.yaml (as of
its parent) lists for the very person the commit acts as. git verifies: SSH
signatures against an allowed-signers file ccgov builds from those people
(principal = handle), GPG signatures against the keyring, matched by
fingerprint. A forger who signs with their own registered key is caught:
the signer is not the person the commit claims to be.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from ccgov.history.replay import Replay, actor_of
from ccgov.records.config import RepoConfig
from ccgov.records.kinds import CONFIG_FILE
from ccgov.store import git

if TYPE_CHECKING:
    from ccgov.history.audit import AuditFinding

GPG_PREFIX = "gpg:"


def allowed_signers(config: RepoConfig) -> str:
    """git's SSH allowed-signers file for the people of ``config``."""
    lines = []
    for person in config.people:
        for key in person.signing_keys:
            if not key.startswith(GPG_PREFIX) and person.active:
                lines.append(f'{person.handle} namespaces="git" {key.strip()}')
    return "\n".join(lines) + "\n"


def _fingerprint(text: str) -> str:
    return "".join(text.split()).upper()


def check_signatures(replay: Replay, commits: list[git.CommitInfo]) -> list[AuditFinding]:
    """AUD004 for every commit the policy in force required a binding signature on."""
    from ccgov.history.audit import AuditFinding

    groups: dict[str, list[git.CommitInfo]] = defaultdict(list)
    configs: dict[str, RepoConfig] = {}
    for info in commits:
        parent = info.parents[0] if info.parents else None
        config = replay.config_at(parent)
        if parent is None or config is None or not config.policy.require_signed_commits:
            continue
        oid = replay.oid_at(parent, CONFIG_FILE) or ""
        groups[oid].append(info)
        configs[oid] = config
    found: list[AuditFinding] = []
    for oid, infos in groups.items():
        config = configs[oid]
        with tempfile.TemporaryDirectory(prefix="ccgov-signers-") as directory:
            signers = Path(directory) / "allowed_signers"
            signers.write_text(allowed_signers(config), encoding="utf-8")
            verdicts = git.signatures(replay.root, [i.sha for i in infos], signers)
        for info in infos:
            actor = actor_of(info, config)
            letter, signer, fingerprint = verdicts.get(info.sha, ("N", "", ""))
            problem = _problem(letter, signer, fingerprint, actor.person, config)
            if problem is not None:
                found.append(AuditFinding("AUD004", info.sha, actor.label, "", problem))
    return found


def _problem(
    letter: str, signer: str, fingerprint: str, person: object, config: RepoConfig
) -> str | None:
    from ccgov.records.config import Person

    if letter == "N":
        return "commit is not signed, and the policy in force requires signatures"
    if letter in ("B", "R", "X", "Y"):
        return f"the signature is bad, revoked or expired (git: {letter})"
    if not isinstance(person, Person):
        return "the commit's author is not a person in ccgov.yaml, so no key of theirs can vouch"
    gpg_keys = {
        _fingerprint(key.removeprefix(GPG_PREFIX))
        for key in person.signing_keys
        if key.startswith(GPG_PREFIX)
    }
    if letter == "G" and signer == person.handle:
        return None
    if letter in ("G", "U") and fingerprint and _fingerprint(fingerprint) in gpg_keys:
        return None
    if letter == "G" and signer and config.person(signer) is not None:
        return f"signed with {signer}'s key, but the commit acts as {person.handle}"
    return (
        f"signed with a key ({fingerprint or 'unknown'}) that ccgov.yaml does not list for "
        f"{person.handle}"
    )
