"""Durations: "90s" / "15m" / "1h30m" parse and format back, bad forms are refused with the accepted form."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hipbreak.core.durations import describe, format_duration, parse_duration

ACCEPTED_FORM = 'a duration like "90s", "15m" or "1h30m"'


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90),
        ("15m", 900),
        ("1h30m", 5400),
        ("1h 30m", 5400),
        (" 2H ", 7200),
        ("1h0m5s", 3605),
        ("0", 0),
        ("0s", 0),
        ("000m", 0),
        ("100h", 360000),
    ],
)
def test_good_forms_parse(text: str, seconds: int) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize(
    "text",
    ["", " ", "90", "m", "1.5h", "-5m", "+5m", "5 minutes", "30m1h", "5m5m", "1d", "1h30", "h30m", "5m!",
     "99999999999999h", "9" * 5000 + "s", None, 45, 4.5, ["5m"]],
)  # fmt: skip
def test_bad_forms_are_refused_naming_the_accepted_form(text: Any) -> None:
    with pytest.raises(ValueError) as refused:
        parse_duration(text)
    shown = repr(text) if len(repr(text)) <= 60 else repr(text)[:57] + "..."
    assert str(refused.value) == f"expected {ACCEPTED_FORM}, got {shown}"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0"), (1, "1s"), (90, "1m30s"), (3600, "1h"), (5400, "1h30m"), (3605, "1h5s"), (86400, "24h")],
)
def test_format_writes_the_compact_form(seconds: int, text: str) -> None:
    assert format_duration(timedelta(seconds=seconds)) == text


def test_format_drops_fractions_and_shows_nothing_below_zero_as_zero() -> None:
    assert format_duration(timedelta(seconds=1.7)) == "1s"
    assert format_duration(timedelta(seconds=-30)) == "0"


@settings(max_examples=300)
@given(st.integers(0, 10**8))
def test_format_then_parse_gives_the_same_duration(seconds: int) -> None:
    value = timedelta(seconds=seconds)
    assert parse_duration(format_duration(value)) == value


@settings(max_examples=300)
@given(st.integers(0, 999), st.integers(0, 999), st.integers(0, 999), st.sampled_from(["", " "]))
def test_any_hms_text_parses_to_its_sum_and_formats_canonically(h: int, m: int, s: int, gap: str) -> None:
    parts = [f"{n}{unit}" for n, unit in ((h, "h"), (m, "m"), (s, "s")) if n]
    text = gap.join(parts) or "0"
    value = parse_duration(text)
    assert value == timedelta(hours=h, minutes=m, seconds=s)
    canonical = format_duration(value)
    assert parse_duration(canonical) == value
    assert format_duration(parse_duration(canonical)) == canonical


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (45, "45 s"),
        (59.6, "1 min"),
        (300, "5 min"),
        (3600, "1 h"),
        (5400, "1 h 30 min"),
        (-5, "0 s"),
    ],
)
def test_describe_speaks_to_people(seconds: float, text: str) -> None:
    assert describe(timedelta(seconds=seconds)) == text


def _regex_parse(text: Any) -> timedelta:
    """The parser before the one-pass rewrite (quadratic on long digit runs), kept as the reference."""
    if not isinstance(text, str):
        raise ValueError(text)
    cleaned = text.strip().lower().replace(" ", "")
    if cleaned == "0":
        return timedelta(0)
    pos, seconds, seen, order, last = 0, 0, set(), "hms", -1
    for match in re.finditer(r"(\d+)([hms])", cleaned):
        if match.start() != pos:
            break
        unit = match.group(2)
        if unit in seen or order.index(unit) < last:
            raise ValueError(text)
        seen.add(unit)
        last = order.index(unit)
        seconds += int(match.group(1)) * {"h": 3600, "m": 60, "s": 1}[unit]
        pos = match.end()
    if not cleaned or pos != len(cleaned):
        raise ValueError(text)
    return timedelta(seconds=seconds)


def _outcome(parse: Any, text: str) -> timedelta | str:
    try:
        return parse(text)  # type: ignore[no-any-return]
    except (ValueError, OverflowError):
        return "refused"


DURATION_LIKE = st.text(alphabet="0123456789hmsHMS \t\n.-+dx\u0663\u00b2", max_size=16)


@settings(max_examples=1000)
@given(st.one_of(DURATION_LIKE, st.text(max_size=12)))
def test_the_one_pass_parser_agrees_with_the_regex_parser(text: str) -> None:
    assert _outcome(parse_duration, text) == _outcome(_regex_parse, text)


@pytest.mark.parametrize("text", ["1" * 100_000, "1" * 100_000 + "x", "1h" + "0" * 100_000, "5m" * 50_000])
def test_a_100k_character_value_is_refused_with_a_short_message(text: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_duration(text)
    assert str(refused.value).startswith(f"expected {ACCEPTED_FORM}, got ")
    assert len(str(refused.value)) < 200
