"""Parsing and formatting of durations written like "90s", "15m" or "1h30m", and showing them to people.

The written form is config syntax and stays as it is in every language; `describe` speaks the user's.
"""

from __future__ import annotations

from datetime import timedelta

from hipbreak.language import _, ngettext, pgettext

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
        # Translators: a config error; "90s", "15m" and "1h30m" are config syntax: keep them as they are.
        message = _('expected a duration like "90s", "15m" or "1h30m", got {value}')
        raise ValueError(message.format(value=_show(text))) from None


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
    """Return `value` for people in their language: "45 s", "5 min", "1 h 30 min"."""
    total = round(value.total_seconds())
    if total < 60:
        seconds = max(total, 0)
        # Translators: a duration in seconds, as short as a clock's units ("45 s").
        return ngettext("{seconds} s", "{seconds} s", seconds).format(seconds=seconds)
    hours, rest = divmod(total, 3600)
    minutes = rest // 60
    if hours and minutes:
        # Translators: a duration of whole hours and minutes, with short units ("1 h 30 min").
        return pgettext("duration", "{hours} h {minutes} min").format(hours=hours, minutes=minutes)
    if hours:
        # Translators: a duration in whole hours, with a short unit ("2 h").
        return ngettext("{hours} h", "{hours} h", hours).format(hours=hours)
    # Translators: a duration in whole minutes, with a short unit ("5 min").
    return ngettext("{minutes} min", "{minutes} min", minutes).format(minutes=minutes)
