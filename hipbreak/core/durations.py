"""Parsing and formatting of durations written like "90s", "15m" or "1h30m"."""

from __future__ import annotations

from datetime import timedelta

ACCEPTED_FORM = 'a duration like "90s", "15m" or "1h30m"'

_UNITS = "hms"  # the order parts must come in
_SECONDS = (3600, 60, 1)
_SHOWN = 60  # a value longer than this is cut short in the message


def parse_duration(text: str) -> timedelta:
    """Return the duration `text` names; raise ValueError naming the accepted form otherwise."""
    try:
        return _parse(text)
    except (ValueError, OverflowError):
        # int() and timedelta() have their own complaints about huge numbers ("99999999999h"), and an
        # OverflowError would have escaped the settings' per-key error handling and stopped the app.
        raise ValueError(f"expected {ACCEPTED_FORM}, got {_show(text)}") from None


def _parse(text: str) -> timedelta:
    # One pass over the text: a regex with a greedy digit run took time quadratic in its length.
    if not isinstance(text, str):
        raise ValueError(text)
    cleaned = text.strip().lower().replace(" ", "")
    if cleaned == "0":
        return timedelta(0)
    if not cleaned:
        raise ValueError(text)
    seconds = 0
    last = -1  # the rank in _UNITS of the unit before, so each comes once and in order
    i, end = 0, len(cleaned)
    while i < end:
        start = i
        while i < end and cleaned[i].isdecimal():  # what re's \d matches: Unicode decimal digits
            i += 1
        if i in (start, end):  # no digits, or digits with no unit
            raise ValueError(text)
        rank = _UNITS.find(cleaned[i])
        if rank <= last:
            raise ValueError(text)
        last = rank
        seconds += int(cleaned[start:i]) * _SECONDS[rank]  # int() refuses over 4300 digits at once
        i += 1
    return timedelta(seconds=seconds)


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


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
