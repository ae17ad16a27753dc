"""The typed command vocabulary: every command's wire form, and what from_wire refuses."""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hipbreak.core.commands import (
    BY_NAME,
    LONGEST_SECONDS,
    USER_COMMANDS,
    Command,
    CommandError,
    HoldChanged,
    OpenWindow,
    Outcome,
    Pause,
    Quit,
    Reload,
    Resume,
    SetAutostart,
    Skip,
    Snooze,
    Status,
    StretchEnded,
    StretchNow,
    StretchStarted,
    Tick,
    WindowKind,
    from_wire,
    to_wire,
)

EXAMPLES: list[tuple[Command, dict[str, Any]]] = [
    (StretchNow(), {"command": "stretch"}),
    (Snooze(), {"command": "snooze"}),
    (Snooze(300.0), {"command": "snooze", "seconds": 300.0}),
    (Skip(), {"command": "skip"}),
    (Pause(), {"command": "pause"}),
    (Pause(3600.0), {"command": "pause", "seconds": 3600.0}),
    (Resume(), {"command": "resume"}),
    (StretchStarted(), {"command": "stretch_started"}),
    (
        StretchEnded(Outcome.COMPLETED, {}),
        {"command": "stretch_ended", "outcome": "completed", "details": {}},
    ),
    (
        StretchEnded(Outcome.CANCELLED, {"progress": 0.5, "phase": "Left side hold"}),
        {
            "command": "stretch_ended",
            "outcome": "cancelled",
            "details": {"progress": 0.5, "phase": "Left side hold"},
        },
    ),
    (OpenWindow(), {"command": "window", "kind": "control"}),
    (OpenWindow(WindowKind.STATISTICS), {"command": "window", "kind": "statistics"}),
    (OpenWindow(WindowKind.SETTINGS), {"command": "window", "kind": "settings"}),
    (SetAutostart(), {"command": "autostart"}),
    (SetAutostart(True), {"command": "autostart", "on": True}),
    (SetAutostart(False), {"command": "autostart", "on": False}),
    (Reload(), {"command": "reload"}),
    (Quit(), {"command": "quit"}),
    (Status(), {"command": "status"}),
]


def same(got: Command, expected: Command) -> bool:
    """Equal commands, details included (StretchEnded leaves them out of ==)."""
    return type(got) is type(expected) and got == expected and to_wire(got) == to_wire(expected)


@pytest.mark.parametrize(("command", "wire"), EXAMPLES, ids=[w["command"] for _, w in EXAMPLES])
def test_every_user_command_round_trips(command: Command, wire: dict[str, Any]) -> None:
    assert to_wire(command) == wire
    assert json.loads(json.dumps(to_wire(command))) == wire  # plain JSON: no enums, no objects
    assert same(from_wire(to_wire(command)), command)
    assert same(from_wire(json.loads(json.dumps(wire))), command)


def test_the_examples_cover_every_user_command() -> None:
    assert {type(command) for command, _ in EXAMPLES} == set(USER_COMMANDS)


def test_names_are_unique_and_tick_is_not_a_user_command() -> None:
    names = [kind.name for kind in USER_COMMANDS]
    assert len(names) == len(set(names)) and all(names)
    assert {kind.name: kind for kind in USER_COMMANDS} == BY_NAME
    assert Tick not in USER_COMMANDS and Tick.name not in BY_NAME
    # The hold signals speak for the desktop: a client of the socket cannot fake a call or lift a hold.
    assert HoldChanged not in USER_COMMANDS and HoldChanged.name not in BY_NAME
    with pytest.raises(CommandError, match="unknown command 'hold_changed'"):
        from_wire({"command": "hold_changed", "reason": "call", "active": True})


def test_durations_are_seconds_and_integers_become_floats() -> None:
    command = from_wire({"command": "pause", "seconds": 90})
    assert isinstance(command, Pause) and command.seconds == 90.0 and type(command.seconds) is float
    assert from_wire({"command": "snooze", "seconds": LONGEST_SECONDS}) == Snooze(LONGEST_SECONDS)
    assert LONGEST_SECONDS == 7 * 24 * 3600
    assert from_wire({"command": "snooze", "seconds": 0.5}) == Snooze(0.5)


