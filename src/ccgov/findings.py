"""Findings: what validation reports, and the catalogue of finding codes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One problem at one place. ``file`` is POSIX, relative to the repo root;
    ``line`` and ``column`` are 1-based (0 means "the whole file")."""

    file: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        # Stable key order for scripts: code first, message last.
        return {k: data[k] for k in ("code", "severity", "file", "line", "column", "message")}

    @classmethod
    def of(cls, file: str, line: int, column: int, code: str, message: str) -> Finding:
        """A finding whose severity comes from :data:`CODES`, the one place it is set."""
        return cls(file, line, column, code, CODES[code].severity, message)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Finding:
        return cls(
            **{k: data[k] for k in ("file", "line", "column", "code", "severity", "message")}
        )


@dataclass(frozen=True, slots=True)
class CodeInfo:
    code: str
    severity: Severity
    title: str
    explanation: str
    # Whether ccgov.yaml validation.ignore may silence it. Codes that guard the
    # integrity of records, approvals and history never can.
    suppressible: bool = False


# The codes a repository may choose not to hear about (with a reason).
_SUPPRESSIBLE = frozenset(
    {
        "FILE001",
        "FILE003",
        "TXT001",
        "REF003",
        "REF004",
        "REF005",
        "REF007",
        "REF008",
        "RACI001",
        "RACI002",
        "RACI003",
        "CYC001",
        "CYC002",
        "INC001",
        "INC002",
        "INC003",
        "INC004",
        "SLA001",
        "SLA002",
        "LNK001",
        "PLAN001",
        "PLAN002",
        "PLAN003",
        "RISK003",
        "RISK004",
        "VEN001",
        "VEN002",
        "MTG001",
        "MTG002",
        "RTN001",
        "INC006",
        "INC007",
        "COM001",
        "RCA001",
        "RCA002",
        "RCA003",
        "PRB002",
        "KB001",
        "RACI004",
    }
)


def _codes(*entries: tuple[str, Severity, str, str]) -> dict[str, CodeInfo]:
    return {
        code: CodeInfo(code, sev, title, text, code in _SUPPRESSIBLE)
        for code, sev, title, text in entries
    }


