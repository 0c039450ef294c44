#!/usr/bin/env python3
"""Generate a realistic governed repository of about N records, for benchmarks.

    python benchmarks/generate.py --records 10000 --out /tmp/bench [--seed 1]

The repository belongs to a fictional insurer's contact center ("Contoso
Mutual"), modelled on examples/northwind but sized to order: a ccgov.yaml with
people, roles, calendars, blackouts, approval policy and service catalog, and
roughly

* 10 % requirements (with parent links and the CIs that satisfy them),
* a handful of RACI matrices (one per support process),
* 25 % configuration items (platforms first, then queues, skills, prompts,
  call flows, ...), some with artifact files,
* 15 % requests for change in every status, standard / normal / emergency,
  with approvals that satisfy the policy and carry the right content hash,
  transition histories that follow the lifecycle, tests before
  implementation, retrospective reviews for emergencies,
* 2-5 SLAs,
* and the rest incidents spread over one calendar year (default 2025), time
  zone aware, some with pauses, some caused by RFCs.

Every cross reference resolves, and `ccgov validate` reports no findings. The
output is deterministic for a seed (the commit id too: author, committer and
dates are fixed). YAML is written as text, not through ruamel, so 10,000
records take a few seconds.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import re
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

try:
    from ccgov.records.change import ChangeRequest, content_hash
except ImportError:  # running from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from ccgov.records.change import ChangeRequest, content_hash

CHICAGO = ZoneInfo("America/Chicago")
ORGANISATION = "Contoso Mutual Insurance"
DOMAIN = "example.com"
GIT_DATE = "2026-01-02T12:00:00+00:00"

# --- YAML text ---------------------------------------------------------------

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ._/()'&+%,;:!?-]*$")
_PLAIN_DIGIT = re.compile(r"^(\d+(m|min|h|d)|24x7)$")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"}
_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class Flow(dict):  # type: ignore[type-arg]
    """A mapping written in flow style: {within: 4h, clock: 24x7}."""


class Comment(str):
    """A comment line placed before the key that follows it."""


def scalar(value: Any, *, flow: bool = False) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    plain = (
        (_PLAIN.match(text) or _PLAIN_DIGIT.match(text))
        and text.lower() not in _RESERVED
        and not text.endswith(" ")
        and "  " not in text
        and not (flow and ("," in text or ":" in text))
        and ": " not in text
        and not text.endswith(":")
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def _flow_value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v, flow=True) for v in value) + "]"
    return scalar(value, flow=True)


def _flow_list(values: list[Any]) -> str | None:
    if all(
        isinstance(v, int) or (isinstance(v, str) and _TOKEN.match(v) and scalar(v) == v)
        for v in values
    ):
        return "[" + ", ".join(str(v) for v in values) + "]"
    return None


def emit(mapping: dict[Any, Any], indent: int = 0, out: list[str] | None = None) -> list[str]:
    """YAML lines for ``mapping``: block style, flow lists of ids, folded long text."""
    out = [] if out is None else out
    pad = " " * indent
    for key, value in mapping.items():
        if isinstance(value, Comment):
            out.append(f"{pad}# {value}\n")
            continue
        _emit_entry(out, pad, str(key), value, indent)
    return out


def _emit_entry(out: list[str], pad: str, key: str, value: Any, indent: int) -> None:
    if isinstance(value, Flow):
        inner = ", ".join(f"{k}: {_flow_value(v)}" for k, v in value.items())
        out.append(f"{pad}{key}: {{{inner}}}\n")
    elif isinstance(value, dict):
        if not value:
            out.append(f"{pad}{key}: {{}}\n")
        else:
            out.append(f"{pad}{key}:\n")
            emit(value, indent + 2, out)
    elif isinstance(value, list):
        if not value:
            out.append(f"{pad}{key}: []\n")
            return
        inline = _flow_list(value)
        if inline is not None:
            out.append(f"{pad}{key}: {inline}\n")
            return
        out.append(f"{pad}{key}:\n")
        for item in value:
            if isinstance(item, Flow):
                inner = ", ".join(f"{k}: {_flow_value(v)}" for k, v in item.items())
                out.append(f"{pad}  - {{{inner}}}\n")
            elif isinstance(item, dict):
                lines = emit(item, indent + 4)
                lines[0] = f"{pad}  - {lines[0][indent + 4 :]}"
                out.extend(lines)
            elif isinstance(item, str) and len(item) > 70:
                # A long list item: a folded scalar of its own.
                out.append(f"{pad}  - >-\n")
                out.extend(f"{pad}    {line}\n" for line in _wrap(item, indent + 4))
            else:
                out.append(f"{pad}  - {scalar(item)}\n")
    elif isinstance(value, str) and len(value) > 80 and not isinstance(value, Comment):
        out.append(f"{pad}{key}: >-\n")
        out.extend(f"{pad}  {line}\n" for line in _wrap(value, indent + 2))
    else:
        out.append(f"{pad}{key}: {scalar(value)}\n")


def _wrap(text: str, indent: int) -> list[str]:
    # Folding joins the lines with single spaces, so the text reads back exactly
    # (our texts never hold double spaces or leading blanks).
    return textwrap.wrap(text, max(40, 78 - indent), break_long_words=False, break_on_hyphens=False)


def render(mapping: dict[str, Any], header: list[str] | None = None) -> str:
    lines = [f"# {line}\n" for line in header or []]
    return "".join(lines + emit(mapping))


# --- time --------------------------------------------------------------------


def local(day: date, hour: int, minute: int = 0) -> datetime:
    """A Chicago wall-clock time, as a UTC instant (all arithmetic is in UTC)."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHICAGO).astimezone(UTC)


def shown(moment: datetime, zone: ZoneInfo | None = CHICAGO) -> datetime:
    """How a record writes a UTC instant: Chicago offset, or Z."""
    return moment.astimezone(zone) if zone is not None else moment


def minutes(n: float) -> timedelta:
    return timedelta(minutes=round(n))


# --- vocabulary --------------------------------------------------------------

FIRST = [
    "Aisha",
    "Bruno",
    "Chen",
    "Dana",
    "Emeka",
    "Farah",
    "Gustavo",
    "Helga",
    "Ivan",
    "Jana",
    "Kofi",
    "Lena",
    "Mateo",
    "Nora",
    "Omar",
    "Paula",
    "Quinn",
    "Ravi",
    "Sofia",
    "Tomas",
    "Uma",
    "Viktor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zara",
    "Andre",
    "Beatriz",
    "Colm",
    "Divya",
]
LAST = [
    "Abbott",
    "Brandt",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Flores",
    "Gupta",
    "Hale",
    "Ito",
    "Jensen",
    "Kaur",
    "Lopez",
    "Mahler",
    "Novak",
    "Olsen",
    "Park",
    "Quintero",
    "Rossi",
    "Silva",
    "Tanaka",
    "Usman",
    "Varga",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zimmer",
]
LINES = [
    "Claims",
    "Policy service",
    "Billing",
    "Sales",
    "Roadside",
    "Member services",
    "Collections",
    "Retention",
    "Broker desk",
    "Fraud line",
]
PRODUCTS = ["Auto", "Home", "Life", "Commercial", "Travel", "Pet", "Renters", "Umbrella"]
SITES = ["Omaha", "Tulsa", "Remote"]
LANGS = ["English", "Spanish", "Vietnamese", "French"]
PROMPT_TOPICS = [
    "welcome",
    "main menu",
    "after hours",
    "holiday closure",
    "card capture",
    "claim status",
    "payment options",
    "queue comfort",
    "callback offer",
    "survey invite",
    "emergency notice",
    "ID and verify",
]
VENDORS = {
    "queue": "Genesys",
    "skill": "Genesys",
    "routing_script": "Genesys",
    "call_flow": "Genesys",
    "ivr_menu": "Genesys",
    "prompt": "Genesys",
    "desktop": "Microsoft",
    "hardware": "Dell",
    "server": "Dell",
    "network": "Cisco",
    "database": "Microsoft",
    "integration": "Salesforce",
    "report": "Microsoft",
    "license": "Genesys",
    "software": "NICE",
    "sbc": "AudioCodes",
    "trunk": "Lumen",
    "other": None,
}
JUSTIFICATIONS = [
    "Requested by contact-center operations to cut transfers between teams.",
    "Vendor support for the current release ends this year.",
    "Closes an audit finding from the annual PCI DSS assessment.",
    "Seasonal volume forecast needs more capacity on this line of business.",
    "Callers complained about the menu in the quarterly survey.",
    "Security patch rated high by the vendor; no known exploitation yet.",
    "Business asked for the new product launch to be reachable by phone.",
    "Reduces average handle time by removing a manual lookup.",
    "Service desk sees repeated tickets that this change prevents.",
    "Regulator requires the updated disclosure wording from next quarter.",
]


@dataclass
class Person:
    handle: str
    name: str
    organisation: str
    roles: list[str]
    note: str | None = None

    @property
    def email(self) -> str:
        first, _, last = self.name.partition(" ")
        return f"{first}.{last}@{DOMAIN}".lower().replace("'", "").replace(" ", "")


CORE_PEOPLE = [
    Person("cmorgan", "Claire Morgan", "it", ["cab"], "IT director; CAB chair"),
    Person("dpatel", "Dev Patel", "it", ["security", "cab"], "information security officer"),
    Person("yokada", "Yuki Okada", "pmo", ["cab"], "change manager; runs the CAB agenda"),
    Person(
        "jsantos",
        "Julia Santos",
        "contact_center",
        ["cab", "liaison"],
        "director of contact-center operations",
    ),
    Person(
        "ahassan", "Amir Hassan", "contact_center", ["liaison"], "contact-center technology liaison"
    ),
    Person("efournier", "Elise Fournier", "contact_center", ["liaison"], "business analyst"),
    Person("mkowalski", "Marek Kowalski", "it", ["telecom", "noc"], "voice engineer: SBCs, trunks"),
    Person("lnguyen", "Linh Nguyen", "it", ["cc_support"], "routing, IVR and CTI engineer"),
    Person("sobrien", "Sean O'Brien", "it", ["help_desk"], "service desk lead"),
    Person("tmensah", "Tariq Mensah", "it", ["noc"], "NOC shift lead"),
    Person(
        "gferreira", "Gabriela Ferreira", "contact_center", ["wfm"], "workforce management analyst"
    ),
    Person("hlarsen", "Hanna Larsen", "contact_center", ["qm"], "quality management lead"),
    Person("rdiaz", "Rafael Diaz", "vendor", ["vendor", "cc_support"], "platform partner engineer"),
    Person(
        "kbauer", "Klaus Bauer", "vendor", ["vendor", "telecom"], "carrier and SBC partner engineer"
    ),
]
EXTRA_ROLES = [
    ("it", ["cc_support"]),
    ("it", ["telecom"]),
    ("it", ["help_desk"]),
    ("it", ["noc"]),
    ("contact_center", ["liaison"]),
    ("it", ["cc_support"]),
    ("contact_center", ["wfm"]),
    ("contact_center", ["qm"]),
    ("it", ["help_desk"]),
    ("vendor", ["vendor", "cc_support"]),
]
ROLES = [
    ("cab", "Change advisory board", "Approves normal and emergency changes"),
    (
        "liaison",
        "Contact-center technology liaison",
        "Speaks for the business; signs off on impact",
    ),
    ("telecom", "Telecom engineering", "SBCs, SIP trunks, carriers, numbering"),
    ("help_desk", "IT service desk", "First line; logs and routes every ticket"),
    ("noc", "Network operations center", "24x7 monitoring and first response"),
    ("cc_support", "Contact-center support", "Routing, IVR, CTI and desktop engineering"),
    ("wfm", "Workforce management", None),
    ("qm", "Quality management", None),
    ("security", "Information security", "PCI DSS and recording compliance"),
    ("vendor", "Vendor support", "Platform partner and carrier engineers under contract"),
]
CATALOG = [
    (
        "user-add",
        "Add a contact-center agent (ACD user, skills, recording and WFM seat)",
        "user_add",
        "2d",
    ),
    ("user-remove", "Remove a leaver's contact-center accounts", "user_remove", "1d"),
    ("skill-change", "Change an agent's skills or proficiency levels", "user_change", "1d"),
    (
        "prompt-change",
        "Re-record or replace an existing IVR prompt (same menu structure)",
        "prompt_change",
        "3d",
    ),
    (
        "holiday-schedule",
        "Load a holiday or emergency-closure schedule into routing",
        "routing_change",
        "2d",
    ),
]