def test_null_optional_fields_mean_the_default() -> None:
    assert from_wire({"command": "snooze", "seconds": None}) == Snooze()
    assert from_wire({"command": "pause", "seconds": None}) == Pause()
    assert from_wire({"command": "autostart", "on": None}) == SetAutostart()


def test_commands_are_immutable_values() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Snooze(60).seconds = 120  # type: ignore[misc]
    assert Snooze(60) == Snooze(60.0) and Snooze(60) != Pause(60)
    assert len({Snooze(60), Snooze(60.0), Skip(), Skip()}) == 2  # hashable, usable as keys


def test_details_do_not_take_part_in_equality_but_do_travel() -> None:
    a = StretchEnded(Outcome.COMPLETED, {"seconds": 70})
    b = StretchEnded(Outcome.COMPLETED, {"seconds": 5})
    assert a == b and to_wire(a) != to_wire(b)
    assert from_wire(to_wire(a)).details == {"seconds": 70}  # type: ignore[attr-defined]


BAD: dict[str, tuple[dict[str, Any], str]] = {
    "unknown command": ({"command": "dance"}, "unknown command 'dance'"),
    "the app's own tick": ({"command": "tick"}, "unknown command 'tick'"),
    "old show": ({"command": "show"}, "unknown command 'show'"),
    "no command": ({}, "unknown command None"),
    "command not a string": ({"command": 42}, "unknown command 42"),
    "command a list": ({"command": ["status"]}, "unknown command"),
    "field of another command": ({"command": "skip", "seconds": 60}, "skip: unexpected field 'seconds'"),
    "old minutes": ({"command": "snooze", "minutes": 5}, "snooze: unexpected field 'minutes'"),
    "old until": ({"command": "pause", "until": "tomorrow"}, "pause: unexpected field 'until'"),
    "old args": ({"command": "status", "args": {}}, "status: unexpected field 'args'"),
    "old which": ({"command": "window", "which": "settings"}, "window: unexpected field 'which'"),
    "seconds zero": ({"command": "snooze", "seconds": 0}, "seconds must be more than 0"),
    "seconds negative": ({"command": "pause", "seconds": -60}, "seconds must be more than 0"),
    "seconds negative zero": ({"command": "pause", "seconds": -0.0}, "seconds must be more than 0"),
    "seconds over a week": ({"command": "snooze", "seconds": LONGEST_SECONDS + 1}, "at most 604800"),
    "seconds NaN": ({"command": "snooze", "seconds": math.nan}, "seconds must be a number"),
    "seconds infinite": ({"command": "pause", "seconds": math.inf}, "seconds must be a number"),
    "seconds minus infinity": ({"command": "pause", "seconds": -math.inf}, "seconds must be a number"),
    "seconds true": ({"command": "snooze", "seconds": True}, "seconds must be a number"),
    "seconds false": ({"command": "snooze", "seconds": False}, "seconds must be a number"),
    "seconds a string": ({"command": "snooze", "seconds": "300"}, "seconds must be a number"),
    "seconds a list": ({"command": "snooze", "seconds": [300]}, "seconds must be a number"),
    "kind unknown": ({"command": "window", "kind": "terminal"}, "kind must be one of control"),
    "kind wrong case": ({"command": "window", "kind": "Settings"}, "kind must be one of"),
    "kind null": ({"command": "window", "kind": None}, "kind must be one of"),
    "kind a number": ({"command": "window", "kind": 1}, "kind must be one of"),
    "outcome unknown": ({"command": "stretch_ended", "outcome": "abandoned"}, "outcome must be completed or"),
    "outcome null": ({"command": "stretch_ended", "outcome": None}, "outcome must be"),
    "outcome a bool": ({"command": "stretch_ended", "outcome": True}, "outcome must be"),
    "details a list": ({"command": "stretch_ended", "details": [1]}, "details must be an object"),
    "details a string": ({"command": "stretch_ended", "details": "{}"}, "details must be an object"),
    "on a string": ({"command": "autostart", "on": "yes"}, "on must be true, false or null"),
    "on a number": ({"command": "autostart", "on": 1}, "on must be true, false or null"),
}


