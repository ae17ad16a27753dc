"""Parsing and formatting of durations written like "90s", "15m" or "1h30m"."""

from __future__ import annotations

import re
from datetime import timedelta

ACCEPTED_FORM = 'a duration like "90s", "15m" or "1h30m"'

_PART = re.compile(r"(\d+)([hms])")
_UNIT = {"h": 3600, "m": 60, "s": 1}


def parse_duration(text: str) -> timedelta:
    """Return the duration `text` names; raise ValueError naming the accepted form otherwise."""
    try:
        return _parse(text)
    except (ValueError, OverflowError):
        # int() and timedelta() have their own complaints about huge numbers ("99999999999h"), and an
        # OverflowError would have escaped the settings' per-key error handling and stopped the app.
        raise ValueError(f"expected {ACCEPTED_FORM}, got {text!r}") from None


def _parse(text: str) -> timedelta:
    if not isinstance(text, str):
        raise ValueError(text)
    cleaned = text.strip().lower().replace(" ", "")
    if cleaned == "0":
        return timedelta(0)
    pos = 0
    seconds = 0
    seen: set[str] = set()
    order = "hms"
    last = -1
    for match in _PART.finditer(cleaned):
        if match.start() != pos:
            break
        unit = match.group(2)
        if unit in seen or order.index(unit) < last:
            raise ValueError(text)
        seen.add(unit)
        last = order.index(unit)
        seconds += int(match.group(1)) * _UNIT[unit]
        pos = match.end()
    if not cleaned or pos != len(cleaned):
        raise ValueError(text)
    return timedelta(seconds=seconds)


def format_duration(value: timedelta) -> str:
    """Return `value` in the same compact form parse_duration reads ("1h30m", "45s", "0")."""
    total = int(value.total_seconds())
    if total <= 0:
        return "0"
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours}h")
    if minutes:
        parts.append(f"{minutes}m")
    if seconds:
        parts.append(f"{seconds}s")
    return "".join(parts)


def describe(value: timedelta) -> str:
    """Return `value` for people: "45 s", "5 min", "1 h 30 min"."""
    total = round(value.total_seconds())
    if total < 60:
        return f"{max(total, 0)} s"
    hours, rest = divmod(total, 3600)
    minutes = rest // 60
    if hours and minutes:
        return f"{hours} h {minutes} min"
    if hours:
        return f"{hours} h"
    return f"{minutes} min"
