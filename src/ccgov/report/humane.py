"""How reports show numbers to people: durations as ``2d 3h``, money with two
decimals and its currency, role names instead of slugs. Registered as Jinja
filters (``duration``, ``money``, ``when``) by :mod:`ccgov.report.render`."""

from __future__ import annotations

from datetime import datetime


def duration(minutes: float | None) -> str:
    """``2d 3h``, ``5h 20m``, ``45m``, ``30s``; the two largest units, rounded."""
    if minutes is None:
        return "n/a"
    sign = "-" if minutes < 0 else ""
    total = round(abs(minutes) * 60)  # seconds
    if total < 60:
        return f"{sign}{total}s"
    total_minutes = round(total / 60)
    days, rest = divmod(total_minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [(days, "d"), (hours, "h"), (mins, "m")]
    while parts and parts[0][0] == 0:
        parts.pop(0)
    shown = [f"{value}{unit}" for value, unit in parts[:2] if value]
    return sign + " ".join(shown)


def money(amount: float | None, currency: str = "") -> str:
    """``2,500.00 USD``."""
    if amount is None:
        return "n/a"
    text = f"{amount:,.2f}"
    return f"{text} {currency}".strip()


def when(moment: datetime | str | None, zone: str | None = None) -> str:
    """``Tue 2026-04-14 10:00`` in the moment's own offset (or ``zone``)."""
    if moment is None:
        return "-"
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if zone is not None:
        from zoneinfo import ZoneInfo

        moment = moment.astimezone(ZoneInfo(zone))
    return moment.strftime("%a %Y-%m-%d %H:%M")
