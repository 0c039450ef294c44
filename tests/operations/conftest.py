"""A small governed repository for the operations commands: people with
roles (one inactive), an office calendar, the update and root-cause
policies, an SLA with an escalation path, two CIs and a draft RFC."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import git

CONFIG = """\
organisation: Ops Test Center
timezone: America/Chicago
people:
  - {handle: alice, name: Alice Liaison, email: alice@example.com, organisation: contact_center, roles: [liaison]}
  - {handle: bob, name: Bob Board, email: bob@example.com, organisation: it, roles: [cab]}
  - {handle: carol, name: Carol Noc, email: carol@example.com, organisation: it, roles: [noc, telecom]}
  - {handle: dave, name: Dave Noc, email: dave@example.com, organisation: it, roles: [noc], active: false}
roles:
  cab: {name: Change advisory board}
  liaison: {name: Liaison}
  noc: {name: Network operations}
  telecom: {name: Telecom}
calendars:
  office:
    timezone: America/Chicago
    hours:
      mon: ["08:00-17:00"]
      tue: ["08:00-17:00"]
      wed: ["08:00-17:00"]
      thu: ["08:00-17:00"]
      fri: ["08:00-17:00"]
    holidays: {country: US}
policy:
  approvals:
    - type: normal
      require: [{role: cab, count: 1}]
  communications:
    - {severities: [1, 2], every: 30m, audience: [center]}
  rca:
    - {severities: [1, 2], within: 5d}
"""

SLA = """\
id: SLA-0001
title: Contact-center technology support
version: "1.0"
provider: IT
customer: Contact center
owner: bob
effective:
  from: 2026-01-01
calendar: office
severities:
  1:
    response: {within: 15m, clock: 24x7}
    resolution: {within: 4h, clock: 24x7}
    escalation:
      - {after: 30m, notify: [noc, bob], action: Open the bridge}
      - {after: 2h, notify: [cab]}
  2:
    response: {within: 30m, clock: 24x7}
    resolution: {within: 8h, clock: 24x7}
  3:
    response: {within: 4h}
    resolution: {within: 3d}
"""

ITEM = """\
id: {id}
name: {name}
kind: software
version: "1.0"
owner: carol
"""

RFC = """\
id: RFC-0001
title: Licence inventory
description: Track every licence file with an expiry alarm.
type: normal
category: config_change
requested_by: carol
justification: Licence expiries took the ACD down.
affects: [CI-0001]
risk: low
impact: low
"""


def set_identity(root: Path, handle: str) -> None:
    git(root, "config", "user.name", handle.capitalize())
    git(root, "config", "user.email", f"{handle}@example.com")


@pytest.fixture
def ops(make_repo: Callable[..., Path]) -> Path:
    root = make_repo(
        {
            "ccgov.yaml": CONFIG,
            "slas/SLA-0001.yaml": SLA,
            "items/CI-0001.yaml": ITEM.format(id="CI-0001", name="ACD platform"),
            "items/CI-0002.yaml": ITEM.format(id="CI-0002", name="IVR platform"),
            "changes/RFC-0001.yaml": RFC,
        }
    )
    set_identity(root, "carol")
    return root


@pytest.fixture
def as_user(ops: Path) -> Callable[[str], None]:
    return lambda handle: set_identity(ops, handle)