@pytest.mark.parametrize(("message", "meaning"), BAD.values(), ids=BAD.keys())
def test_from_wire_refuses_with_a_one_line_reason(message: dict[str, Any], meaning: str) -> None:
    with pytest.raises(CommandError) as caught:
        from_wire(message)
    text = str(caught.value)
    assert meaning in text and "\n" not in text
    assert isinstance(caught.value, ValueError)


def test_an_unknown_command_lists_the_known_ones() -> None:
    with pytest.raises(CommandError) as caught:
        from_wire({"command": "dance"})
    assert f"known commands: {', '.join(sorted(BY_NAME))}" in str(caught.value)


def test_from_wire_does_not_change_its_argument() -> None:
    message = {"command": "snooze", "seconds": 60}
    from_wire(message)
    assert message == {"command": "snooze", "seconds": 60}


# -- any valid command survives the trip; anything else is a CommandError, never another exception ---

seconds = (
    st.none() | st.floats(min_value=1e-3, max_value=LONGEST_SECONDS) | st.integers(1, int(LONGEST_SECONDS))
)
json_leaf = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=200)  # details hold short texts (MAX_DETAIL_TEXT)
)
details = st.dictionaries(st.text(max_size=8), json_leaf, max_size=4)
commands = st.one_of(
    st.builds(Snooze, seconds),
    st.builds(Pause, seconds),
    st.builds(StretchEnded, st.sampled_from(Outcome), details),
    st.builds(OpenWindow, st.sampled_from(WindowKind)),
    st.builds(SetAutostart, st.none() | st.booleans()),
    st.sampled_from([StretchNow(), Skip(), Resume(), StretchStarted(), Reload(), Quit(), Status()]),
)


@given(commands)
def test_fuzz_valid_commands_round_trip(command: Command) -> None:
    wire = to_wire(command)
    assert same(from_wire(json.loads(json.dumps(wire))), command)


anything = st.recursive(json_leaf | st.floats(), lambda inner: st.lists(inner, max_size=3), max_leaves=6)
message_like = st.fixed_dictionaries(
    {"command": st.sampled_from([*BY_NAME, "tick", "show"]) | anything},
    optional={
        "seconds": anything,
        "kind": st.sampled_from([k.value for k in WindowKind]) | anything,
        "outcome": st.sampled_from([o.value for o in Outcome]) | anything,
        "details": details | anything,
        "on": anything,
        "minutes": anything,
    },
)


@given(message_like)
def test_fuzz_from_wire_raises_only_command_error(message: dict[str, Any]) -> None:
    try:
        command = from_wire(message)
    except CommandError as exc:
        assert "\n" not in str(exc)
        return
    assert type(command) in USER_COMMANDS
    assert same(from_wire(to_wire(command)), command)


@pytest.mark.parametrize(
    "details",
    [
        {"x": float("inf")},
        {"x": float("nan")},
        {"x": [1, 2]},
        {"x": {"nested": 1}},
        {"x": "y" * 201},
        {f"k{i}": i for i in range(17)},
        {"k" * 41: 1},
    ],
    ids=["inf", "nan", "list", "object", "long text", "too many", "long name"],
)
def test_stretch_details_hold_only_a_few_plain_values(details: dict[str, object]) -> None:
    with pytest.raises(CommandError, match="detail"):
        StretchEnded(Outcome.COMPLETED, details)


def test_a_command_checks_its_values_when_built_not_only_on_the_wire() -> None:
    for bad in (0, -1, float("nan"), 8 * 24 * 3600):
        with pytest.raises(CommandError):
            Snooze(bad)
        with pytest.raises(CommandError):
            Pause(bad)
