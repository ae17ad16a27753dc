"""The control protocol on its own: encoding, validation and addresses, with no sockets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hipbreak.core.commands import (
    BY_NAME,
    LONGEST_SECONDS,
    USER_COMMANDS,
    Command,
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
    to_wire,
)
from hipbreak.environment import Environment
from hipbreak.ipc.wire import (
    MAX_LINE,
    VERSION,
    ProtocolError,
    Reply,
    decode_reply,
    decode_request,
    encode_reply,
    encode_request,
    pipe_name,
    socket_path,
)

# Every command a client may send, with the fields it carries on the wire (durations in seconds).
VALID: list[tuple[Command, dict[str, Any]]] = [
    (Status(), {"command": "status"}),
    (StretchNow(), {"command": "stretch"}),
    (Snooze(), {"command": "snooze"}),
    (Snooze(600), {"command": "snooze", "seconds": 600}),
    (Snooze(30), {"command": "snooze", "seconds": 30}),
    (Snooze(86_400), {"command": "snooze", "seconds": 86_400}),
    (Snooze(LONGEST_SECONDS), {"command": "snooze", "seconds": LONGEST_SECONDS}),
    (Skip(), {"command": "skip"}),
    (Pause(5400), {"command": "pause", "seconds": 5400}),
    (Pause(), {"command": "pause"}),  # until the next day starts
    (Resume(), {"command": "resume"}),
    (StretchStarted(), {"command": "stretch_started"}),
    (
        StretchEnded(Outcome.COMPLETED, {"seconds": 70.5}),
        {"command": "stretch_ended", "outcome": "completed", "details": {"seconds": 70.5}},
    ),
    (
        StretchEnded(Outcome.CANCELLED, {"progress": 0.4, "reason": "escape"}),
        {
            "command": "stretch_ended",
            "outcome": "cancelled",
            "details": {"progress": 0.4, "reason": "escape"},
        },
    ),
    (OpenWindow(WindowKind.CONTROL), {"command": "window", "kind": "control"}),  # the old "show"
    (OpenWindow(WindowKind.STATISTICS), {"command": "window", "kind": "statistics"}),
    (OpenWindow(WindowKind.SETTINGS), {"command": "window", "kind": "settings"}),
    (SetAutostart(), {"command": "autostart"}),  # toggle
    (SetAutostart(True), {"command": "autostart", "on": True}),
    (SetAutostart(False), {"command": "autostart", "on": False}),
    (Reload(), {"command": "reload"}),
    (Quit(), {"command": "quit"}),
]
VALID_IDS = [json.dumps(wire, sort_keys=True) for _, wire in VALID]


def line(value: Any) -> bytes:
    return json.dumps(value).encode() + b"\n"


def request_line(command: Any, v: Any = VERSION, **fields: Any) -> bytes:
    return line({"v": v, "command": command, **fields})


def same(got: Command, expected: Command) -> bool:
    """Equal commands, details included (StretchEnded leaves them out of ==)."""
    return type(got) is type(expected) and got == expected and to_wire(got) == to_wire(expected)


@pytest.mark.parametrize(("command", "wire"), VALID, ids=VALID_IDS)
def test_every_valid_request_round_trips(command: Command, wire: dict[str, Any]) -> None:
    raw = encode_request(command)
    assert raw.endswith(b"\n") and raw.count(b"\n") == 1
    assert json.loads(raw) == {"v": 2, **wire}
    assert same(decode_request(raw), command)
    assert same(decode_request(line({"v": 2, **wire})), command)


def test_every_command_is_covered() -> None:
    assert {type(command) for command, _ in VALID} == set(USER_COMMANDS)
    assert {wire["command"] for _, wire in VALID} == set(BY_NAME)


def test_optional_fields_may_be_left_out_or_null_and_the_newline_is_optional() -> None:
    assert decode_request(b'{"v": 2, "command": "status"}') == Status()
    assert decode_request(b'{"v": 2, "command": "snooze", "seconds": null}') == Snooze()
    assert decode_request(b'{"v": 2, "command": "pause", "seconds": null}') == Pause()
    assert decode_request(b'{"v": 2, "command": "autostart", "on": null}') == SetAutostart()


def test_whole_seconds_arrive_as_floats() -> None:
    command = decode_request(request_line("snooze", seconds=300))
    assert command == Snooze(300.0)
    assert isinstance(command, Snooze) and type(command.seconds) is float


BAD = {
    "not utf-8": b'{"v": 2, "command": "st\xffatus"}\n',
    "not json": b"{status}\n",
    "truncated json": b'{"v": 2, "command": "status"\n',
    "empty": b"\n",
    "array": line(["status"]),
    "string": line("status"),
    "unknown command": request_line("dance"),
    "tick is the app's own": request_line("tick"),
    "command not a string": request_line(["status"]),
    "command null": request_line(None),
    "no command": line({"v": 2}),
    "no version": line({"command": "status"}),
    "version 1": request_line("status", v=1),
    "version 3": request_line("status", v=3),
    "version as string": request_line("status", v="2"),
    "version true": request_line("status", v=True),
    "version float": request_line("status", v=2.0),
    "unknown field": request_line("status", extra=1),
    "v1 args object": request_line("status", args={}),
    "v1 snooze args": request_line("snooze", args={"minutes": 5}),
    "field on a command without fields": request_line("status", seconds=5),
    "snooze minutes": request_line("snooze", minutes=5),
    "pause until tomorrow": request_line("pause", until="tomorrow"),
    "show is gone": request_line("show"),
    "snooze seconds zero": request_line("snooze", seconds=0),
    "snooze seconds negative": request_line("snooze", seconds=-300),
    "snooze seconds over a week": request_line("snooze", seconds=LONGEST_SECONDS + 1),
    "snooze seconds string": request_line("snooze", seconds="300"),
    "snooze seconds bool": request_line("snooze", seconds=True),
    "snooze seconds list": request_line("snooze", seconds=[300]),
    "snooze seconds NaN": b'{"v": 2, "command": "snooze", "seconds": NaN}\n',
    "snooze seconds Infinity": b'{"v": 2, "command": "snooze", "seconds": Infinity}\n',
    "snooze seconds 1e999": b'{"v": 2, "command": "snooze", "seconds": 1e999}\n',
    "pause seconds zero": request_line("pause", seconds=0),
    "pause seconds string": request_line("pause", seconds="an hour"),
    "window kind unknown": request_line("window", kind="terminal"),
    "window kind null": request_line("window", kind=None),
    "window kind number": request_line("window", kind=1),
    "window which": request_line("window", which="statistics"),
    "outcome unknown": request_line("stretch_ended", outcome="abandoned"),
    "outcome null": request_line("stretch_ended", outcome=None),
    "details not an object": request_line("stretch_ended", outcome="completed", details=[1]),
    "autostart on a string": request_line("autostart", on="yes"),
    "autostart on a number": request_line("autostart", on=1),
    "duplicate key": b'{"v": 2, "command": "status", "command": "quit"}\n',
    "two lines": request_line("status") + request_line("quit"),
    "too long": request_line("status")[:-2] + b" " * MAX_LINE + b"}\n",
    "deep nesting": b"[" * 30_000 + b"]" * 30_000,
    "huge integer": b'{"v": 2' + b"0" * 5000 + b', "command": "status"}',
    "huge integer seconds": b'{"v": 2, "command": "snooze", "seconds": 9' + b"0" * 5000 + b"}",
    "bom": b"\xef\xbb\xbf" + request_line("status"),
}


@pytest.mark.parametrize("raw", BAD.values(), ids=BAD.keys())
def test_malformed_requests_raise_a_one_line_protocol_error(raw: bytes) -> None:
    with pytest.raises(ProtocolError) as caught:
        decode_request(raw)
    message = str(caught.value)
    assert message and "\n" not in message and len(message) < 200


def test_error_messages_say_what_to_do() -> None:
    with pytest.raises(ProtocolError, match="unknown command 'dance'") as caught:
        decode_request(request_line("dance"))
    assert all(name in str(caught.value) for name in BY_NAME)  # it lists the commands that exist
    with pytest.raises(ProtocolError, match="unknown command 'tick'"):
        decode_request(request_line("tick"))
    with pytest.raises(ProtocolError, match="version 1; this app speaks 2"):
        decode_request(request_line("status", v=1))
    with pytest.raises(ProtocolError, match='no protocol version; send "v": 2'):
        decode_request(BAD["no version"])
    with pytest.raises(ProtocolError, match="snooze: unexpected field 'minutes'"):
        decode_request(BAD["snooze minutes"])
    with pytest.raises(ProtocolError, match="status: unexpected field 'args'"):
        decode_request(BAD["v1 args object"])
    for case in (
        "snooze seconds zero",
        "snooze seconds over a week",
        "snooze seconds string",
        "pause seconds zero",
    ):
        with pytest.raises(ProtocolError, match="seconds must be"):
            decode_request(BAD[case])
    with pytest.raises(ProtocolError, match="kind must be one of control, statistics, settings"):
        decode_request(BAD["window kind unknown"])
    with pytest.raises(ProtocolError, match="outcome must be completed or cancelled"):
        decode_request(BAD["outcome unknown"])
    with pytest.raises(ProtocolError, match="on must be true, false or null"):
        decode_request(BAD["autostart on a string"])
    with pytest.raises(ProtocolError, match="longer than 64 KiB"):
        decode_request(BAD["too long"])


def test_a_line_of_exactly_64_kib_is_accepted() -> None:
    head = b'{"v": 2, "command": "status"'
    raw = head + b" " * (MAX_LINE - len(head) - 2) + b"}\n"
    assert len(raw) == MAX_LINE
    assert decode_request(raw) == Status()
    with pytest.raises(ProtocolError):
        decode_request(raw[:-2] + b" }\n")


def test_requests_are_validated_when_built_too() -> None:
    with pytest.raises(ValueError, match="seconds must be more than 0"):
        encode_request(Snooze(0))


def test_the_app_s_own_tick_never_decodes_from_the_wire() -> None:
    # A client may build a Tick, but the app refuses it: alarms are not the CLI's to fire.
    with pytest.raises(ProtocolError, match="unknown command"):
        decode_request(encode_request(Tick()))


def test_replies_round_trip() -> None:
    good = Reply.success("Snoozed for 10 minutes.", {"next": "2024-05-01T10:00:00+02:00", "count": 2})
    bad = Reply.failure("unknown command; use status")
    assert decode_reply(encode_reply(good)) == good
    assert decode_reply(encode_reply(bad)) == bad
    assert json.loads(encode_reply(bad)) == {"ok": False, "error": "unknown command; use status"}


def test_reply_texts_are_flattened_to_one_line() -> None:
    raw = encode_reply(Reply.success("first\nsecond\r\n third"))
    assert raw.count(b"\n") == 1
    assert decode_reply(raw).message == "first second third"


@pytest.mark.parametrize("data", [{"when": object()}, {"x": float("nan")}, {"blob": "x" * MAX_LINE}])
def test_replies_that_cannot_be_sent_raise_protocol_error(data: dict[str, Any]) -> None:
    with pytest.raises(ProtocolError):
        encode_reply(Reply.success("ok", data))


@pytest.mark.parametrize(
    "raw",
    [
        b"[]",
        b'{"ok": 1, "message": "x"}',
        b'{"ok": true}',
        b'{"ok": true, "message": "x", "data": []}',
        b'{"ok": false, "message": "x"}',
        b'{"ok": true, "message": "x", "extra": 1}',
        b"\xff",
    ],
)
def test_malformed_replies_raise_protocol_error(raw: bytes) -> None:
    with pytest.raises(ProtocolError):
        decode_reply(raw)


def env_at(runtime_dir: Path, platform: str = "linux") -> Environment:
    return Environment(
        config_dir=Path("/c"),
        data_dir=Path("/d"),
        log_dir=Path("/l"),
        runtime_dir=runtime_dir,
        home=Path("/h"),
        platform=platform,
        variables={"USERNAME": "DOMAIN\\ann"},
    )


def test_socket_path_is_the_runtime_socket_when_it_fits() -> None:
    env = env_at(Path("/run/user/1000/hipbreak"))
    assert socket_path(env, 1000) == Path("/run/user/1000/hipbreak/hipbreak.sock")


def test_socket_path_falls_back_to_a_short_private_path_when_too_long() -> None:
    fits = Path("/" + "x" * (103 - len("/hipbreak.sock") - 1))
    assert len(str(fits / "hipbreak.sock")) == 103
    assert socket_path(env_at(fits, "darwin"), 501) == fits / "hipbreak.sock"
    too_long = Path(str(fits) + "y")
    fallback = socket_path(env_at(too_long, "darwin"), 501)
    assert fallback.parent == Path("/tmp/hipbreak-501")
    assert len(str(fallback)) < 104
    # Linux allows a few more bytes, and two runtime dirs never share a fallback.
    assert socket_path(env_at(too_long, "linux"), 501) == too_long / "hipbreak.sock"
    other = socket_path(env_at(Path(str(too_long) + "z"), "darwin"), 501)
    assert other != fallback and other.parent == fallback.parent


def test_pipe_name_is_per_user_and_has_no_extra_path_parts() -> None:
    assert pipe_name(env_at(Path("/r"), "win32")) == "\\\\.\\pipe\\hipbreak-DOMAIN_ann"


# -- fuzzing: whatever arrives, decode_request raises nothing but ProtocolError ----------------------

NAMES = sorted(BY_NAME)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.sampled_from(
        ["tomorrow", "tick", "show", *NAMES, *(k.value for k in WindowKind), *(o.value for o in Outcome)]
    ),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
request_like = st.fixed_dictionaries(
    {"v": st.just(2) | json_values, "command": st.sampled_from(NAMES) | json_values},
    optional={
        "seconds": st.floats(-10.0, 2 * LONGEST_SECONDS) | st.integers(-10, 10**7) | json_values,
        "kind": st.sampled_from([k.value for k in WindowKind]) | json_values,
        "outcome": st.sampled_from([o.value for o in Outcome]) | json_values,
        "details": st.dictionaries(st.text(max_size=8), json_values, max_size=3) | json_values,
        "on": st.booleans() | json_values,
        "minutes": json_values,
        "args": json_values,
    },
)


def decode_or_protocol_error(raw: bytes) -> None:
    try:
        command = decode_request(raw)
    except ProtocolError as exc:
        assert "\n" not in str(exc)
        return
    assert same(decode_request(encode_request(command)), command)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=256))
def test_fuzz_arbitrary_bytes(raw: bytes) -> None:
    decode_or_protocol_error(raw)


@settings(max_examples=400, deadline=None)
@given(json_values)
def test_fuzz_arbitrary_json_values(value: Any) -> None:
    decode_or_protocol_error(json.dumps(value).encode())


@settings(max_examples=600, deadline=None)
@given(request_like)
def test_fuzz_request_shaped_objects(value: dict[str, Any]) -> None:
    decode_or_protocol_error(json.dumps(value).encode())


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([command for command, _ in VALID]), st.binary(max_size=8), st.integers(0, 60))
def test_fuzz_corrupted_valid_lines(command: Command, junk: bytes, at: int) -> None:
    raw = encode_request(command)
    decode_or_protocol_error(raw[:at] + junk + raw[at:])
