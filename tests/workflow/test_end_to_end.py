"""A normal RFC from new to close as three git identities, then audit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from helpers import git

# Around the real now, so an RFC booked for its whole window is implemented
# inside its slot (ccgov's clock is the real one unless a test pins it).
_STARTED = datetime.now(UTC).replace(microsecond=0)
WINDOW = [
    "--window-start",
    (_STARTED - timedelta(hours=1)).isoformat(),
    "--window-end",
    (_STARTED + timedelta(days=1)).isoformat(),
]
PLANS = [
    "--implementation-plan",
    "Load script v4.2 on the ACD",
    "--test-plan",
    "Test calls to 5 queues",
    "--backout-plan",
    "Reload v4.1",
]


def new_rfc(cli, root: Path, *extra: str) -> str:
    result = cli(
        "-C",
        root,
        "rfc",
        "new",
        "--title",
        "Route claims overflow to Dallas",
        "--type",
        "normal",
        "--category",
        "routing_change",
        "--affects",
        "CI-0001",
        "--risk",
        "low",
        "--impact",
        "medium",
        "--description",
        "Overflow claims calls",
        "--justification",
        "Abandon rate over target",
        *PLANS,
        *WINDOW,
        *extra,
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout.split("(")[1].split(")")[0]


def test_normal_rfc_from_new_to_close_then_audit_clean(governed: Path, as_user, cli) -> None:
    rfc = new_rfc(cli, governed)
    assert rfc == "RFC-0001"
    assert cli("-C", governed, "rfc", "submit", rfc).exit_code == 0

    as_user("bob")
    approved = cli("-C", governed, "rfc", "approve", rfc, "--comment", "fine")
    assert approved.exit_code == 0, approved.stderr
    assert "approved" in approved.stdout

    as_user("carol")
    assert cli("-C", governed, "rfc", "schedule", rfc).exit_code == 0
    assert (
        cli(
            "-C",
            governed,
            "rfc",
            "verify",
            rfc,
            "--result",
            "pass",
            "--evidence",
            "lab test: 20 calls routed",
        ).exit_code
        == 0
    )
    item = governed / "items/CI-0001.yaml"
    item.write_text(item.read_text().replace('version: "4.1"', 'version: "4.2"'))
    implemented = cli("-C", governed, "rfc", "implement", rfc)
    assert implemented.exit_code == 0, implemented.stderr
    changed = git(governed, "show", "--name-only", "--format=%B", "HEAD")
    assert "items/CI-0001.yaml" in changed and "changes/RFC-0001.yaml" in changed
    assert "Ccgov-Action: implement" in changed and "Ccgov-Record: RFC-0001" in changed

    assert (
        cli(
            "-C",
            governed,
            "rfc",
            "verify",
            rfc,
            "--result",
            "pass",
            "--evidence",
            "production calls fine",
        ).exit_code
        == 0
    )
    as_user("alice")
    assert cli("-C", governed, "rfc", "close", rfc).exit_code == 0

    subjects = git(governed, "log", "--format=%s").splitlines()
    assert subjects[:8] == [
        f"rfc({rfc}): {a}"
        for a in ("close", "verify", "implement", "verify", "schedule", "approve", "submit", "new")
    ]
    assert git(governed, "status", "--porcelain") == ""
    assert cli("-C", governed, "validate").exit_code == 0
    # The author's comment in the CI record survived.
    assert item.read_text().startswith("# The main routing script")

    audit = cli("-C", governed, "audit")
    assert audit.exit_code == 0, audit.stdout + audit.stderr

    # A forged approval: the requester edits the YAML and commits it herself.
    forged_rfc = new_rfc(cli, governed)
    assert cli("-C", governed, "rfc", "submit", forged_rfc).exit_code == 0
    path = governed / f"changes/{forged_rfc}.yaml"
    from ccgov.records.change import ChangeRequest, content_hash
    from ccgov.store.loader import load_record

    loaded, _ = load_record(f"changes/{forged_rfc}.yaml", path.read_bytes(), ChangeRequest)
    assert loaded is not None
    digest = content_hash(loaded.record)
    text = path.read_text().replace(
        "\nstatus: submitted",
        "\nstatus: approved\napprovals:\n  - by: bob\n    role: cab\n    decision: approve\n"
        f"    at: '2030-01-01T10:00:00Z'\n    content_hash: {digest}",
    )
    text += "  - status: approved\n    at: '2030-01-01T10:00:00Z'\n    by: bob\n"
    path.write_text(text)
    assert cli("-C", governed, "validate").exit_code == 0, cli("-C", governed, "validate").stdout
    git(governed, "commit", "-qam", "approve")
    forged = git(governed, "rev-parse", "HEAD").strip()
    audit = cli("-C", governed, "audit")
    assert audit.exit_code == 1
    assert forged[:12] in audit.stdout
    assert "bob" in audit.stdout
