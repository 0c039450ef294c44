"""Who is acting: the person whose email matches git's user.email."""

from __future__ import annotations

from ccgov.errors import RefusedError
from ccgov.records.config import Person, RepoConfig


def actor(config: RepoConfig, email: str | None) -> Person:
    if not email:
        raise RefusedError(
            "git does not know who you are (user.email is not set)",
            hint="git config user.email you@example.com  (the address listed for you in ccgov.yaml)",
        )
    person = config.person_by_email(email)
    if person is None:
        raise RefusedError(
            f"{email} is not a person in ccgov.yaml, so ccgov cannot record who is acting",
            hint="add yourself under people: in ccgov.yaml (handle, name, email: "
            f"{email}, organisation, roles) and commit that first, or set git's user.email to "
            "the address listed for you",
        )
    if not person.active:
        raise RefusedError(
            f"{email} is {person.handle} in ccgov.yaml, who is marked inactive (active: false), "
            "so ccgov records no action by them",
            hint="an inactive person's approvals, reviews and tests do not count; if "
            f"{person.handle} is back, a governance change sets active: true again",
        )
    return person
