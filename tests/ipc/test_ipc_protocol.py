"""The control protocol on its own: encoding, validation and addresses, with no sockets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hipbreak.environment import Environment
from hipbreak.ipc.wire import (
    COMMANDS,
    MAX_LINE,
    ProtocolError,
    Reply,
    Request,
    decode_reply,
    decode_request,
    encode_reply,
    encode_request,
    pipe_name,
    socket_path,
)

VALID = [
    ("status", {}),
    ("stretch", {}),
    ("snooze", {}),
    ("snooze", {"minutes": 10}),
    ("snooze", {"minutes": 0.5}),
    ("snooze", {"minutes": 1440}),
    ("skip", {}),
    ("pause", {"minutes": 90}),
    ("pause", {"until": "tomorrow"}),
    ("resume", {}),
    ("quit", {}),
    ("reload", {}),
    ("show", {}),
]


def line(value: Any) -> bytes:
    return json.dumps(value).encode() + b"\n"


def request_line(command: Any, args: Any = None, v: Any = 1) -> bytes:
    return line({"v": v, "command": command, "args": {} if args is None else args})


@pytest.mark.parametrize(("command", "args"), VALID)
def test_every_valid_request_round_trips(command: str, args: dict[str, Any]) -> None:
    raw = encode_request(Request(command, args))
    assert raw.endswith(b"\n") and raw.count(b"\n") == 1
    assert json.loads(raw) == {"v": 1, "command": command, "args": args}
    assert decode_request(raw) == Request(command, args)


def test_every_command_is_covered() -> None:
    assert {command for command, _ in VALID} == set(COMMANDS)


def test_args_may_be_left_out_and_the_newline_is_optional() -> None:
    assert decode_request(b'{"v": 1, "command": "status"}') == Request("status")


BAD = {
    "not utf-8": b'{"v": 1, "command": "st\xffatus", "args": {}}\n',
    "not json": b"{status}\n",
    "truncated json": b'{"v": 1, "command": "status"\n',
    "empty": b"\n",
    "array": line(["status"]),
    "string": line("status"),
    "unknown command": request_line("dance"),
    "command not a string": request_line(["status"]),
    "no command": line({"v": 1, "args": {}}),
    "no version": line({"command": "status", "args": {}}),
    "version 2": request_line("status", v=2),
    "version as string": request_line("status", v="1"),
    "version true": request_line("status", v=True),
    "unknown field": line({"v": 1, "command": "status", "args": {}, "extra": 1}),
    "args not object": request_line("status", args=[]),
    "arg to a command without args": request_line("status", {"minutes": 5}),
    "unknown snooze arg": request_line("snooze", {"seconds": 5}),
    "snooze minutes zero": request_line("snooze", {"minutes": 0}),
    "snooze minutes negative": request_line("snooze", {"minutes": -5}),
    "snooze minutes over a day": request_line("snooze", {"minutes": 1441}),
    "snooze minutes string": request_line("snooze", {"minutes": "5"}),
    "snooze minutes bool": request_line("snooze", {"minutes": True}),
    "snooze minutes null": request_line("snooze", {"minutes": None}),
    "snooze minutes NaN": b'{"v": 1, "command": "snooze", "args": {"minutes": NaN}}\n',
    "snooze minutes Infinity": b'{"v": 1, "command": "snooze", "args": {"minutes": Infinity}}\n',
    "pause without args": request_line("pause", {}),
    "pause with both": request_line("pause", {"minutes": 5, "until": "tomorrow"}),
    "pause until monday": request_line("pause", {"until": "monday"}),
    "pause minutes string": request_line("pause", {"minutes": "an hour"}),
    "duplicate key": b'{"v": 1, "command": "status", "command": "quit", "args": {}}\n',
    "two lines": request_line("status") + request_line("quit"),
    "too long": request_line("status", v=1)[:-2] + b" " * MAX_LINE + b"}\n",
    "deep nesting": b"[" * 30_000 + b"]" * 30_000,
    "huge integer": b'{"v": 1' + b"0" * 5000 + b', "command": "status"}',
    "bom": b"\xef\xbb\xbf" + request_line("status"),
}


@pytest.mark.parametrize("raw", BAD.values(), ids=BAD.keys())
def test_malformed_requests_raise_a_one_line_protocol_error(raw: bytes) -> None:
    with pytest.raises(ProtocolError) as caught:
        decode_request(raw)
    message = str(caught.value)
    assert message and "\n" not in message and len(message) < 200


def test_error_messages_say_what_to_do() -> None:
    with pytest.raises(ProtocolError, match="use one of: status, stretch"):
        decode_request(request_line("dance"))
    with pytest.raises(ProtocolError, match="longer than 64 KiB"):
        decode_request(BAD["too long"])


def test_a_line_of_exactly_64_kib_is_accepted() -> None:
    head = b'{"v": 1, "command": "status", "args": {}'
    raw = head + b" " * (MAX_LINE - len(head) - 2) + b"}\n"
    assert len(raw) == MAX_LINE
    assert decode_request(raw) == Request("status")
    with pytest.raises(ProtocolError):
        decode_request(raw[:-2] + b" }\n")


def test_requests_are_validated_when_built_too() -> None:
    with pytest.raises(ProtocolError):
        Request("snooze", {"minutes": 0})
    with pytest.raises(ProtocolError):
        Request("quit", {"now": True})


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

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.sampled_from(["tomorrow", *COMMANDS]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
request_like = st.fixed_dictionaries(
    {"v": st.just(1) | json_values, "command": st.sampled_from(COMMANDS) | json_values},
    optional={
        "args": st.dictionaries(st.sampled_from(["minutes", "until", "x"]), json_values, max_size=3)
        | json_values,
        "extra": json_values,
    },
)


def decode_or_protocol_error(raw: bytes) -> None:
    try:
        request = decode_request(raw)
    except ProtocolError as exc:
        assert "\n" not in str(exc)
        return
    assert decode_request(encode_request(request)) == request


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
@given(st.sampled_from([c for c, _ in VALID]), st.binary(max_size=8), st.integers(0, 60))
def test_fuzz_corrupted_valid_lines(command: str, junk: bytes, at: int) -> None:
    raw = request_line(command)
    decode_or_protocol_error(raw[:at] + junk + raw[at:])