def blackouts(year: int) -> list[tuple[str, datetime, datetime, str]]:
    """Name, start, end (UTC instants), reason."""

    def at(y: int, m: int, d: int, h: int = 0) -> datetime:
        return local(date(y, m, d), h)

    result = [
        (
            "Year-end freeze",
            at(year - 1, 12, 15),
            at(year, 1, 5, 6),
            "Renewal season peak and reduced IT staffing over the holidays",
        )
    ]
    for quarter, (m, d, em) in enumerate([(3, 28, 4), (6, 27, 7), (9, 26, 10)], start=1):
        result.append(
            (
                f"Q{quarter} quarter-end claims close",
                at(year, m, d),
                at(year, em, 1),
                "Finance closes the quarter's claims; no routing or telephony changes",
            )
        )
    result.append(
        (
            "Year-end freeze",
            at(year, 12, 15),
            at(year + 1, 1, 5, 6),
            "Renewal season peak and reduced IT staffing over the holidays",
        )
    )
    return result


# --- the generator -----------------------------------------------------------


@dataclass
class Item:
    id: str
    name: str
    kind: str
    version: str
    owner: str


@dataclass
class Plan:
    requirements: int
    raci: int
    items: int
    changes: int
    slas: int
    incidents: int


def plan(records: int) -> Plan:
    requirements = max(3, round(records * 0.10))
    raci = min(9, max(3, records // 50))
    items = max(24, round(records * 0.25))
    changes = max(12, round(records * 0.15))
    slas = min(5, 2 + records // 3000)
    incidents = max(10, records - requirements - raci - items - changes - slas)
    return Plan(requirements, raci, items, changes, slas, incidents)


@dataclass
class Generator:
    records: int
    seed: int
    year: int
    incidents: int | None = None  # instead of the rest of the records (a larger SLA load)
    rng: random.Random = field(init=False)
    files: dict[str, str] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    items_by_kind: dict[str, list[Item]] = field(default_factory=dict)
    requirements: list[str] = field(default_factory=list)
    slas: list[str] = field(default_factory=list)
    # (rfc id, implemented at, affects, status) of RFCs that reached implementation
    implemented: list[tuple[str, datetime, list[str], str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.plan = plan(self.records)
        if self.incidents is not None:
            self.plan = dataclasses.replace(self.plan, incidents=self.incidents)
        self.blackouts = blackouts(self.year)

    # -- helpers --

    def pick(self, seq: list[Any]) -> Any:
        return seq[self.rng.randrange(len(seq))]

    def weighted(self, options: dict[Any, float]) -> Any:
        return self.rng.choices(list(options), weights=list(options.values()))[0]

    def with_role(self, role: str, exclude: tuple[str, ...] = ()) -> list[str]:
        return [p.handle for p in self.people if role in p.roles and p.handle not in exclude]

    def write(self, path: str, text: str) -> None:
        self.files[path] = text

    def office(self, moment: datetime) -> datetime:
        """``moment`` if it is in office hours (Mon-Fri 07:30-18:00 Chicago), else
        a little after the next opening: when people approve, verify and close."""
        wall = moment.astimezone(CHICAGO)
        day, minute = wall.date(), wall.hour * 60 + wall.minute
        if day.weekday() < 5 and 450 <= minute < 1080:
            return moment
        if day.weekday() >= 5 or minute >= 1080:
            day += timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return local(day, 7, 30) + minutes(self.rng.randint(0, 150))

    def in_blackout(self, start: datetime, end: datetime) -> datetime | None:
        for _, b_start, b_end, _ in self.blackouts:
            if start < b_end and end > b_start:
                return b_end
        return None

    # -- ccgov.yaml --

    def build_people(self) -> None:
        self.people = list(CORE_PEOPLE)
        extras = min(46, self.records // 200)
        taken = {p.handle for p in self.people}
        for index in range(extras):
            first = FIRST[index % len(FIRST)]
            last = LAST[(index * 7 + 3) % len(LAST)]
            handle = (first[0] + last).lower()
            while handle in taken:
                handle += str(index % 10)
            taken.add(handle)
            organisation, roles = EXTRA_ROLES[index % len(EXTRA_ROLES)]
            self.people.append(Person(handle, f"{first} {last}", organisation, list(roles)))

    def config(self) -> str:
        y = self.year
        lines = [
            f"# {ORGANISATION}: governed repository for the contact-center technology stack.\n",
            "# Generated by benchmarks/generate.py (a benchmark fixture, modelled on\n",
            "# examples/northwind): about 600 agents across Omaha, Tulsa and home workers.\n",
            f"organisation: {ORGANISATION}\n",
            "timezone: America/Chicago\n",
            "\n",
            "# `email` must match each person's git user.email: that is how ccgov knows who\n",
            "# approved, implemented or tested something.\n",
            "people:\n",
        ]
        for person in self.people:
            note = f"  # {person.note}" if person.note else ""
            lines += [
                f"  - handle: {person.handle}\n",
                f"    name: {scalar(person.name)}\n",
                f"    email: {person.email}\n",
                f"    organisation: {person.organisation}\n",
                f"    roles: [{', '.join(person.roles)}]{note}\n",
            ]
        lines += [
            "\n",
            "# Every role used by RACI matrices, the approval policy and SLA escalations.\n",
            "roles:\n",
        ]
        for key, name, description in ROLES:
            described = f", description: {json.dumps(description)}" if description else ""
            lines.append(f"  {key}: {{name: {name}{described}}}\n")
        lines += [
            "\n",
            "calendars:\n",
            "  # IT support hours; Friday is split around the IT all-hands.\n",
            "  it-business:\n",
            "    timezone: America/Chicago\n",
            "    hours:\n",
            *[f'      {d}: ["07:00-19:00"]\n' for d in ("mon", "tue", "wed", "thu")],
            '      fri: ["07:00-11:30", "12:30-19:00"]\n',
            "    holidays:\n",
            "      country: US                  # federal holidays\n",
            "      dates:                       # plus company days\n",
            f"        - {y}-01-02\n",
            f"        - {y}-11-28\n",
            f"        - {y}-12-24\n",
            f"        - {y}-12-31\n",
            f"        - {y + 1}-01-02\n",
            "  # The contact center's opening hours, for vendors that cover them.\n",
            "  cc-extended:\n",
            "    timezone: America/Chicago\n",
            "    hours:\n",
            *[f'      {d}: ["07:00-21:00"]\n' for d in ("mon", "tue", "wed", "thu", "fri")],
            '      sat: ["08:00-17:00"]\n',
            "    holidays:\n",
            "      country: US\n",
            "  # The carrier's support desk runs around the clock.\n",
            "  always:\n",
            "    timezone: UTC\n",
            "    hours:\n",
            *[
                f'      {d}: ["00:00-24:00"]\n'
                for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
            ],
            "\n",
            "# Only emergency changes may be scheduled inside a blackout.\n",
            "blackouts:\n",
        ]
        for name, start, end, reason in self.blackouts:
            lines += [
                f"  - name: {name}\n",
                f"    start: {scalar(shown(start))}\n",
                f"    end: {scalar(shown(end))}\n",
                f"    reason: {scalar(reason)}\n",
            ]
        lines += [
            "\n",
            "policy:\n",
            "  # The first rule matching an RFC's type and risk applies.\n",
            "  approvals:\n",
            "    - type: normal\n      risk: [low]\n      require: [{role: cab, count: 1}]\n",
            "    - type: normal\n      risk: [medium]\n"
            "      require: [{role: cab, count: 1}, {role: liaison, count: 1}]\n",
            "    - type: normal\n      risk: [high, critical]\n"
            "      require: [{role: cab, count: 2}, {role: liaison, count: 1}]\n",
            "    # Emergency CAB: one member by phone now, two at the next meeting.\n",
            "    - type: emergency\n      require: [{role: cab, count: 1}]\n"
            "      retrospective: [{role: cab, count: 2}]\n",
            "    - type: standard\n      require: []\n",
            "  separation_of_duties: true\n",
            "  conflicts: warn\n",
            "  require_signed_commits: false\n",
            "\n",
            "# Pre-approved standard changes (the service catalog).\n",
            "catalog:\n",
        ]
        for entry, title, category, turnaround in CATALOG:
            lines += [
                f"  - id: {entry}\n",
                f"    title: {scalar(title)}\n",
                f"    category: {category}\n",
                "    max_risk: low\n",
                f"    turnaround: {turnaround}\n",
            ]
        return "".join(lines)

    # -- RACI --

    def raci(self) -> None:
        processes = RACI_PROCESSES[: self.plan.raci]
        for slug, process, description, activities in processes:
            data: dict[str, Any] = {
                "id": slug,
                "process": process,
                "description": description,
                "activities": [{"name": name, "raci": Flow(assign)} for name, assign in activities],
            }
            self.write(f"raci/{slug}.yaml", render(data))

    # -- configuration items --

    def build_items(self) -> None:
        telecom = self.with_role("telecom")
        support = self.with_role("cc_support")
        wfm = self.with_role("wfm")
        qm = self.with_role("qm")
        owners = {
            "trunk": telecom,
            "sbc": telecom,
            "network": telecom,
            "hardware": telecom,
            "server": support,
            "database": support,
        }
        for index, core in enumerate(CORE_ITEMS, start=1):
            name, kind, version, vendor, attributes, depends, description = core
            owner = (
                wfm
                if "WFM" in name
                else qm
                if "recording" in name.lower()
                else owners.get(kind, support)
            )[0]
            self._item(
                index,
                name,
                kind,
                version,
                vendor,
                owner,
                attributes,
                [f"CI-{d:04d}" for d in depends],
                description=description,
            )
        kinds = {
            "queue": 16,
            "skill": 12,
            "prompt": 14,
            "call_flow": 6,
            "ivr_menu": 5,
            "routing_script": 6,
            "desktop": 6,
            "hardware": 7,
            "server": 6,
            "network": 5,
            "integration": 4,
            "database": 2,
            "report": 6,
            "license": 2,
            "software": 3,
        }
        for index in range(len(CORE_ITEMS) + 1, self.plan.items + 1):
            kind = self.weighted(kinds)
            self._generated_item(index, kind, owners.get(kind, support))

    def _item(
        self,
        index: int,
        name: str,
        kind: str,
        version: str,
        vendor: str | None,
        owner: str,
        attributes: dict[str, Any],
        depends: list[str],
        *,
        description: str | None = None,
        artifact: str | None = None,
        environment: str = "production",
        status: str = "active",
        comment: str | None = None,
    ) -> None:
        item_id = f"CI-{index:04d}"
        data: dict[str, Any] = {"id": item_id, "name": name, "kind": kind, "version": version}
        if vendor:
            # A CI's vendor is a reference to vendors/<slug>.yaml (build_vendors).
            data["vendor"] = _slug(vendor)
            self.vendors.setdefault(_slug(vendor), (vendor, owner))
        data["owner"] = owner
        if environment != "production":
            data["environment"] = environment
        if status != "active":
            data["status"] = status
        if description:
            data["description"] = description
        if artifact:
            data["artifact"] = artifact
        if attributes:
            data["attributes"] = attributes
        if depends:
            data["depends_on"] = depends
        self.write(f"items/{item_id}.yaml", render(data, [comment] if comment else None))
        # The version field is written quoted: a version is text.
        item = Item(item_id, name, kind, version, owner)
        self.items.append(item)
        self.items_by_kind.setdefault(kind, []).append(item)

    def _generated_item(self, index: int, kind: str, owners: list[str]) -> None:
        rng = self.rng
        line, product, site, lang = (
            self.pick(LINES),
            self.pick(PRODUCTS),
            self.pick(SITES),
            self.pick(LANGS),
        )
        code = f"{index:04d}"
        attributes: dict[str, Any] = {}
        depends: list[str] = []
        artifact = None
        description = None
        version = f"{rng.randint(1, 6)}.{rng.randint(0, 12)}"
        earlier = lambda k: self.items_by_kind.get(k, [])  # noqa: E731
        if kind == "queue":
            name = f"{line} - {product} queue ({site}, {lang})"
            attributes = {
                "target_asa_seconds": self.pick([20, 30, 45, 60, 90]),
                "overflow_after_seconds": self.pick([120, 180, 300]),
                "site": site.lower(),
            }
            depends = ["CI-0001"] + [
                i.id for i in rng.sample(earlier("skill"), min(2, len(earlier("skill"))))
            ]
        elif kind == "skill":
            name = f"{line} {product} skill ({lang})"
            attributes = {"levels": 5, "language": lang.lower()}
            depends = ["CI-0001"]
        elif kind == "prompt":
            topic = self.pick(PROMPT_TOPICS)
            name = f"Prompt: {line} {topic} ({lang})"
            if rng.random() < 0.45:
                artifact = f"artifacts/prompts/{code}-{_slug(line)}-{_slug(topic)}.txt"
                self.write(
                    artifact,
                    f"[{lang}] {line}, {topic}. Thank you for calling {ORGANISATION}. "
                    f"Recorded {self.year}-{rng.randint(1, 12):02d}.\n",
                )
            attributes = {"language": lang.lower(), "duration_seconds": rng.randint(3, 40)}
            depends = ["CI-0002"]
        elif kind == "call_flow":
            number = f"800555{rng.randint(1000, 9999)}"
            name = f"{line} {product} inbound call flow ({number})"
            if rng.random() < 0.8:
                artifact = f"artifacts/call-flows/{code}-{_slug(line)}-{_slug(product)}.json"
                nodes = [
                    {"id": n, "type": t}
                    for n, t in enumerate(
                        ["entry", "language", "menu", "identify", "route", "queue"]
                    )
                ]
                self.write(
                    artifact,
                    json.dumps(
                        {"flow": name, "version": version, "dnis": number, "nodes": nodes}, indent=2
                    )
                    + "\n",
                )
            attributes = {"entry_dnis": number, "languages": "en, es"}
            depends = ["CI-0001", "CI-0002"] + [
                i.id
                for i in rng.sample(
                    earlier("prompt") + earlier("queue"),
                    min(3, len(earlier("prompt") + earlier("queue"))),
                )
            ]
        elif kind == "ivr_menu":
            name = f"{line} IVR menu ({lang})"
            attributes = {"options": rng.randint(3, 7), "speech_enabled": rng.random() < 0.5}
            depends = ["CI-0002"] + [
                i.id for i in rng.sample(earlier("prompt"), min(2, len(earlier("prompt"))))
            ]
        elif kind == "routing_script":
            name = f"{line} {product} routing strategy"
            attributes = {
                "strategy": self.pick(["skills-based", "priority", "longest-idle", "callback"])
            }
            depends = ["CI-0001"] + [
                i.id for i in rng.sample(earlier("queue"), min(2, len(earlier("queue"))))
            ]
        elif kind == "desktop":
            name = f"Agent desktop image ({site}, {line})"
            version = f"{self.year}.{rng.randint(1, 12)}"
            attributes = {
                "os": "Windows 11",
                "softphone": "Genesys Cloud",
                "seats": rng.randint(10, 120),
            }
            depends = ["CI-0013"]
        elif kind == "hardware":
            thing = self.pick(
                ["Headset pool", "Wallboard display", "Supervisor console", "Desk phone pool"]
            )
            name = f"{thing} {site} floor {rng.randint(1, 6)}"
            attributes = {
                "units": rng.randint(4, 250),
                "model": self.pick(
                    ["Jabra Evolve2 65", "Poly VVX 450", "Samsung QM55", "Dell OptiPlex 7010"]
                ),
            }
        elif kind == "server":
            role = self.pick(["CTI", "recording", "reporting", "speech", "integration"])
            name = f"{role.capitalize()} server {site[:3].upper()}-{rng.randint(1, 40):02d}"
            attributes = {
                "cpu": self.pick([8, 16, 32]),
                "memory_gb": self.pick([32, 64, 128]),
                "os": "Windows Server 2022",
            }
            depends = ["CI-0014" if site != "Tulsa" else "CI-0015"]
        elif kind == "network":
            name = f"Access switch {site} floor {rng.randint(1, 6)} ({code})"
            attributes = {"ports": self.pick([24, 48]), "vlan_voice": 110, "poe": True}
            depends = ["CI-0014" if site != "Tulsa" else "CI-0015"]
        elif kind == "integration":
            name = f"{line} CRM lookup integration ({product})"
            attributes = {"protocol": "REST", "timeout_ms": self.pick([800, 1500, 3000])}
            depends = ["CI-0010", "CI-0011"]
        elif kind == "database":
            name = f"{line} reporting database ({code})"
            attributes = {"engine": "SQL Server 2022", "size_gb": rng.randint(20, 900)}
            depends = ["CI-0012"]
        elif kind == "report":
            name = f"{line} {self.pick(['daily service level', 'interval', 'abandon', 'adherence', 'QM score'])} report"
            attributes = {
                "schedule": self.pick(["daily 07:00", "hourly", "weekly Monday"]),
                "audience": self.pick(["supervisors", "directors", "WFM team"]),
            }
            depends = ["CI-0012"]
        elif kind == "license":
            name = f"{self.pick(['Speech analytics', 'Screen recording', 'Outbound dialer'])} licences ({code})"
            attributes = {
                "seats": rng.randint(25, 400),
                "renewal": f"{self.year + 1}-0{rng.randint(1, 9)}",
            }
        else:  # software
            name = f"{self.pick(['Knowledge base', 'Chat widget', 'Callback service', 'Survey tool'])} ({line})"
            depends = ["CI-0017"]
        if rng.random() < 0.25:
            extra = self.items[rng.randrange(len(self.items))]
            if extra.id not in depends:
                depends.append(extra.id)
        if kind in ("queue", "skill", "call_flow", "routing_script") and rng.random() < 0.3:
            description = (
                f"Serves {line.lower()} callers for {product.lower()} products; changes go "
                f"through the {line.lower()} operations manager before the CAB."
            )
        environment = self.weighted({"production": 85, "staging": 8, "test": 5, "dr": 2})
        status = self.weighted({"active": 92, "retired": 5, "planned": 3})
        self._item(
            index,
            name,
            kind,
            version,
            VENDORS.get(kind),
            self.pick(owners),
            attributes,
            sorted(set(depends)),
            description=description,
            artifact=artifact,
            environment=environment,
            status=status,
        )

    # -- requirements --

    def build_requirements(self) -> None:
        rng = self.rng
        liaisons = self.with_role("liaison")
        owners = liaisons + self.with_role("cc_support") + self.with_role("telecom")
        top = max(1, self.plan.requirements // 10)
        for index in range(1, self.plan.requirements + 1):
            area, kind, title, statement, verification = self._requirement_text(index <= top)
            req_id = f"REQ-{index:04d}"
            status = self.weighted(
                {"proposed": 10, "approved": 25, "implemented": 25, "verified": 35, "retired": 5}
            )
            data: dict[str, Any] = {
                "id": req_id,
                "title": title,
                "statement": statement,
            }
            if rng.random() < 0.5:
                data["rationale"] = self.pick(JUSTIFICATIONS)
            data |= {
                "kind": kind,
                "priority": self.weighted({"must": 40, "should": 35, "could": 20, "wont": 5}),
                "status": status,
                "source": self.pick(liaisons),
                "owner": self.pick(owners),
                "area": area,
            }
            data["acceptance_criteria"] = [
                self.pick(ACCEPTANCE).format(n=rng.randint(2, 12), line=self.pick(LINES).lower())
                for _ in range(rng.randint(1, 3))
            ]
            data["verification"] = verification
            if index > top and rng.random() < 0.6:
                data["parents"] = sorted(
                    {
                        f"REQ-{rng.randint(1, top):04d}",
                        *([f"REQ-{rng.randint(1, index - 1):04d}"] if rng.random() < 0.2 else []),
                    }
                )
            if status in ("implemented", "verified") or rng.random() < 0.3:
                data["satisfied_by"] = sorted(
                    {i.id for i in rng.sample(self.items, rng.randint(1, 3))}
                )
            self.requirements.append(req_id)
            self.write(f"requirements/{req_id}.yaml", render(data))

    def _requirement_text(self, top_level: bool) -> tuple[str, str, str, str, str]:
        rng = self.rng
        line, product, lang = self.pick(LINES), self.pick(PRODUCTS), self.pick(LANGS)
        n = rng.randint(2, 95)
        if top_level:
            title = f"{line} callers reach the right team first time"
            statement = (
                f"The contact center shall connect at least {rng.randint(80, 95)} % of "
                f"{line.lower()} callers to a team able to resolve their request without a transfer."
            )
            return "routing", "business", title, statement, "analysis"
        area = self.weighted(
            {
                "routing": 20,
                "ivr": 18,
                "telephony": 10,
                "wfm": 8,
                "qm": 6,
                "recording": 6,
                "reporting": 8,
                "desktop": 8,
                "crm": 6,
                "digital": 4,
                "security": 3,
                "compliance": 3,
            }
        )
        templates = {
            "routing": (
                f"Route {product.lower()} {line.lower()} calls by skill",
                f"The routing platform shall deliver {product.lower()} {line.lower()} calls to "
                f"agents holding the {product} skill within {n} seconds for 80 % of calls.",
            ),
            "ivr": (
                f"{line} self-service in {lang}",
                f"The IVR shall let {lang}-speaking callers check their {product.lower()} "
                f"{line.lower()} status without waiting for an agent.",
            ),
            "telephony": (
                f"Spare trunk capacity for {line.lower()}",
                f"The telephony platform shall keep {n % 30 + 10} % spare channel capacity at "
                f"the busiest hour of the {line.lower()} season.",
            ),
            "wfm": (
                f"Interval forecasts for {line.lower()}",
                f"The WFM system shall forecast {line.lower()} call volume in 15-minute intervals "
                f"with an error below {n % 15 + 5} %.",
            ),
            "qm": (
                f"Evaluate {line.lower()} calls every month",
                f"The quality system shall score at least {n % 8 + 2} {line.lower()} calls per agent "
                f"per month.",
            ),
            "recording": (
                f"Retain {line.lower()} recordings",
                f"The recording platform shall retain {line.lower()} calls for {n % 7 + 1} years "
                f"and pause recording while card details are spoken.",
            ),
            "reporting": (
                f"Daily {line.lower()} service-level report",
                f"The reporting suite shall publish the {line.lower()} service-level report "
                f"by 08:00 each business day.",
            ),
            "desktop": (
                f"Screen pop for {line.lower()} calls",
                f"The agent desktop shall show the caller's {product.lower()} policy within "
                f"{n % 4 + 1} seconds of answer.",
            ),
            "crm": (
                f"{line} case history on answer",
                f"The CRM integration shall show the last {n % 10 + 3} {line.lower()} cases of the "
                f"caller to the answering agent.",
            ),
            "digital": (
                f"{line} chat hand-off",
                f"The chat platform shall hand a {line.lower()} conversation to a voice agent "
                f"with its transcript.",
            ),
            "security": (
                f"Agent sign-in for {line.lower()}",
                "The agent desktop shall require multi-factor sign-in at the start of every shift.",
            ),
            "compliance": (
                f"{line} disclosure wording",
                f"The IVR shall play the current {line.lower()} disclosure before any "
                f"{product.lower()} transaction.",
            ),
        }
        title, statement = templates[area]
        kind = self.weighted(
            {"functional": 60, "non_functional": 25, "regulatory": 10, "business": 5}
        )
        if area in ("security", "compliance", "recording"):
            kind = "regulatory"
        verification = self.weighted(
            {"test": 60, "inspection": 15, "analysis": 15, "demonstration": 10}
        )
        return area, kind, title, statement, verification

    # -- SLAs --

    def build_slas(self) -> None:
        cores = self.items
        for index in range(1, self.plan.slas + 1):
            sla_id = f"SLA-{index:04d}"
            provider, customer, owner, calendar, terms, comment = SLA_SPECS[index - 1]
            severities: dict[int, Any] = {}
            for severity, (description, response, resolution, escalation) in terms.items():
                severities[severity] = {
                    "description": description,
                    "response": Flow(within=response[0], clock=response[1]),
                    "resolution": Flow(within=resolution[0], clock=resolution[1]),
                }
                if escalation:
                    severities[severity]["escalation"] = [
                        Flow(
                            {
                                "after": after,
                                "notify": notify,
                                **({"action": action} if action else {}),
                            }
                        )
                        for after, notify, action in escalation
                    ]
            data: dict[str, Any] = {
                "id": sla_id,
                "title": f"{provider} to {customer}",
                "version": f"{self.year - 2000}.{index}",
                "provider": provider,
                "customer": customer,
                "owner": owner,
                "effective": {
                    "from": date(self.year - 1, 7, 1),
                    **({"to": date(self.year + 1, 6, 30)} if index % 2 else {}),
                },
                "calendar": calendar,
                "severities": severities,
            }
            if index == 1:
                data["change_turnaround"] = {
                    "user_add": Flow(within="2d"),
                    "user_remove": Flow(within="1d"),
                    "user_change": Flow(within="1d"),
                    "prompt_change": Flow(within="3d"),
                    "routing_change": Flow(within="5d"),
                    "ivr_change": Flow(within="10d"),
                }
            picks = [cores[i] for i in SLA_AVAILABILITY[index - 1]]
            data["availability"] = [
                Flow(item=i.id, target=t)
                for i, t in zip(picks, [99.95, 99.9, 99.5, 99.99], strict=False)
            ]
            data["compliance_goal"] = [95, 98, 95, 90, 97][index - 1]
            data["credits"] = {
                "currency": "USD",
                "per_breach": [
                    Flow(severity=1, per_breach=[2500, 5000, 1000, 750, 1500][index - 1]),
                    Flow(severity=2, per_breach=[1000, 1500, 400, 250, 500][index - 1]),
                ],
                "cap_per_month": [10000, 25000, 5000, 3000, 6000][index - 1],
            }
            data["reporting"] = {
                "frequency": "monthly",
                "owner": "yokada",
                "audience": ["cab", "liaison"],
            }
            self.slas.append(sla_id)
            self.write(f"slas/{sla_id}.yaml", render(data, comment))

    # -- RFCs --

    def build_changes(self) -> None:
        rng = self.rng
        statuses = {
            "closed": 52,
            "verified": 5,
            "implemented": 4,
            "scheduled": 5,
            "approved": 4,
            "submitted": 5,
            "draft": 5,
            "rejected": 6,
            "cancelled": 8,
            "backed_out": 3,
        }
        chosen = list(statuses) + [
            self.weighted(statuses) for _ in range(self.plan.changes - len(statuses))
        ]
        specs: list[tuple[datetime, str, str]] = []
        start_of_year = local(date(self.year, 1, 6), 8)
        for status in chosen:
            allowed = {"standard": 35, "normal": 55, "emergency": 10}
            if status == "rejected":
                allowed = {"normal": 1}
            elif status in ("draft", "submitted", "approved", "scheduled", "cancelled"):
                allowed = {"standard": 35, "normal": 55}
            elif status == "backed_out":
                allowed = {"normal": 80, "emergency": 20}
            change_type = self.weighted(allowed)
            if status in ("draft", "submitted"):
                span = (date(self.year, 12, 1), 29)
            elif status in ("approved", "scheduled"):
                span = (date(self.year, 11, 20), 20)
            elif status in ("implemented", "verified"):
                span = (date(self.year, 10, 25), 20)
            else:
                span = (date(self.year, 1, 6), 310)
            day = span[0] + timedelta(days=rng.randrange(span[1]))
            t0 = local(day, rng.randint(7, 17), rng.choice([0, 5, 10, 15, 20, 30, 40, 45, 50]))
            if change_type == "emergency":
                t0 = local(day, rng.randint(0, 23), rng.randint(0, 59))
            specs.append((max(t0, start_of_year), status, change_type))
        specs.sort(key=lambda s: s[0])
        for index, (t0, status, change_type) in enumerate(specs, start=1):
            self._change(f"RFC-{index:04d}", t0, status, change_type)

    def _change(self, rfc_id: str, t0: datetime, status: str, change_type: str) -> None:
        rng = self.rng
        implementers = [
            h
            for h in self.with_role("cc_support") + self.with_role("telecom")
            if "cab" not in self.person(h).roles
        ]
        implementer = self.pick(implementers)
        if change_type == "standard":
            entry, _, category, _ = self.pick(CATALOG)
            requester = self.pick(self.with_role("liaison") + self.with_role("help_desk"))
            risk, impact = "low", "low"
        elif change_type == "emergency":
            entry = None
            category = self.pick(
                ["network", "patch", "config_change", "routing_change", "hardware"]
            )
            requester = implementer
            risk = self.weighted({"medium": 30, "high": 55, "critical": 15})
            impact = self.weighted({"medium": 40, "high": 60})
        else:
            entry = None
            category = self.pick(
                [
                    "routing_change",
                    "ivr_change",
                    "upgrade",
                    "patch",
                    "config_change",
                    "new_system",
                    "network",
                    "integration",
                    "hardware",
                    "decommission",
                    "prompt_change",
                    "routing_change",
                    "upgrade",
                ]
            )
            requester = self.pick(
                self.with_role("liaison")
                + self.with_role("cc_support")
                + self.with_role("telecom")
                + self.with_role("wfm")
                + self.with_role("qm")
            )
            if requester == implementer:
                implementer = self.pick([h for h in implementers if h != requester] or implementers)
            risk = self.weighted({"low": 40, "medium": 35, "high": 20, "critical": 5})
            impact = self.weighted({"low": 40, "medium": 40, "high": 20})
        text = self._change_text(category, entry)
        data: dict[str, Any] = {
            "id": rfc_id,
            "title": text["title"],
            "description": text["description"],
            "type": change_type,
            "category": category,
        }
        if entry:
            data["catalog_entry"] = entry
        data |= {
            "requested_by": requester,
            "implementer": implementer,
            "justification": text["justification"],
        }
        if change_type != "standard" and rng.random() < 0.35 and self.requirements:
            data["requirements"] = sorted(
                rng.sample(self.requirements, min(len(self.requirements), rng.randint(1, 2)))
            )
        data["affects"] = text["affects"]
        data |= {"risk": risk, "impact": impact}
        has_plans = status not in ("draft", "cancelled") or rng.random() < 0.6
        if has_plans:
            data["plans"] = {
                "implementation": text["implementation"],
                "test": text["test"],
                "backout": text["backout"],
            }

        # The path through the lifecycle.
        happy = ["draft", "submitted", "approved", "scheduled", "implemented", "verified", "closed"]
        if status in happy:
            path = happy[: happy.index(status) + 1]
        elif status == "rejected":
            path = ["draft", "submitted", "rejected"]
        elif status == "cancelled":
            reached = rng.choice([1, 1, 2, 2, 3, 4]) if has_plans else 1
            path = [*happy[:reached], "cancelled"]
        else:  # backed_out
            path = [*happy[:5], "backed_out"]
        if status == "closed" and change_type != "standard" and rng.random() < 0.05:
            path = [*happy[:5], "backed_out", "closed"]
        reapproval = change_type == "normal" and "scheduled" in path and rng.random() < 0.06

        # Times: draft, submission, the planned window, approvals.
        emergency = change_type == "emergency"
        history: list[dict[str, Any]] = [{"status": "draft", "at": t0, "by": requester}]
        t = (
            t0 + minutes(rng.randint(1, 4))
            if emergency
            else self.office(t0 + minutes(rng.randint(10, 2 * 24 * 60)))
        )
        window = self._window(t, change_type)
        if len(path) > 1 and path[1] == "submitted":
            history.append({"status": "submitted", "at": t, "by": requester})
        if has_plans or status != "draft":
            data["window"] = {"start": window[0], "end": window[1]}

        approvals: list[dict[str, Any]] = []
        reviews: list[dict[str, Any]] = []
        tests: list[dict[str, Any]] = []
        preapproval: dict[str, Any] | None = None
        hash_now = None

        def current_hash() -> str:
            return content_hash(ChangeRequest.model_validate(_zoned({**data, "status": "draft"})))

        def decide(
            deciders: list[tuple[str, str]],
            since: datetime,
            until: datetime,
            decision: str = "approve",
        ) -> datetime:
            nonlocal hash_now
            hash_now = current_hash()
            moments = sorted(since + (until - since) * rng.uniform(0.05, 0.95) for _ in deciders)
            if not emergency:
                moments = sorted(m if (o := self.office(m)) > until else o for m in moments)
            for (who, role), at in zip(deciders, moments, strict=True):
                at = at.replace(second=0, microsecond=0)
                entry_: dict[str, Any] = {"by": who, "role": role, "decision": decision, "at": at}
                if decision == "reject" or rng.random() < 0.25:
                    entry_["comment"] = (
                        self.pick(REJECTIONS)
                        if decision == "reject"
                        else self.pick(APPROVAL_COMMENTS)
                    )
                entry_["content_hash"] = hash_now
                approvals.append(entry_)
            return max(a["at"] for a in approvals)

        def approvers() -> list[tuple[str, str]]:
            needed: list[tuple[str, str]] = []
            excluded = (requester, implementer)
            if change_type == "emergency":
                return [(self.pick(self.with_role("cab", excluded)), "cab")]
            counts = {"low": (1, 0), "medium": (1, 1), "high": (2, 1), "critical": (2, 1)}[risk]
            liaisons = [
                h for h in self.with_role("liaison", excluded) if "cab" not in self.person(h).roles
            ]
            chosen_liaisons = rng.sample(liaisons, counts[1])
            cab_pool = self.with_role("cab", excluded + tuple(chosen_liaisons))
            needed += [(h, "cab") for h in rng.sample(cab_pool, counts[0])]
            needed += [(h, "liaison") for h in chosen_liaisons]
            rng.shuffle(needed)
            return needed

        if "approved" in path:
            latest = window[0] - (minutes(3) if emergency else timedelta(hours=20))
            if change_type == "standard":
                at = self.office(t + minutes(rng.randint(15, 24 * 60)))
                if at > window[0] - timedelta(hours=2):
                    at = t + minutes(10)
                desk = self.pick(self.with_role("help_desk"))
                history.append(
                    {
                        "status": "approved",
                        "at": at,
                        "by": desk,
                        "note": f"Fits catalog entry {entry}",
                    }
                )
                # The catalog's approval, bound to the content like any approval.
                preapproval = {"entry": entry, "by": desk, "at": at, "content_hash": current_hash()}
                t = at
            else:
                if reapproval:
                    first = approvers()
                    last = decide(first, t, latest)
                    history.append({"status": "approved", "at": last, "by": first[-1][0]})
                    # The window moved: the earlier decisions no longer cover the RFC.
                    t = last + timedelta(days=rng.randint(1, 3))
                    new_window = self._window(t, change_type, window[0] + timedelta(days=7))
                    history.append(
                        {
                            "status": "submitted",
                            "at": t,
                            "by": requester,
                            "note": "Window moved a week at the business's request; re-approval needed",
                        }
                    )
                    window = new_window
                    data["window"] = {"start": window[0], "end": window[1]}
                    latest = window[0] - timedelta(hours=20)
                deciders = approvers()
                last = decide(
                    deciders, t + (minutes(1) if emergency else timedelta(hours=1)), latest
                )
                history.append(
                    {"status": "approved", "at": last, "by": self._last_approver(approvals)}
                )
                t = last
        elif status == "rejected":
            excluded = (requester, implementer)
            t_decide = self.office(t + timedelta(days=rng.randint(1, 6)))
            if rng.random() < 0.5:
                liaison = self.pick(
                    [
                        h
                        for h in self.with_role("liaison", excluded)
                        if "cab" not in self.person(h).roles
                    ]
                )
                decide([(liaison, "liaison")], t, t_decide - timedelta(hours=2))
            rejecter = self.pick(self.with_role("cab", excluded))
            hash_now = current_hash()
            approvals.append(
                {
                    "by": rejecter,
                    "role": "cab",
                    "decision": "reject",
                    "at": t_decide,
                    "comment": self.pick(REJECTIONS),
                    "content_hash": hash_now,
                }
            )
            history.append(
                {
                    "status": "rejected",
                    "at": t_decide,
                    "by": rejecter,
                    "note": f"CAB {shown(t_decide).date().isoformat()}",
                }
            )
            t = t_decide

        if "scheduled" in path:
            at = t + minutes(2) if emergency else self.office(t + minutes(rng.randint(5, 18 * 60)))
            at = max(t, min(at, window[0] - minutes(1)))
            history.append({"status": "scheduled", "at": at, "by": implementer})
            data["schedule"] = {"start": window[0], "end": window[1]}
            t = at
        if "implemented" in path:
            length = window[1] - window[0]
            tested = window[0] + length * rng.uniform(0.3, 0.7)
            tested = tested.replace(second=0, microsecond=0)
            tests.append(
                {"at": tested, "by": implementer, "result": "pass", "evidence": self.pick(EVIDENCE)}
            )
            implemented = tested + minutes(rng.randint(2, 10))
            history.append({"status": "implemented", "at": implemented, "by": implementer})
            self.implemented.append((rfc_id, implemented, data["affects"], status))
            t = implemented
        if "backed_out" in path:
            failed = t + minutes(rng.randint(30, 14 * 60))
            tests.append(
                {"at": failed, "by": implementer, "result": "fail", "evidence": self.pick(FAILURES)}
            )
            history.append(
                {
                    "status": "backed_out",
                    "at": failed + minutes(rng.randint(5, 40)),
                    "by": implementer,
                    "note": "Backout plan run; previous version restored",
                }
            )
            t = history[-1]["at"]
        if "verified" in path:
            at = self.office(t + minutes(rng.randint(8 * 60, 3 * 24 * 60)))
            tests.append(
                {"at": at, "by": requester, "result": "pass", "evidence": self.pick(VERIFICATIONS)}
            )
            history.append({"status": "verified", "at": at, "by": requester})
            t = at
        if status == "closed" or (status == "backed_out" and path[-1] == "closed"):
            closer = (
                "yokada" if change_type != "standard" else self.pick(self.with_role("help_desk"))
            )
            at = self.office(t + minutes(rng.randint(60, 7 * 24 * 60)))
            if emergency:
                # Reviewed at the next CAB, then closed.
                reviewers = rng.sample(self.with_role("cab", (requester, implementer)), 2)
                for offset, who in enumerate(reviewers):
                    reviews.append(
                        {
                            "by": who,
                            "role": "cab",
                            "at": at + minutes(2 * offset),
                            "comment": self.pick(REVIEWS),
                        }
                    )
                at += minutes(rng.randint(10, 40))
            history.append(
                {
                    "status": "closed",
                    "at": at,
                    "by": closer,
                    **({"note": "Retrospective done at CAB"} if emergency else {}),
                }
            )
            t = at
        elif emergency and status in ("implemented", "verified") and rng.random() < 0.5:
            reviews.append(
                {
                    "by": self.pick(self.with_role("cab", (requester, implementer))),
                    "role": "cab",
                    "at": self.office(t + minutes(60)),
                    "comment": self.pick(REVIEWS),
                }
            )
        if status == "cancelled":
            at = self.office(t + minutes(rng.randint(60, 5 * 24 * 60)))
            history.append(
                {"status": "cancelled", "at": at, "by": requester, "note": self.pick(CANCELLATIONS)}
            )

        data["status"] = status
        if approvals:
            data["approvals"] = approvals
        if preapproval is not None:
            data["preapproval"] = preapproval
        if reviews:
            data["reviews"] = reviews
        if tests:
            data["tests"] = tests
        data["history"] = history
        header = None
        if emergency:
            header = [
                "Emergency change: one CAB member approved by phone; two review it afterwards."
            ]
        elif reapproval:
            header = [
                "Re-approved after the window moved: the first decisions cover the old window."
            ]
        elif path[-2:] == ["backed_out", "closed"]:
            header = ["Backed out, then closed after the retrospective."]
        self.write(f"changes/{rfc_id}.yaml", render(_zoned(data), header))

    def _window(
        self, after: datetime, change_type: str, floor: datetime | None = None
    ) -> tuple[datetime, datetime]:
        """A planned window some days after ``after`` (minutes, for emergencies)."""
        rng = self.rng
        if change_type == "emergency":
            start = (after + minutes(rng.randint(5, 20))).replace(second=0, microsecond=0)
            return start, start + minutes(rng.randint(30, 120))
        day = shown(after).date() + timedelta(days=rng.randint(4, 21))
        if floor is not None:
            day = max(day, shown(floor).date())
        if change_type == "standard":
            start = local(day, rng.randint(8, 15))
            length = minutes(rng.choice([60, 90, 120]))
        else:
            start = local(day, rng.choice([18, 19, 20, 21]))
            length = minutes(rng.choice([60, 120, 180, 240]))
        # Normal and standard changes stay out of blackouts.
        while (blocked := self.in_blackout(start, start + length)) is not None:
            day = shown(blocked).date() + timedelta(days=1)
            start = local(day, shown(start).hour)
        return start, start + length

    def _last_approver(self, approvals: list[dict[str, Any]]) -> str:
        return max(approvals, key=lambda a: a["at"])["by"]

    def person(self, handle: str) -> Person:
        return next(p for p in self.people if p.handle == handle)

    def _change_text(self, category: str, entry: str | None) -> dict[str, Any]:
        rng = self.rng
        line, product, site = self.pick(LINES), self.pick(PRODUCTS), self.pick(SITES)

        def some(kind: str, count: int = 1) -> list[Item]:
            pool = self.items_by_kind.get(kind) or self.items
            return rng.sample(pool, min(count, len(pool)))

        if category == "user_add":
            n = rng.randint(2, 24)
            targets = some("skill", 2) + some("queue")
            title = f"Add {n} new {line.lower()} agents ({site})"
            description = (
                f"Create ACD users, desktop logins, recording and WFM seats for {n} {line.lower()} "
                f"agents starting next month, with the {product} skill at level 2."
            )
            plans = (
                "Bulk-load the users from the HR roster CSV; assign skills; add WFM seats.",
                "Log in as each new agent in the training room; place one test call to the queue.",
                "Disable the new users; release the WFM seats.",
            )
        elif category == "user_remove":
            n = rng.randint(2, 9)
            targets = some("skill", 1)
            title = f"Remove {n} leavers' contact-center accounts ({line})"
            description = (
                f"Disable ACD, desktop, recording and WFM accounts of {n} {line.lower()} leavers."
            )
            plans = (
                "Disable the accounts listed on the HR leaver ticket.",
                "Check the accounts can no longer sign in to the desktop or the ACD.",
                "Re-enable the accounts from the audit log.",
            )
        elif category == "user_change":
            targets = some("skill", 2)
            title = f"Move {rng.randint(2, 30)} agents to the {product} {line.lower()} skill"
            description = (
                f"Grant the {product} skill at level {rng.randint(1, 4)} to agents cross-trained "
                f"for {line.lower()}."
            )
            plans = (
                "Update the skill assignments in the routing admin tool.",
                "Supervisor confirms the agents see the new queue in their desktop.",
                "Restore the previous skill levels from the export taken before the change.",
            )
        elif category == "prompt_change":
            targets = some("prompt", 1)
            title = f"Re-record prompt: {targets[0].name.removeprefix('Prompt: ')}"
            description = (
                "Replace the prompt recording with the wording approved by compliance; the "
                "menu structure does not change."
            )
            plans = (
                "Upload the new audio file and publish the prompt.",
                "Call the number and listen to the prompt in both languages.",
                "Republish the previous prompt version.",
            )
        elif category == "routing_change":
            targets = some("routing_script") + some("queue", rng.randint(1, 2))
            title = (
                f"Load the holiday closure schedule for {line.lower()}"
                if entry
                else f"Change {line.lower()} {product.lower()} overflow to the {site} site"
            )
            description = (
                f"Adjust the {line.lower()} routing so that {product.lower()} callers waiting "
                f"longer than {rng.choice([60, 90, 120, 180])} seconds overflow to {site}."
            )
            plans = (
                "Publish the new strategy version in the routing designer.",
                "Place test calls at the overflow threshold; check the target queue.",
                "Republish the previous strategy version.",
            )
        elif category == "ivr_change":
            targets = some("ivr_menu") + some("call_flow")
            title = f"Add a {product.lower()} option to the {line.lower()} IVR menu"
            description = (
                f"Add menu option {rng.randint(2, 8)} for {product.lower()} enquiries and route "
                f"it to the {line.lower()} {product.lower()} queue."
            )
            plans = (
                "Publish the new menu and call-flow versions.",
                "Walk every menu branch with test calls in English and Spanish.",
                "Republish the previous menu and call-flow versions.",
            )
        elif category in ("upgrade", "patch"):
            targets = some(self.pick(["software", "server", "integration", "desktop"]))
            if rng.random() < 0.4:
                targets.append(self.items[rng.randrange(min(20, len(self.items)))])
            target = targets[0]
            major = target.version.split(".")[0]
            new = (
                f"{target.version}.{rng.randint(1, 9)}"
                if category == "patch"
                else f"{int(major) + 1}.0"
                if major.isdigit()
                else f"{target.version} R2"
            )
            title = f"{'Patch' if category == 'patch' else 'Upgrade'} {target.name} to {new}"
            description = (
                f"{'Apply the vendor patch to' if category == 'patch' else 'Upgrade'} {target.name} "
                f"from {target.version} to {new} in an evening window."
            )
            plans = (
                f"Install {new} on the standby node, fail over, then install on the former primary.",
                "Run the regression call script (20 calls) and check the vendor health page.",
                f"Fail back to the untouched node and reinstall {target.version} from the saved package.",
            )
        elif category in ("network", "hardware"):
            targets = some(self.pick(["network", "hardware", "server"]), rng.randint(1, 2))
            if rng.random() < 0.5:
                targets.append(self.items[rng.randrange(min(20, len(self.items)))])
            title = (
                f"Replace {targets[0].name}"
                if category == "hardware"
                else f"Re-route voice VLAN traffic for {targets[0].name}"
            )
            description = (
                f"Work on {targets[0].name} at {site}; calls stay up on the redundant path "
                f"during the window."
            )
            plans = (
                "Move traffic to the redundant path, do the work, move traffic back.",
                "Monitor MOS and packet loss; place test calls from both sites.",
                "Move traffic back to the original path and restore the saved configuration.",
            )
        elif category == "decommission":
            targets = some(self.pick(["report", "license", "hardware", "database"]))
            title = f"Decommission {targets[0].name}"
            description = (
                f"Retire {targets[0].name}; its users moved to the replacement last quarter."
            )
            plans = (
                "Disable access, archive the data, mark the CI retired.",
                "Confirm nobody used it in the last 30 days (access log).",
                "Re-enable access from the archive.",
            )
        else:  # config_change, new_system, integration
            targets = some(
                self.pick(["integration", "server", "software", "report"]), rng.randint(1, 2)
            )
            title = {
                "config_change": f"Change the {targets[0].name} timeout settings",
                "new_system": f"Introduce a {product.lower()} callback service for {line.lower()}",
                "integration": f"Connect {targets[0].name} to the {product.lower()} policy system",
            }[category]
            description = (
                f"Configure {targets[0].name} for the {line.lower()} team as agreed with "
                f"the {product.lower()} product owner."
            )
            plans = (
                "Apply the configuration in staging, then in production.",
                "Run the integration test suite and ten end-to-end test calls.",
                "Restore the configuration export taken before the change.",
            )
        justification = (
            self.pick(STANDARD_REASONS[category]) if entry else self.pick(JUSTIFICATIONS)
        )
        return {
            "title": title,
            "description": description,
            "justification": justification,
            "affects": sorted({i.id for i in targets}),
            "implementation": plans[0],
            "test": plans[1],
            "backout": plans[2],
        }

    # -- incidents --

    def build_incidents(self) -> None:
        rng = self.rng
        count = self.plan.incidents
        caused_pool = [
            c
            for c in self.implemented
            if c[3] in ("backed_out", "closed", "verified", "implemented")
        ]
        caused = [
            c
            for c in caused_pool
            if (c[3] == "backed_out" and rng.random() < 0.6) or rng.random() < 0.03
        ]
        caused = caused[: max(1, count // 50)]
        year_start = local(date(self.year, 1, 1), 0)
        year_end = local(date(self.year + 1, 1, 1), 0)
        span = (year_end - year_start).total_seconds()
        specs: list[tuple[datetime, tuple[str, datetime, list[str], str] | None]] = []
        for rfc in caused:
            opened = rfc[1] + minutes(rng.randint(60, 3 * 24 * 60))
            if opened < year_end:
                specs.append((opened, rfc))
        while len(specs) < count:
            if rng.random() < 0.7:
                day = date(self.year, 1, 1) + timedelta(days=rng.randrange(365))
                if day.weekday() >= 5:
                    continue
                opened = local(day, rng.randint(7, 18), rng.randint(0, 59))
            else:
                opened = year_start + timedelta(seconds=rng.uniform(0, span))
            specs.append((opened.replace(second=0, microsecond=0), None))
        specs.sort(key=lambda s: s[0])
        assignees = (
            self.with_role("cc_support")
            + self.with_role("telecom")
            + self.with_role("help_desk")
            + self.with_role("noc")
        )
        for index, (opened, cause) in enumerate(specs, start=1):
            self._incident(f"INC-{index:04d}", opened, cause, year_end, assignees)

    def _incident(
        self,
        inc_id: str,
        opened: datetime,
        cause: tuple[str, datetime, list[str], str] | None,
        year_end: datetime,
        assignees: list[str],
    ) -> None:
        rng = self.rng
        severity = self.weighted({1: 2, 2: 8, 3: 40, 4: 50})
        if cause is not None:
            severity = self.weighted({1: 15, 2: 45, 3: 40})
            affects = list(cause[2][:2])
        else:
            affects = sorted(
                {
                    self.items[rng.randrange(len(self.items))].id
                    for _ in range(self.weighted({1: 70, 2: 25, 3: 5}))
                }
            )
        first = self._item_by_id(affects[0])
        sla = self.slas[0]
        if len(self.slas) > 1 and first.kind in ("trunk", "sbc", "network"):
            sla = self.slas[1]
        elif len(self.slas) > 2 and rng.random() < 0.15:
            sla = self.slas[rng.randrange(2, len(self.slas))]
        # 24x7 monitoring writes UTC; people write Chicago time.
        zone = None if rng.random() < 0.2 else CHICAGO
        # Wall-clock minutes (within target, late): most incidents meet their targets.
        response = {
            1: ((2, 14), (16, 40)),
            2: ((3, 28), (31, 90)),
            3: ((10, 200), (300, 900)),
            4: ((20, 600), (900, 2500)),
        }[severity]
        resolution = {
            1: ((30, 220), (250, 600)),
            2: ((45, 450), (500, 1200)),
            3: ((120, 2400), (3000, 8000)),
            4: ((240, 9000), (12000, 25000)),
        }[severity]
        responded = opened + minutes(rng.randint(*response[rng.random() > 0.95]))
        resolved = responded + minutes(rng.randint(*resolution[rng.random() > 0.94]))
        closed = resolved + minutes(rng.randint(30, 3 * 24 * 60))
        open_state = "closed"
        if resolved > year_end - timedelta(days=3) and rng.random() < 0.6:
            open_state = self.pick(["open", "responded", "resolved"])
        text = self._incident_text(first, severity)
        data: dict[str, Any] = {
            "id": inc_id,
            "title": text[0],
            "severity": severity,
            "sla": sla,
            "opened": shown(opened, zone),
        }
        if open_state != "open":
            data["responded"] = shown(responded, zone)
        if open_state in ("resolved", "closed"):
            data["resolved"] = shown(resolved, zone)
        if open_state == "closed":
            data["closed"] = shown(closed, zone)
        if (
            open_state in ("resolved", "closed")
            and rng.random() < 0.12
            and resolved - responded > timedelta(minutes=40)
        ):
            pauses = []
            cuts = sorted(
                responded + (resolved - responded) * rng.uniform(0.05, 0.95)
                for _ in range(2 * self.weighted({1: 80, 2: 20}))
            )
            for start, end in zip(cuts[::2], cuts[1::2], strict=True):
                start, end = (
                    start.replace(second=0, microsecond=0),
                    end.replace(second=0, microsecond=0),
                )
                if end <= start:
                    continue
                reason = self.weighted({"customer": 50, "vendor": 45, "other": 5})
                pause = {"start": shown(start, zone), "end": shown(end, zone), "reason": reason}
                if rng.random() < 0.5:
                    pause["note"] = PAUSE_NOTES[reason]
                pauses.append(pause)
            if pauses:
                data["pauses"] = pauses
        data["affects"] = affects
        if cause is not None:
            data["caused_by"] = cause[0]
        data["reported_by"] = self.pick(
            [
                "NOC monitoring",
                f"{self.pick(LINES)} supervisor, {self.pick(SITES)}",
                self.pick(self.with_role("liaison")),
                "Service desk call",
                "Agent via chat",
            ]
        )
        data["assignee"] = self.pick(assignees)
        data["description"] = text[1]
        if open_state == "closed" and (severity <= 2 or rng.random() < 0.2):
            data["root_cause"] = self.pick(ROOT_CAUSES)
            if cause is not None:
                data["analysis"] = (
                    f"{cause[0]} changed {first.name} shortly before; it was backed out "
                    f"or corrected. Future changes to it need a daytime load test."
                )
            elif severity <= 2:
                data["analysis"] = self.pick(ANALYSES)
        self.write(f"incidents/{inc_id}.yaml", render(data))

    def _item_by_id(self, item_id: str) -> Item:
        return self.items[int(item_id.split("-")[1]) - 1]

    def _incident_text(self, item: Item, severity: int) -> tuple[str, str]:
        rng = self.rng
        name = item.name
        n = rng.randint(2, 240)
        if severity == 1:
            title = self.pick(
                [
                    f"{name} down: calls failing",
                    f"Outage of {name}",
                    f"{name} unreachable from both sites",
                ]
            )
            description = (
                f"From the first alarm {rng.randint(30, 90)} % of calls touching {name} failed; "
                f"callers heard a fast busy or silence."
            )
        elif severity == 2:
            title = self.pick(
                [
                    f"{name} degraded: slow responses",
                    f"Intermittent failures on {name}",
                    f"One-way audio through {name}",
                ]
            )
            description = (
                f"{n} agents reported problems with {name}; a workaround was not available "
                f"for the first hour."
            )
        elif severity == 3:
            title = self.pick(
                [
                    f"Some agents cannot use {name}",
                    f"Wrong routing after {name} change",
                    f"{name} shows stale data",
                    f"Errors in {name} for a few callers",
                ]
            )
            description = f"{rng.randint(2, 15)} agents affected by a problem with {name}; a workaround exists."
        else:
            title = self.pick(
                [
                    f"Question about {name}",
                    f"Cosmetic issue in {name}",
                    f"Single user cannot reach {name}",
                    f"Report request for {name}",
                ]
            )
            description = f"One user reported an issue with {name}."
        return title, description

    # -- repository files and git --

    def build_vendors(self) -> None:
        """One vendor record per vendor the CIs name, owned by the owner of its first CI."""
        for slug, (name, owner) in sorted(self.vendors.items()):
            data = {"id": slug, "name": name, "relationship_owner": owner}
            self.write(f"vendors/{slug}.yaml", render(data))

    def extras(self) -> None:
        self.write(".gitignore", "# ccgov writes reports here by default\n/reports/\n")
        self.write(
            ".pre-commit-config.yaml",
            (
                "# Runs `ccgov validate` on every commit. The hook validates the whole\n"
                "# repository (cross-record rules need every file), so it takes no file names.\n"
                "repos:\n  - repo: https://github.com/ccgov/ccgov\n    rev: v0.1.0\n    hooks:\n"
                "      - id: ccgov-validate\n"
            ),
        )
        self.write(
            ".github/workflows/ccgov.yml",
            (
                "name: ccgov\non:\n  push:\n  pull_request:\njobs:\n  validate:\n    runs-on: ubuntu-latest\n"
                "    steps:\n      - uses: actions/checkout@v4\n        with:\n          fetch-depth: 0\n"
                '      - uses: actions/setup-python@v5\n        with:\n          python-version: "3.12"\n'
                "      - run: pip install ccgov\n      - run: ccgov validate --format github --strict\n"
            ),
        )
        self.write(
            "README.md",
            (
                f"# {ORGANISATION} (benchmark fixture)\n\nGenerated by `benchmarks/generate.py --records "
                f"{self.records} --seed {self.seed}`: {self.plan.requirements} requirements, "
                f"{self.plan.raci} RACI matrices, {self.plan.items} configuration items, "
                f"{self.plan.changes} RFCs, {self.plan.slas} SLAs and {self.plan.incidents} incidents of "
                f"{self.year}.\n"
            ),
        )

    def generate(self) -> dict[str, str]:
        self.build_people()
        self.write("ccgov.yaml", self.config())
        self.raci()
        self.vendors: dict[str, tuple[str, str]] = {}
        self.build_items()
        self.build_vendors()
        self.build_requirements()
        self.build_slas()
        self.build_changes()
        self.build_incidents()
        self.extras()
        return self.files


def _zoned(value: Any) -> Any:
    """UTC instants as Chicago wall-clock time with its offset (what people write)."""
    if isinstance(value, datetime):
        return shown(value) if value.tzinfo is UTC else value
    if isinstance(value, Flow):
        return Flow({k: _zoned(v) for k, v in value.items()})
    if isinstance(value, dict):
        return {k: _zoned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_zoned(v) for v in value]
    return value


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- static content ----------------------------------------------------------

RACI_PROCESSES: list[tuple[str, str, str, list[tuple[str, dict[str, str]]]]] = [
    (
        "rfc",
        "Request for change",
        "Every normal change: raised, assessed, approved by the CAB, implemented, verified and closed.",
        [
            (
                "Raise the RFC with plans and window",
                {"liaison": "AR", "cc_support": "R", "cab": "I", "telecom": "C"},
            ),
            (
                "Assess risk and impact",
                {"cc_support": "R", "telecom": "R", "security": "C", "cab": "A"},
            ),
            ("Approve or reject", {"cab": "AR", "liaison": "C"}),
            ("Implement in the window", {"cc_support": "AR", "telecom": "R", "noc": "I"}),
            ("Verify with the business", {"liaison": "AR", "cc_support": "C"}),
            ("Close the RFC", {"cab": "AR", "liaison": "I"}),
        ],
    ),
    (
        "emergency-action",
        "Emergency action",
        "A change that cannot wait for the CAB because service is down or at risk.",
        [
            (
                "Declare the emergency and propose the fix",
                {"noc": "R", "telecom": "R", "cc_support": "R", "cab": "A"},
            ),
            ("Approve by phone (emergency CAB)", {"cab": "AR", "security": "C"}),
            (
                "Implement and confirm service restored",
                {"telecom": "R", "cc_support": "AR", "noc": "C", "liaison": "I"},
            ),
            ("Retrospective review at the next CAB", {"cab": "AR", "liaison": "C", "noc": "C"}),
        ],
    ),
    (
        "incident-sev1-2",
        "Severity 1 and 2 incidents",
        "Outages and major degradations: bridge, vendor engagement, communication to the floor.",
        [
            ("Detect and open the incident", {"noc": "AR", "help_desk": "R"}),
            (
                "Open the bridge and engage vendors",
                {"noc": "A", "telecom": "R", "vendor": "R", "cc_support": "R"},
            ),
            ("Update the contact-center floor", {"liaison": "AR", "noc": "C"}),
            ("Restore service", {"telecom": "R", "cc_support": "R", "vendor": "R", "noc": "A"}),
            (
                "Close and hand over to root-cause analysis",
                {"help_desk": "R", "noc": "A", "cab": "I"},
            ),
        ],
    ),
    (
        "incident-sev3-4",
        "Severity 3 and 4 incidents",
        "Everything that a few agents or callers notice, or that has a workaround.",
        [
            ("Log and categorise", {"help_desk": "AR"}),
            ("Fix or route to second line", {"help_desk": "A", "cc_support": "R", "telecom": "R"}),
            ("Confirm with the reporter and close", {"help_desk": "AR", "liaison": "I"}),
        ],
    ),
    (
        "upgrade-patch",
        "Upgrade or patch",
        "Vendor releases and security patches for the contact-center platforms.",
        [
            (
                "Track vendor releases and advisories",
                {"cc_support": "R", "security": "C", "vendor": "C", "cab": "I", "telecom": "A"},
            ),
            ("Test in staging", {"cc_support": "AR", "qm": "C", "wfm": "C"}),
            ("Raise the RFC", {"cc_support": "AR", "liaison": "C"}),
            ("Install and verify", {"cc_support": "R", "vendor": "R", "telecom": "A", "noc": "I"}),
        ],
    ),
    (
        "new-business-need",
        "New business need",
        "From a request by the contact center to approved requirements and a project or RFC.",
        [
            ("Describe the need and the benefit", {"liaison": "AR", "wfm": "C", "qm": "C"}),
            ("Write requirements", {"liaison": "R", "cc_support": "C", "cab": "A"}),
            (
                "Estimate effort and risk",
                {"cc_support": "R", "telecom": "R", "security": "C", "cab": "A"},
            ),
            ("Prioritise against the roadmap", {"cab": "AR", "liaison": "C"}),
        ],
    ),
    (
        "service-catalog-change",
        "Service-catalog change",
        "Adding or changing a pre-approved standard change.",
        [
            ("Propose the catalog entry", {"help_desk": "R", "cc_support": "C", "cab": "A"}),
            ("Approve the entry", {"cab": "AR", "security": "C"}),
            ("Publish and train the service desk", {"help_desk": "AR", "liaison": "I"}),
        ],
    ),
    (
        "root-cause-analysis",
        "Root-cause analysis",
        "After every severity 1 and 2 incident and every third repeat of the same severity 3.",
        [
            (
                "Collect the timeline and evidence",
                {"noc": "R", "telecom": "R", "cc_support": "R", "cab": "A"},
            ),
            ("Find the root cause", {"cc_support": "R", "telecom": "R", "vendor": "C", "cab": "A"}),
            ("Agree actions and owners", {"cab": "AR", "liaison": "C"}),
            ("Report to the governance committee", {"cab": "AR", "liaison": "I"}),
        ],
    ),
    (
        "proactive-optimisation",
        "Proactive optimisation",
        "Regular review of routing, IVR containment and staffing against the service levels.",
        [
            (
                "Review the monthly service-level reports",
                {"wfm": "R", "liaison": "A", "cc_support": "C"},
            ),
            ("Propose routing or IVR improvements", {"cc_support": "R", "liaison": "A", "qm": "C"}),
            ("Raise RFCs for the agreed improvements", {"cc_support": "AR", "cab": "I"}),
        ],
    ),
]

CORE_ITEMS: list[tuple[str, str, str, str | None, dict[str, Any], list[int], str | None]] = [
    (
        "ACD platform (Omaha, production)",
        "software",
        "8.5.110.14",
        "Genesys",
        {"site": "omaha", "ha_mode": "hot-standby", "licensed_agents": 650},
        [3, 4],
        "Voice platform for all inbound and outbound calls; Tulsa runs the warm DR copy (CI-0007).",
    ),
    ("IVR platform", "software", "9.0.3", "Genesys", {"ports": 480}, [1], None),
    (
        "SBC Omaha",
        "sbc",
        "7.40A.500",
        "AudioCodes",
        {"site": "omaha", "sessions": 1200},
        [14],
        None,
    ),
    (
        "SBC Tulsa",
        "sbc",
        "7.40A.500",
        "AudioCodes",
        {"site": "tulsa", "sessions": 1200},
        [15],
        None,
    ),
    (
        "SIP trunk group, primary carrier (Omaha)",
        "trunk",
        "2025.3",
        "Lumen",
        {"circuit_id": "LMN-OMA-77812", "channels": 600, "codec": "G.711u"},
        [3],
        None,
    ),
    (
        "SIP trunk group, secondary carrier (Tulsa)",
        "trunk",
        "2025.1",
        "Verizon",
        {"circuit_id": "VZB-TUL-30518", "channels": 400, "codec": "G.711u"},
        [4],
        None,
    ),
    (
        "ACD platform (Tulsa, DR)",
        "software",
        "8.5.110.14",
        "Genesys",
        {"site": "tulsa", "ha_mode": "warm"},
        [4],
        None,
    ),
    ("WFM suite", "software", "2025.2", "NICE", {"forecast_interval_minutes": 15}, [1], None),
    (
        "Call recording and QM (recording cluster)",
        "software",
        "15.2",
        "Verint",
        {"retention_days": 2555, "pci_pause": True},
        [1],
        None,
    ),
    (
        "CRM (Salesforce Service Cloud)",
        "software",
        "Winter 25",
        "Salesforce",
        {"org_id": "00D5e000000ABCD"},
        [],
        None,
    ),
    ("CTI adapter", "integration", "5.1.3", "Genesys", {"servers": 2}, [1, 10], None),
    (
        "Reporting warehouse",
        "database",
        "2022.4",
        "Microsoft",
        {"engine": "SQL Server 2022"},
        [],
        None,
    ),
    (
        "Agent desktop base image",
        "desktop",
        "2025.10",
        "Microsoft",
        {"os": "Windows 11 23H2"},
        [],
        None,
    ),
    ("Core network Omaha", "network", "17.9.4", "Cisco", {"site": "omaha"}, [], None),
    ("Core network Tulsa", "network", "17.9.4", "Cisco", {"site": "tulsa"}, [], None),
    ("Voice application servers", "server", "2022.1", "Dell", {"nodes": 6}, [14], None),
    (
        "Digital engagement platform",
        "software",
        "4.2",
        "Genesys",
        {"channels": "chat, sms"},
        [1],
        None,
    ),
    ("Speech analytics", "software", "11.1", "Verint", {"languages": 2}, [9], None),
    ("Knowledge base", "software", "3.7", "ServiceNow", {}, [], None),
    (
        "ACD agent seat licences",
        "license",
        "2025",
        "Genesys",
        {"seats": 650, "renewal": "2026-06"},
        [],
        None,
    ),
]

SLA_SPECS: list[tuple[str, str, str, str, dict[int, Any], list[str]]] = [
    (
        "Contoso IT - Infrastructure and Contact-Center Platforms",
        "Contoso Contact Center",
        "cmorgan",
        "it-business",
        {
            1: (
                "Contact center cannot take calls at a site, or all IVR self-service is down.",
                ("15m", "24x7"),
                ("4h", "24x7"),
                [
                    ("30m", ["noc", "cmorgan"], "Bridge open; vendor engaged"),
                    ("2h", ["cab", "jsantos"], "Director briefed; consider DR failover"),
                ],
            ),
            2: (
                "Major degradation with no workaround.",
                ("30m", "24x7"),
                ("8h", "24x7"),
                [("2h", ["noc", "cc_support"], None), ("6h", ["cmorgan", "liaison"], None)],
            ),
            3: (
                "A few agents or callers affected, or a workaround exists.",
                ("4h", "business"),
                ("3d", "business"),
                [("2d", ["help_desk", "cc_support"], None)],
            ),
            4: (
                "Cosmetic problem, question or single-user issue.",
                ("1d", "business"),
                ("10d", "business"),
                [],
            ),
        },
        ["What IT promises the contact center; reviewed every July with the CC director."],
    ),
    (
        "Lumen Technologies with AudioCodes partner support",
        "Contoso IT - Telecom engineering",
        "mkowalski",
        "cc-extended",
        {
            1: (
                "Trunk group down or more than 50 % of calls failing.",
                ("15m", "24x7"),
                ("4h", "24x7"),
                [("1h", ["telecom", "noc"], "Carrier duty manager on the bridge")],
            ),
            2: (
                "Degraded voice quality, one-way audio or failed DID ranges.",
                ("30m", "24x7"),
                ("12h", "24x7"),
                [("4h", ["telecom"], None)],
            ),
            3: (
                "Individual numbers or features affected.",
                ("4h", "business"),
                ("2d", "business"),
                [],
            ),
            4: ("Orders, questions and reports.", ("1d", "business"), ("5d", "business"), []),
        },
        ["Back-to-back with SLA-0001: what the carrier and the SBC partner owe IT."],
    ),
    (
        "NICE WFM support",
        "Contoso Contact Center - Workforce management",
        "gferreira",
        "it-business",
        {
            1: (
                "Forecasting or real-time adherence down for all agents.",
                ("30m", "24x7"),
                ("6h", "24x7"),
                [],
            ),
            2: ("Schedules cannot be published.", ("1h", "business"), ("1d", "business"), []),
            3: ("A report or a few agents affected.", ("4h", "business"), ("3d", "business"), []),
            4: ("Questions and enhancement requests.", ("1d", "business"), ("15d", "business"), []),
        },
        ["The WFM vendor's support contract, measured on IT business hours."],
    ),
    (
        "Salesforce premier support",
        "Contoso IT - CRM team",
        "lnguyen",
        "always",
        {
            1: ("Agents cannot open customer records.", ("1h", "24x7"), ("8h", "24x7"), []),
            2: ("Screen pop or case history degraded.", ("2h", "24x7"), ("1d", "24x7"), []),
            3: ("Single feature affected.", ("8h", "24x7"), ("5d", "24x7"), []),
            4: ("Questions.", ("2d", "24x7"), ("20d", "24x7"), []),
        },
        ["CRM vendor support: around the clock, so every target counts 24x7 time."],
    ),
    (
        "Verint managed services",
        "Contoso Contact Center - Quality management",
        "hlarsen",
        "it-business",
        {
            1: (
                "Calls are not being recorded.",
                ("15m", "24x7"),
                ("4h", "24x7"),
                [("1h", ["security", "qm"], "Compliance informed: recording gap")],
            ),
            2: (
                "Recordings delayed or screen capture missing.",
                ("1h", "24x7"),
                ("12h", "24x7"),
                [],
            ),
            3: (
                "Evaluation forms or a few users affected.",
                ("4h", "business"),
                ("3d", "business"),
                [],
            ),
            4: ("Questions.", ("1d", "business"), ("10d", "business"), []),
        },
        ["Recording is in PCI scope: a recording gap is a severity 1."],
    ),
]
SLA_AVAILABILITY = [[0, 1, 8, 12], [4, 5, 2, 3], [7], [9, 10], [8, 17]]

STANDARD_REASONS = {
    "user_add": [
        "New-hire class starts on Monday; agents go live after two weeks of training.",
        "Temporary staff for the renewal season.",
    ],
    "user_remove": ["HR leaver ticket; accounts must be disabled on the last working day."],
    "user_change": [
        "Cross-trained agents cover the seasonal peak.",
        "Team lead asked for the skill change.",
    ],
    "prompt_change": ["Compliance approved new wording.", "Old recording has background noise."],
    "routing_change": ["Office closed for a company holiday.", "Weather closure of one site."],
}
ACCEPTANCE = [
    "Measured over {n} consecutive weeks in the {line} service-level report.",
    "Test calls from {n} numbers follow the expected path.",
    "Supervisors confirm the behaviour on the floor for {n} days.",
    "Monthly report shows the target met for the {line} team.",
    "Vendor test report attached to the verifying RFC.",
]
APPROVAL_COMMENTS = [
    "Low risk; backout is quick.",
    "Business signs off on the impact.",
    "Approved at CAB.",
    "Approved; keep the NOC informed during the window.",
    "Fine, provided the vendor is on standby.",
]
REJECTIONS = [
    "Too close to the quarter-end close; resubmit after it.",
    "The backout plan does not cover the recording servers.",
    "Duplicate of an approved RFC; combine them.",
    "Needs a daytime load test in staging first.",
]
REVIEWS = [
    "Right call; the fix held.",
    "RFC was on file within the hour.",
    "Action: automate the failover so the next one needs no emergency change.",
    "Reviewed at CAB; no further action.",
]
CANCELLATIONS = [
    "Superseded by a vendor fix.",
    "Business withdrew the request.",
    "Merged into a larger RFC.",
    "No longer needed after the reorganisation.",
]
EVIDENCE = [
    "All test calls reached the expected queue; screenshots in the ticket.",
    "Regression script: 20 of 20 calls passed.",
    "Vendor health check green; no errors in the log.",
    "Test agent logged in and took a call on the new configuration.",
]
FAILURES = [
    "At morning volume response times tripled; backout plan run.",
    "Calls to two DID ranges failed after the change; backed out.",
    "Recording stopped on one node; previous version restored.",
]
VERIFICATIONS = [
    "Floor managers confirm normal operation for a full business day.",
    "Service-level report for the next day shows no change in abandon rate.",
    "Requester confirms the agents and callers see the change.",
]
ROOT_CAUSES = [
    "Certificate expired on the integration server.",
    "Carrier fibre cut outside our network.",
    "Configuration error in the last change; reviewed at CAB.",
    "Vendor software defect; fix in the next maintenance release.",
    "Disk full on the reporting server after a log level was left on debug.",
    "Expired password on a service account.",
]
ANALYSES = [
    "Monitoring now alerts 30 days before certificate expiry.",
    "Failover worked; the runbook was updated with the carrier contacts.",
    "Added a peer review step for routing changes.",
    "Vendor confirmed the defect and scheduled the fix.",
]
PAUSE_NOTES = {
    "customer": "Waiting for the business to send examples.",
    "vendor": "Waiting for the vendor's second line.",
    "other": "Change freeze; fix deferred to the next window.",
}


# --- command line ------------------------------------------------------------


def git(root: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": GIT_DATE,
        "GIT_COMMITTER_DATE": GIT_DATE,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", "-C", str(root), *args], check=True, env=env, stdout=subprocess.DEVNULL)


def write_repository(out: Path, files: dict[str, str], *, commit: bool = True) -> None:
    directories = {str(Path(path).parent) for path in files}
    for directory in sorted(directories):
        (out / directory).mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        with (out / path).open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    if not commit:
        return
    git(out, "init", "-q")
    git(out, "symbolic-ref", "HEAD", "refs/heads/main")
    git(out, "config", "user.name", "Yuki Okada")
    git(out, "config", "user.email", f"yuki.okada@{DOMAIN}")
    git(out, "config", "commit.gpgsign", "false")
    git(out, "config", "tag.gpgsign", "false")
    git(out, "add", ".")
    git(
        out,
        "commit",
        "-q",
        "--no-verify",
        "-m",
        "Benchmark fixture: governed repository",
        "-m",
        f"Generated by benchmarks/generate.py ({len(files)} files).",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--records", "-n", type=int, default=10_000, help="about how many records (default 10000)"
    )
    parser.add_argument(
        "--out", "-o", type=Path, required=True, help="directory to create (must be empty)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--year", type=int, default=2025, help="the year of incidents (default 2025)"
    )
    parser.add_argument(
        "--incidents",
        type=int,
        help="this many incidents instead of the rest of --records (the other kinds as for "
        "--records); for the SLA report at scale",
    )
    parser.add_argument(
        "--no-git", action="store_true", help="write the files only; no git init/commit"
    )
    args = parser.parse_args(argv)
    if args.records < 60:
        parser.error("--records must be at least 60")
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} exists and is not empty")
    started = time.perf_counter()
    generator = Generator(args.records, args.seed, args.year, args.incidents)
    files = generator.generate()
    args.out.mkdir(parents=True, exist_ok=True)
    write_repository(args.out, files, commit=not args.no_git)
    p = generator.plan
    total = p.requirements + p.raci + p.items + p.changes + p.slas + p.incidents
    print(
        f"{args.out}: {total} records ({p.requirements} requirements, {p.raci} RACI, {p.items} CIs, "
        f"{p.changes} RFCs, {p.slas} SLAs, {p.incidents} incidents), {len(files)} files, "
        f"{time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