# The single table of finding codes. docs/finding-codes.md is generated from it
# (and a test keeps the two in step), so add a code here and nowhere else.
CODES: dict[str, CodeInfo] = _codes(
    (
        "YAML001",
        "error",
        "YAML syntax error",
        "The file is not well-formed YAML 1.2. A tab used for indentation is the usual cause: "
        "indent with spaces.",
    ),
    (
        "YAML002",
        "error",
        "Duplicate key",
        "A mapping names the same key twice; YAML keeps only one, so the other would be lost "
        "silently. Remove or rename one of them.",
    ),
    (
        "YAML003",
        "error",
        "Anchor, alias or tag not allowed",
        "Governance records are plain data: anchors, aliases (the basis of 'billion laughs' "
        "attacks) and explicit tags such as !!python/object are rejected. Write the value out.",
    ),
    (
        "YAML004",
        "error",
        "File too large or too deep",
        "The file is larger than the configured limit (1 MiB by default) or nested too deeply. "
        "Records are small; split the content or point at an artifact file instead.",
    ),
    (
        "YAML005",
        "error",
        "Not UTF-8",
        "The file contains bytes that are not valid UTF-8. Save it as UTF-8.",
    ),
    (
        "YAML006",
        "error",
        "Empty document",
        "The file holds no YAML document. Delete it or fill it in.",
    ),
    (
        "YAML007",
        "error",
        "Not a mapping",
        "A record file must hold one mapping (key: value pairs) at the top level.",
    ),
    (
        "YAML008",
        "error",
        "Unreadable file",
        "The path is a directory, a broken link, a link leading outside the repository, or a "
        "file that cannot be read.",
    ),
    ("SCH001", "error", "Missing key", "A required key is missing from the record."),
    (
        "SCH002",
        "error",
        "Unknown key",
        "The key is not part of this record kind (a typo, or a key from another kind).",
    ),
    (
        "SCH003",
        "error",
        "Invalid value",
        "The value has the wrong type or is not one of the allowed values.",
    ),
    (
        "SCH004",
        "error",
        "Number where text is expected",
        "Versions and similar fields are text: unquoted 1.10 is the number 1.1. Quote it.",
    ),
    (
        "SCH005",
        "error",
        "Timestamp without time zone",
        "Every timestamp must say its time zone (Z or an offset such as +01:00); a naive "
        "timestamp is ambiguous and is never guessed.",
    ),
    (
        "SCH006",
        "error",
        "YAML 1.1 boolean word",
        "yes/no/on/off are text in YAML 1.2, not booleans. Write true or false.",
    ),
    (
        "TXT001",
        "warning",
        "Control or bidirectional character in text",
        "A key or value holds a character that terminals and viewers obey rather than show: a "
        "C0 or C1 control character (escape, carriage return, bell, ...), usually written as a "
        'YAML escape such as `"\\e[2J"` or `"\\x1b"`, or a bidirectional override or isolate '
        "(U+202A-U+202E, U+2066-U+2069) that makes text display in another order than it reads. "
        "ccgov shows such characters escaped (`\\x1b`, `\\u202e`) when it prints them, but "
        "other tools may not: remove them. The finding points at the value (or key) holding one.",
    ),
    (
        "FILE001",
        "warning",
        "Unexpected file",
        "A file in a record directory that is not a record (wrong extension or name pattern); "
        "ccgov ignores it.",
    ),
    (
        "FILE002",
        "error",
        "Missing configuration",
        "ccgov.yaml is missing or invalid, so cross-record rules cannot run.",
    ),
    (
        "FILE003",
        "warning",
        "Records in a folder ccgov does not read",
        "YAML files sit in a folder whose name is close to a record folder's (`requirement/`, "
        "`itmes/`): ccgov reads records only from the folders listed in the record reference, so "
        "these are skipped. Move them to the folder named in the message.",
    ),
    (
        "ID001",
        "error",
        "Id does not match file name",
        "A record's id must equal its file name without .yaml, so the id is found by path.",
    ),
    (
        "ID002",
        "error",
        "Duplicate id",
        "Two records share an id (often two branches allocating the same number). Renumber one.",
    ),
    (
        "ID003",
        "error",
        "Wrong id prefix",
        "The id's prefix does not match the prefix ccgov.yaml declares for this record kind.",
    ),
    (
        "ID004",
        "error",
        "Duplicate person",
        "Two people in ccgov.yaml share a handle or an email, so references and git identities "
        "would be ambiguous.",
    ),
    (
        "REF001",
        "error",
        "Unknown person",
        "A person handle that is not in ccgov.yaml's people list.",
    ),
    ("REF002", "error", "Unknown role", "A role that is not declared in ccgov.yaml's roles."),
    (
        "REF003",
        "error",
        "Dangling record reference",
        "A reference to a requirement, configuration item, RFC, SLA, incident, routine, meeting, "
        "vendor, problem or knowledge article that does not exist.",
    ),
    (
        "REF004",
        "error",
        "Unknown calendar",
        "An SLA (or a policy.communications rule) names a calendar that ccgov.yaml does not "
        "define.",
    ),
    (
        "REF005",
        "error",
        "Artifact missing",
        "A configuration item's artifact path does not exist, is not a file, or leads outside the "
        "repository.",
    ),
    (
        "REF006",
        "error",
        "Unknown catalog entry",
        "A standard change names a service-catalog entry that ccgov.yaml does not define.",
    ),
    (
        "REF008",
        "error",
        "Unknown holiday country",
        "A calendar names a country (or subdivision) the holidays library does not know; use an "
        "ISO 3166 code such as US, GB or DE, and a subdivision code such as TX.",
    ),
    (
        "REF007",
        "error",
        "Reference to the wrong kind of record",
        "A field that expects one kind of record (e.g. a configuration item) names another kind.",
    ),
    (
        "RACI001",
        "error",
        "Not exactly one Accountable",
        "Every activity needs exactly one A: one person's role answers for the outcome.",
    ),
    (
        "RACI002",
        "error",
        "No Responsible",
        "Every activity needs at least one R: somebody does the work.",
    ),
    (
        "RACI003",
        "error",
        "Bad RACI letters",
        "An assignment must be made of the letters R, A, C, I, each at most once.",
    ),
    (
        "RACI004",
        "warning",
        "Role nobody holds",
        "A role is Accountable or Responsible for an activity, but no active person in ccgov.yaml "
        "holds it: the work has nobody to do it or answer for it. Give the role to someone "
        "(a governance change), or change the matrix.",
    ),
    (
        "CYC001",
        "error",
        "Requirement parent cycle",
        "Requirements' parents form a cycle; a requirement cannot descend from itself.",
    ),
    (
        "CYC002",
        "error",
        "Configuration item dependency cycle",
        "Configuration items' depends_on form a cycle.",
    ),
    (
        "RFC001",
        "error",
        "Approvals missing",
        "An RFC past approval lacks the approvals its type and risk need under the approval policy "
        "(for a standard change: its catalog pre-approval, recorded by `rfc submit`).",
    ),
    (
        "RFC002",
        "error",
        "Self-approval",
        "The requester or implementer of an RFC approved it; separation of duties forbids that.",
    ),
    (
        "RFC003",
        "error",
        "Implemented without passing tests",
        "An RFC is implemented (or later), but the last test recorded before its implementation "
        "did not pass (or there was none): a failure after a pass blocks.",
    ),
    (
        "RFC004",
        "error",
        "Transition history out of order",
        "The RFC's transitions are not in lifecycle order, not in time order, or do not end in its "
        "current status.",
    ),
    (
        "RFC005",
        "error",
        "Stale approval",
        "The RFC's scope, affected CIs, plans, risk or window changed after it was approved (or, "
        "for a standard change, after it was submitted): the approval or pre-approval no longer "
        "covers what the RFC says. Resubmit it and have it approved again.",
    ),
    (
        "RFC006",
        "error",
        "Window ends before it starts",
        "A planned window's end is not after its start.",
    ),
    (
        "RFC007",
        "error",
        "Standard change without catalog entry",
        "A standard (pre-approved) change must name the service-catalog entry it follows, and the "
        "entry must cover its category and risk.",
    ),
    (
        "RFC008",
        "error",
        "Approver lacks the role",
        "An approval is recorded under a role the approver does not hold.",
    ),
    (
        "RFC009",
        "error",
        "Emergency change closed without retrospective review",
        "An emergency change needs a retrospective review before it can be closed.",
    ),
    (
        "RFC010",
        "error",
        "Rejected RFC proceeded",
        "A required approver rejected the RFC, yet its status moved on past approval.",
    ),
    (
        "RFC011",
        "error",
        "Approval without matching decision record",
        "An approval is duplicated (same person twice), or is dated before the RFC was submitted.",
    ),
    (
        "RFC012",
        "error",
        "CI outside the catalog entry",
        "A standard change affects or creates a configuration item its catalog entry does not "
        "cover: one not in the entry's `items`, or of a kind not in its `item_kinds`. Narrow the "
        "change, or raise it as a normal change.",
    ),
    (
        "RFC013",
        "error",
        "Booked slot not kept",
        "The booked `schedule` lies outside the approved window, or (for a change that is not an "
        "emergency) overlaps a blackout, or the RFC was implemented outside its slot without a "
        "recorded deviation.",
    ),
    (
        "RFC014",
        "error",
        "New CI not as declared",
        "A CI id in `creates` is also in `affects`, does not carry the item id prefix, is named "
        "by another RFC's `creates` too, already exists before the RFC is implemented, or does "
        "not exist (as a configuration item) after it was implemented.",
    ),
    (
        "RFC015",
        "error",
        "Retrospective review that does not count",
        "A review entry in a role the policy's `retrospective` does not list, by someone who does "
        "not hold that role, or by the RFC's requester or implementer.",
    ),
    (
        "RFC016",
        "error",
        "Decision by an inactive person",
        "An RFC relies on an approval by a person marked `active: false` in ccgov.yaml. Until "
        "the RFC is implemented, an inactive person's decisions do not count: have someone "
        "active approve it.",
    ),
    (
        "INC001",
        "error",
        "Incident timestamps out of order",
        "opened <= responded <= resolved <= closed must hold, and each reopening comes after "
        "the resolution before it, its own resolution after it, and closed after all of them.",
    ),
    (
        "INC002",
        "error",
        "Overlapping pauses",
        "Two pauses of an incident overlap, so paused time would be counted twice.",
    ),
    (
        "INC003",
        "error",
        "Pause outside the incident",
        "A pause starts before the incident opened or ends after it was resolved.",
    ),
    (
        "INC004",
        "warning",
        "No target for this severity",
        "The incident's SLA defines no target for its severity, so it cannot be measured.",
    ),
    (
        "INC005",
        "error",
        "Open pause on a resolved incident",
        "A pause has no end (the incident is still waiting), yet the incident is resolved or "
        "closed: the wait must have ended by then.",
    ),
    (
        "INC006",
        "error",
        "Update or notification out of place",
        "An update or an escalation notification is dated before the incident opened or after it "
        "was closed, or before the entry listed above it: the log is kept in time order.",
    ),
    (
        "INC007",
        "error",
        "Unknown escalation step",
        "A notification names a step that the escalation path of the incident's SLA does not have "
        "for its severity (steps count from 1, in the order the SLA lists them).",
    ),
    (
        "COM001",
        "warning",
        "Update gap",
        "policy.communications: while the incident was open, a stretch longer than the rule's "
        "`every` passed without an update to the rule's audience (counted in the rule's calendar "
        "hours, around the clock without one; pauses do not stop it). The finding points at the "
        "update, or the resolution, that ended the stretch. A gap cannot be undone: suppress the "
        "code with a reason if the center was told another way.",
    ),
    (
        "RCA001",
        "error",
        "Closed without root-cause analysis",
        "policy.rca: an incident of a severity the rule covers was closed with neither a root "
        "cause nor a problem that lists it. Record the root cause (`ccgov incident update INC "
        "--root-cause TEXT`) or raise a problem (`ccgov problem new --from INC`) before closing.",
    ),
    (
        "RCA002",
        "warning",
        "Root-cause analysis late",
        "policy.rca: the root cause (at `root_cause_at`) or the first problem listing the "
        "incident (at its `opened`) came after the analysis was due: `within` after the last "
        "resolution, on the calendar of the incident's SLA (Nd: close of business of the Nth "
        "business day).",
    ),
    (
        "RCA003",
        "warning",
        "Root-cause analysis outstanding",
        "policy.rca: a resolved incident of a severity the rule covers has neither a root cause "
        "nor a problem listing it yet; the message says when the analysis is due. Validation "
        "never reads the clock (its verdict must not change overnight), so this shows from the "
        "resolution on; `validate --strict` fails until the analysis is recorded.",
    ),
    (
        "SLA001",
        "error",
        "Business-time target without calendar",
        "A target counts business time but the SLA names no calendar.",
    ),
    (
        "SLA003",
        "error",
        "Business-time target on a calendar without hours",
        "A target counts business time on a calendar that has no working hours (no weekday "
        "hours and no exception with hours): no deadline on it can ever be reached.",
    ),
    (
        "SLA002",
        "error",
        "Effective dates inverted",
        "The SLA's effective 'to' date is before its 'from' date.",
    ),
    (
        "REQ001",
        "error",
        "Requirement approved without sign-off",
        "The requirement is approved, implemented or verified, but its sign-offs on the content "
        "as it stands do not satisfy `policy.requirements` in ccgov.yaml (for example one "
        "contact-center and one IT approver), or a current rejection stands. Sign-offs are "
        "recorded with `ccgov req approve`; setting `status: approved` by hand is not one.",
    ),
    (
        "REQ002",
        "warning",
        "Stale requirement sign-off",
        "A sign-off covers different content: the statement, acceptance criteria, title, kind, "
        "priority or verification changed after it was given. Ask for it again "
        "(`ccgov req approve`).",
    ),
    (
        "LNK001",
        "warning",
        "Suspect link",
        "The record a link points at (a parent requirement, a CI that satisfies a requirement, an "
        "RFC for a requirement, a CI depended on) changed since the link was last reviewed. "
        "Check the link still holds and record it: `ccgov req review REQ` or `ccgov link clear "
        "ID`.",
    ),
    (
        "DEM001",
        "error",
        "Demand approved without the investment decision",
        "The demand is approved, planned or delivered, but its approvals on the business case as "
        "it stands do not satisfy `policy.investments` for its cost band, or a current rejection "
        "stands. Decisions are recorded with `ccgov demand approve`.",
    ),
    (
        "DEM002",
        "warning",
        "Stale investment decision",
        "A decision covers a different business case: the problem, value, cost, band, budget "
        "owner or objective changed after it was given. Reassess and decide again.",
    ),
    (
        "DEM003",
        "error",
        "Cost outside its band",
        "The demand's cost estimate does not fall in its band's range "
        "(`policy.investments.bands`), so the wrong people would decide on it.",
    ),
    (
        "DEM004",
        "error",
        "Demand status without a recorded step",
        "The demand's status is not where its history ends, or the history moves in a way the "
        "demand lifecycle forbids (proposed, assessed, approved or declined, planned, "
        "delivered). Statuses change through `ccgov demand`.",
    ),
    (
        "PLAN001",
        "error",
        "Objective not owned by both organisations",
        "A plan objective needs owners from IT and from the contact center: plans are built "
        "together.",
    ),
    (
        "PLAN002",
        "warning",
        "Planned outside the horizon",
        "A demand or requirement is planned for a quarter outside the plan's horizon.",
    ),
    (
        "PLAN003",
        "warning",
        "Declined demand in a plan",
        "A demand under a plan objective was declined; take it out of the plan or reassess it.",
    ),
    (
        "RISK001",
        "error",
        "Risk accepted above tolerance",
        "An open risk was accepted although it scores (probability x impact) above "
        "`policy.risk_tolerance.accept_up_to`; mitigate, transfer or avoid it.",
    ),
    (
        "RISK002",
        "error",
        "Mitigation without an action",
        "A risk is to be mitigated or avoided, but the decision names no RFC or demand that "
        "carries it out.",
    ),
    (
        "RISK003",
        "warning",
        "RFC rated below the risk it touches",
        "An RFC changes a configuration item that carries an open risk, and its own risk is "
        "lower than `policy.risk_tolerance.change_risk` asks for that risk's score.",
    ),
    (
        "RISK004",
        "warning",
        "Mitigation declined",
        "A demand or RFC that carries out the mitigation of an open risk above tolerance was "
        "declined, rejected, cancelled or backed out: the risk is no longer being dealt with. "
        "Decide on it again (`ccgov risk decide`).",
    ),
    (
        "VEN001",
        "error",
        "Unknown vendor",
        "A configuration item's `vendor` names no record in vendors/. Add vendors/<id>.yaml "
        "(name, relationship owner, support contacts) or correct the name; the message suggests "
        "a vendor whose id or name is close. A repository moving from free-text vendors may "
        "suppress this code with a reason and an end date while it adds its vendor records.",
    ),
    (
        "VEN002",
        "error",
        "Escalation ladder or contract out of order",
        "A vendor's escalation levels must be numbered 1, 2, 3, ... in order, each rung reached "
        "no sooner than the one before it; a contract's renewal date falls on or before its "
        "end, and its end after its start.",
    ),
    (
        "RTN001",
        "warning",
        "Meeting outside its routine",
        "A meeting of an inactive routine, or one dated before its routine starts: the routine's "
        "rhythm (and `ccgov routine due`) would not count it. Correct the meeting's routine or "
        "date, or the routine's `starts`.",
    ),
    (
        "MTG001",
        "error",
        "Held meeting without attendees",
        "A meeting marked held records who attended (`attendees`, and `guests` for people "
        "outside ccgov.yaml): minutes without them cannot show who decided. "
        "`ccgov meeting minutes MTG-ID --attendee HANDLE` records them.",
    ),
    (
        "MTG002",
        "error",
        "Decisions or actions on a cancelled meeting",
        "A cancelled meeting took no decisions and raised no actions; record them on the "
        "meeting that was held instead.",
    ),
    (
        "ACT001",
        "error",
        "Duplicate action id",
        "Two action items in one record share an id (A1, A2, ...): `ccgov action done "
        "MTG-0003/A2` would not know which one is meant. Renumber one.",
    ),
    (
        "PRB001",
        "error",
        "Closed problem with open actions",
        "A problem is closed while one of its actions is still open: the cause is not removed "
        "until they are done. Close or drop each action first (`ccgov problem action done "
        "PRB-ID/A1`), then the problem.",
    ),
    (
        "PRB002",
        "warning",
        "Known error without an article",
        "A problem that is a known error (root cause and workaround known) and not closed has no "
        "published knowledge article of kind known_error listing it, so the service desk cannot "
        "find the workaround. Write one in knowledge/.",
    ),
    (
        "KB001",
        "warning",
        "Known-error article for a problem without a workaround",
        "A known-error article lists a problem that has no root cause or no workaround yet: the "
        "article documents what the problem does not know.",
    ),
    (
        "KPI001",
        "error",
        "Measurement period wrong or repeated",
        "An imported KPI's measurement names a period of another frequency (2026-Q1 on a monthly "
        "KPI), or the same period twice: which figure counts would be unclear.",
    ),
    (
        "AUD001",
        "error",
        "Decision recorded by someone else",
        "`ccgov audit`: an approval, review, test, deviation or history entry (or a whole RFC) was "
        "added by a commit whose author, mapped through the people in ccgov.yaml *before* the "
        "commit, is not the person named in it: a forged or proxied decision. The same holds for "
        "requirement sign-offs, demand assessments and decisions, plan reviews, risk decisions "
        "and reviews, and link reviews.",
    ),
    (
        "AUD002",
        "error",
        "Unauthorised configuration change",
        "`ccgov audit`: a configuration item's record or artifact changed in a commit that does not "
        "implement (or back out) an RFC whose approved scope covers it, read as it stood before "
        "the commit. A merge whose result holds a CI change neither side had is judged the same "
        "way. Documenting existing CIs before change control starts is not a finding once the "
        "repository records where control starts.",
    ),
    (
        "AUD003",
        "error",
        "Implemented without passing tests",
        "`ccgov audit`: an RFC moved to implemented although the latest test result recorded "
        "before the move was not a pass.",
    ),
    (
        "AUD004",
        "error",
        "Signature does not bind the person",
        "`ccgov audit`: the policy in force requires signed commits, and a commit is unsigned, "
        "badly signed, or signed with a key that ccgov.yaml does not list for the person the "
        "commit acts as.",
    ),
    (
        "AUD005",
        "error",
        "Governance configuration changed without an RFC",
        "`ccgov audit`: what ccgov.yaml says (policy, people, roles, calendars, validation, ...) "
        "changed in a commit that does not implement an approved `governance_change` RFC. Comments "
        "and layout may change freely.",
    ),
    (
        "AUD006",
        "error",
        "Decision history rewritten",
        "`ccgov audit`: approvals, reviews, tests, deviations and history are append-only and "
        "`requested_by` is fixed at creation; a commit removed or altered an entry, moved the status "
        "outside the lifecycle or without a recorded step, deleted a decided RFC, or changed an RFC "
        "while resolving a merge. Requirement sign-offs, demand decisions, plan reviews, risk "
        "decisions and reviews and link reviews are append-only in the same way.",
    ),
    (
        "AUD007",
        "error",
        "Implemented without valid approvals",
        "`ccgov audit`: an RFC became approved, or was implemented, although its approvals did not "
        "satisfy the policy in force before the commit, or its approved content (scope, CIs, plans, "
        "window) changed in the implementing commit itself; or a requirement or demand became "
        "approved without the sign-offs `policy.requirements` or `policy.investments` required.",
    ),
    (
        "AUD008",
        "error",
        "Actor not entitled",
        "`ccgov audit`: the person who recorded a decision or implemented a change was inactive, "
        "did not hold the role, reviewed or approved their own change, or was not the assigned "
        "implementer.",
    ),
    (
        "AUD009",
        "error",
        "Implemented outside the booked slot",
        "`ccgov audit`: an RFC was implemented outside its booked slot without a recorded deviation.",
    ),
    (
        "AUD010",
        "error",
        "Baseline manifest changed",
        "`ccgov audit`: a baseline manifest was edited or removed after it was taken; baselines are "
        "written once.",
    ),
)


def count_by_severity(findings: Iterable[Finding]) -> dict[Severity, int]:
    counts: dict[Severity, int] = {"error": 0, "warning": 0}
    for finding in findings:
        counts[finding.severity] += 1
    return counts
