"""`ccgov adopt`: record where change control starts in a repository whose
existing configuration items were documented in ordinary commits.

The boundary is the commit before the adopt commit; it and everything
before it document the system as found and are not audited. It can be set
this way only while no RFC has been implemented: once change control has
started, moving the boundary is a governance change like any other.
"""

from __future__ import annotations

from pathlib import Path

from ccgov.errors import RefusedError
from ccgov.history.replay import Replay
from ccgov.records.kinds import CONFIG_FILE
from ccgov.store import git
from ccgov.store.repo import Repository
from ccgov.store.yamlio import dump_for_edit, load_for_edit
from ccgov.workflow.transaction import Applied, Mutation, apply


def adopt(root: Path, *, commit: bool = True) -> Applied[None]:
    """Set ``change_control.since`` to HEAD and commit it."""
    head = git.resolve(root, "HEAD")
    if head is None:
        raise RefusedError("the repository has no commits yet", hint="commit your records first")

    def build(repository: Repository) -> Mutation:
        config = repository.config
        if config is None:
            raise RefusedError("ccgov.yaml is missing or invalid", hint="run ccgov validate")
        if config.change_control is not None:
            raise RefusedError(
                f"change control already starts after {config.change_control.since[:12]}",
                hint="moving the start is a governance change: raise a governance_change RFC",
            )
        current = git.resolve(root, "HEAD")
        if current != head:
            raise RefusedError("HEAD moved while adopting", hint="run the command again")
        committed = git.file_at(root, "HEAD", CONFIG_FILE)
        text = (root / CONFIG_FILE).read_bytes()
        if committed != text:
            raise RefusedError(
                f"{CONFIG_FILE} has uncommitted edits, which would be committed with the adoption",
                hint=f"commit or undo them first (git diff {CONFIG_FILE})",
            )
        with Replay(root) as replay:
            if replay.implemented_at(head):
                raise RefusedError(
                    "an RFC has already been implemented here: change control has started",
                    hint="moving the start is a governance change: raise a governance_change RFC",
                )
        document = load_for_edit(text.decode("utf-8"))
        document["change_control"] = {"since": head}
        return Mutation(
            "ccgov",
            "change-control",
            "adopt",
            {CONFIG_FILE: dump_for_edit(document).encode("utf-8")},
            notes=[
                f"change control starts after {head[:12]}: that commit and the ones before it "
                "document the system as found and are not audited"
            ],
        )

    return apply(root, build, commit=commit)
