"""Class 2: the governance configuration is itself under change control, and
each commit is judged by the people and policy in force before it."""

from __future__ import annotations

import pytest
from insider import Insider


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("require: [{role: cab, count: 2}]", "require: [{role: cab, count: 1}]"),  # lower the bar
        ("  conflicts: warn\n", "  conflicts: warn\n  separation_of_duties: false\n"),
        ("roles: [liaison]}", "roles: [liaison, cab]}"),  # grant yourself the CAB role
        ("email: bob@example.com", "email: bob@evil.example"),  # re-point an identity
        (
            "email: alice@example.com, organisation: contact_center, roles: [liaison]}",
            "email: alice@example.com, organisation: contact_center, roles: [liaison], active: false}",
        ),
    ],
    ids=["policy", "separation-of-duties", "roles", "email", "deactivate"],
)
def test_a_plain_commit_to_the_governance_config_is_caught(
    insider: Insider, old: str, new: str
) -> None:
    insider.edit("ccgov.yaml", old, new)
    sha = insider.commit("tidy config", as_="mallory")
    findings = insider.audit()
    assert [(f["code"], f["commit"], f["file"]) for f in findings] == [
        ("AUD005", sha, "ccgov.yaml")
    ]


def test_comments_and_layout_of_the_config_may_change_freely(insider: Insider) -> None:
    insider.edit("ccgov.yaml", "organisation: Security", "# Who we are.\norganisation:   Security")
    insider.commit("comment the config", as_="carol")
    assert insider.audit() == []


def test_integrity_codes_cannot_be_ignored(insider: Insider) -> None:
    insider.write(
        {
            "ccgov.yaml": insider.read("ccgov.yaml")
            + "validation:\n  ignore:\n    - {code: RFC001, reason: CAB is slow}\n"
        }
    )
    result = insider.ccgov("validate", ok=False)
    assert result.exit_code == 1
    assert "RFC001 guards the integrity" in result.stdout


def test_swapping_an_email_for_one_commit_does_not_hijack_an_identity(insider: Insider) -> None:
    """Mallory points bob's email at herself, approves as bob, and swaps it back."""
    rfc = insider.new_rfc("--affects", "CI-0001")
    insider.as_("alice").ccgov("rfc", "submit", rfc)
    insider.edit("ccgov.yaml", "email: bob@example.com", "email: mallory@example.com")
    insider.edit(
        "ccgov.yaml",
        "email: mallory@example.com, organisation: it, roles: [telecom]",
        "email: mallory@old.example, organisation: it, roles: [telecom]",
    )
    swap = insider.commit("update contact details", as_="mallory")
    insider.as_("mallory")  # git email mallory@example.com is now "bob" in the work tree
    insider.ccgov("rfc", "approve", rfc)
    approval = insider.head()
    insider.edit("ccgov.yaml", "email: mallory@example.com", "email: bob@example.com")
    insider.edit("ccgov.yaml", "email: mallory@old.example", "email: mallory@example.com")
    back = insider.commit("restore contact details", as_="mallory")
    findings = {(f["code"], f["commit"]) for f in insider.audit()}
    assert ("AUD005", swap) in findings and ("AUD005", back) in findings
    del approval  # judged with the swapped people (its parent): the swaps are what is caught


def test_an_identity_mapping_uses_the_people_before_the_commit(insider: Insider) -> None:
    """A commit that adds a person and acts as them in the same commit acts as nobody."""
    rfc = insider.new_rfc("--affects", "CI-0001")
    insider.as_("alice").ccgov("rfc", "submit", rfc)
    insider.edit(
        "ccgov.yaml",
        "roles:\n  cab:",
        "  - {handle: eve, name: Eve, email: eve@example.com, organisation: it, roles: [cab]}\n"
        "roles:\n  cab:",
    )
    text = insider.read(f"changes/{rfc}.yaml")
    import re

    from ccgov.records.change import ChangeRequest, content_hash
    from ccgov.store.loader import load_record

    model = load_record(f"changes/{rfc}.yaml", text.encode(), ChangeRequest)[0]
    assert model is not None
    insider.write(
        {
            f"changes/{rfc}.yaml": re.sub(r"approvals: \[\]\n", "", text)
            + (
                "approvals:\n  - by: eve\n    role: cab\n    decision: approve\n"
                "    at: 2026-01-01T00:00:00Z\n"
                f"    content_hash: {content_hash(model.record)}\n"
            )
        }
    )
    sha = insider.commit("eve joins and approves", as_="eve")
    findings = {(f["code"], f["commit"]) for f in insider.audit()}
    assert ("AUD005", sha) in findings
    assert ("AUD001", sha) in findings  # eve was nobody before this commit


def test_documenting_existing_cis_then_adopting_audits_clean(insider: Insider) -> None:
    insider.write(
        {
            "items/CI-0009.yaml": "id: CI-0009\nname: IVR\nkind: ivr_menu\n"
            'version: "7"\nowner: carol\n'
        }
    )
    documented = insider.commit("document the IVR as found", as_="carol")
    assert ("AUD002", documented) in {(f["code"], f["commit"]) for f in insider.audit()}
    insider.as_("alice").ccgov("adopt")
    assert "change_control:\n  since: " + documented in insider.read("ccgov.yaml")
    assert insider.audit() == []
    # Once set, moving it is refused (and by hand it is a governance change).
    refused = insider.ccgov("adopt", ok=False)
    assert refused.exit_code == 1 and "already starts after" in refused.stderr


def test_a_late_boundary_cannot_hide_unauthorised_changes(insider: Insider) -> None:
    rfc = insider.scheduled_rfc()
    insider.bump("CI-0001", "4.2")
    insider.as_("carol").ccgov("rfc", "implement", rfc)
    insider.bump("CI-0002", "13.0")
    smuggled = insider.commit("quiet upgrade", as_="mallory")
    refused = insider.as_("mallory").ccgov("adopt", ok=False)
    assert refused.exit_code == 1 and "change control has started" in refused.stderr
    insider.write(
        {"ccgov.yaml": insider.read("ccgov.yaml") + f"change_control:\n  since: {smuggled}\n"}
    )
    boundary = insider.commit("adopt", as_="mallory")
    findings = {(f["code"], f["commit"]) for f in insider.audit()}
    assert ("AUD005", boundary) in findings
