"""The records of the small governed repository the workflow tests share
(a module of its own: `from conftest import` would find whichever conftest
came first on the path)."""

CONFIG = """\
organisation: Test Contact Center
timezone: America/Chicago
people:
  - {handle: alice, name: Alice Liaison, email: alice@example.com, organisation: contact_center, roles: [liaison]}
  - {handle: bob, name: Bob Board, email: bob@example.com, organisation: it, roles: [cab]}
  - {handle: carol, name: Carol Telecom, email: carol@example.com, organisation: it, roles: [telecom]}
  - {handle: dave, name: Dave Board, email: dave@example.com, organisation: it, roles: [cab, telecom]}
roles:
  cab: {name: Change advisory board}
  liaison: {name: Liaison}
  telecom: {name: Telecom}
blackouts:
  - name: Open enrolment peak
    start: 2030-11-01T00:00:00-05:00
    end: 2030-11-15T00:00:00-06:00
policy:
  approvals:
    - type: normal
      risk: [high, critical]
      require: [{role: cab, count: 2}]
    - type: normal
      require: [{role: cab, count: 1}]
    - type: emergency
      require: [{role: cab, count: 1}]
      retrospective: [{role: cab, count: 1}]
  conflicts: warn
catalog:
  - {id: user-add, title: Add a contact-center user, category: user_add, max_risk: low}
"""

ITEM = """\
# The main routing script: keep the version in step with the ACD.
id: {id}
name: {name}
kind: routing_script
version: "{version}"
owner: carol
"""
