"""Hostile bytes on the control socket, and arbitrary bytes in the config file."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from pathlib import Path

from desktop import Desktop
from fault_harness import answers, socket_file, start_app
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hipbreak.adapters.config_file.read import parse_settings_text
from hipbreak.core.settings import KNOWN_KEYS, Settings

BIG = 70_000  # over the protocol's 64 KiB line limit

# Each is sent as the whole request, and must be answered {"ok": false, "error": <one line>}.
BAD_REQUESTS: dict[str, bytes] = {
    "not json": b"this is not json\n",
    "empty line": b"\n",
    "not utf-8": b"\xff\xfe\x00\n",
    "a list": b"[1, 2, 3]\n",
    "unknown command": b'{"v": 2, "command": "format-disk"}\n',
    "the app's own tick": b'{"v": 2, "command": "tick"}\n',
    "command not a string": b'{"v": 2, "command": 42}\n',
    "version a string": b'{"v": "2", "command": "status"}\n',
    "no version": b'{"command": "status"}\n',
    "the old protocol": b'{"v": 1, "command": "status", "args": {}}\n',
    "unknown field": b'{"v": 2, "command": "status", "args": []}\n',
    "seconds a string": b'{"v": 2, "command": "snooze", "seconds": "lots"}\n',
    "seconds infinite": b'{"v": 2, "command": "pause", "seconds": 1e999}\n',
    "seconds NaN": b'{"v": 2, "command": "pause", "seconds": NaN}\n',
    "seconds true": b'{"v": 2, "command": "snooze", "seconds": true}\n',
    "seconds over a week": b'{"v": 2, "command": "pause", "seconds": 604801}\n',
    "huge integer": b'{"v": 2, "command": "snooze", "seconds": ' + b"9" * 5000 + b"}\n",
    "bad window kind": b'{"v": 2, "command": "window", "kind": "terminal"}\n',
    "repeated key": b'{"v": 2, "command": "status", "command": "quit"}\n',
    "deep nesting": b"[" * 50_000 + b"\n",
    "huge line": b'{"v": 2, "command": "status", "x": "' + b"y" * BIG + b'"}\n',
    "huge, no newline": b"z" * BIG,
    "half a line, then hang up": b'{"v": 2, "comm',
    "two lines": b'{"v": 2, "command": "status"}\n{"v": 2, "command": "quit"}',
}


def exchange(path: Path, payload: bytes, timeout: float = 5.0) -> bytes:
    """Send `payload` (then end our side) while reading, and return all the app sent back."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(timeout)
        client.connect(str(path))

        def send() -> None:
            # The app stops reading at its limit and may close on us: that is its right.
            with contextlib.suppress(OSError):
                client.sendall(payload)
                client.shutdown(socket.SHUT_WR)

        sender = threading.Thread(target=send)
        sender.start()
        chunks = []
        with contextlib.suppress(ConnectionResetError):
            while chunk := client.recv(65536):
                chunks.append(chunk)
        sender.join(timeout)
    return b"".join(chunks)


def assert_refused(raw: bytes, case: str) -> str:
    """Check `raw` is one JSON line {"ok": false, "error": "..."} and return the error."""
    assert raw.endswith(b"\n") and raw.count(b"\n") == 1, f"{case}: {raw[:200]!r}"
    reply = json.loads(raw)
    assert reply["ok"] is False, f"{case}: {reply}"
    assert isinstance(reply["error"], str) and reply["error"].strip(), case
    return str(reply["error"])


def test_bad_messages_get_an_error_and_the_app_keeps_serving(desktop: Desktop, app_command: Path) -> None:
    """24 malformed, wrong-typed or oversized requests: each gets a one-line error; status works after."""
    process = start_app(desktop, app_command)
    path = socket_file(desktop)
    for case, payload in BAD_REQUESTS.items():
        reply = exchange(path, payload)
        if case == "two lines":
            # Only the first line counts; the quit after it must be ignored.
            assert json.loads(reply)["ok"] is True, reply
        else:
            assert_refused(reply, case)
        assert answers(desktop, app_command), f"no status after {case}"
    assert process.poll() is None


def test_silent_and_slow_clients_are_timed_out_and_never_block_the_cli(
    desktop: Desktop, app_command: Path
) -> None:
    """A silent client and a trickling one get a timeout error; 12 silent ones at once do not stop status."""
    start_app(desktop, app_command)
    path = socket_file(desktop)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as silent:
        silent.settimeout(10)
        silent.connect(str(path))
        began = time.monotonic()
        error = assert_refused(silent.recv(65536), "silent")
        assert "no complete request" in error and time.monotonic() - began < 5
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as slow:
        slow.settimeout(10)
        slow.connect(str(path))
        began = time.monotonic()
        with contextlib.suppress(OSError):
            for byte in b'{"v": 2, "command": "status"}':
                slow.send(bytes([byte]))
                time.sleep(0.3)  # one byte at a time, slower than the app's whole-request deadline
        assert "no complete request" in assert_refused(slow.recv(65536), "trickle")
        assert time.monotonic() - began < 5
    crowd = [socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) for _ in range(12)]
    try:
        for client in crowd:
            client.connect(str(path))
        began = time.monotonic()
        assert answers(desktop, app_command)
        print(f"status answered {time.monotonic() - began:.1f} s after 12 silent clients connected")
    finally:
        for client in crowd:
            client.close()
    assert answers(desktop, app_command)


# -- the config parser, fuzzed: no I/O, no desktop ------------------------------------------------------

CONFIG = Path("/home/someone/.config/hipbreak/config.toml")

_scalars = st.one_of(
    st.text(max_size=12),
    st.sampled_from(['"45m"', '"0"', '"1h30m"', '"09:00-17:30"', '"mon"', "true", "1e400", "nan", "-0"]),
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True).map(repr),
)
_values = st.recursive(
    _scalars.map(lambda v: v if not v or v[0] in '"-0123456789tfni' else f'"{v}"'),
    lambda inner: st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
    max_leaves=8,
)
_keys = st.one_of(
    st.sampled_from([key for keys in KNOWN_KEYS.values() for key in keys]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-.\"' ", min_size=1, max_size=10),
)
_lines = st.one_of(
    st.sampled_from(["[reminders]", "[stretch]", "[other]", "[[reminders]]", "reminders = 3", "# note", ""]),
    # Quoted names may hold escaped line breaks, which an error line must not carry through.
    st.sampled_from(['["two\\nlines"]', '"two\\nlines" = 1', '"tab\\there\\r" = "x"', '"\\u2028" = 2']),
    st.tuples(_keys, _values).map(lambda kv: f"{kv[0]} = {kv[1]}"),
    st.text(max_size=20),
)
_tomlish = st.lists(_lines, max_size=12).map(lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass"))


def _check(raw: bytes) -> None:
    settings_, errors = parse_settings_text(raw, CONFIG)
    assert isinstance(settings_, Settings)
    for error in errors:
        assert error.startswith(f"{CONFIG}: "), error
        assert "\n" not in error and "\r" not in error, error
        assert len(error) <= 400, error  # a huge value is cut short, not printed whole


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_tomlish)
@example(b"a = " + b"[" * 100_000 + b"]" * 100_000)  # tomllib recursed to death on this
@example(b"\xef\xbb\xbf[stretch]\ndaily_goal = 5\n")  # a byte-order mark
@example(b'[reminders]\nevery = "' + b"1" * 100_000 + b'"\n')  # quadratic in the old duration parser
def test_config_parser_never_raises_on_toml_like_text(raw: bytes) -> None:
    """TOML-like text of known and unknown keys and odd values: settings always, errors one line each."""
    _check(raw)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_config_parser_never_raises_on_arbitrary_bytes(raw: bytes) -> None:
    """Arbitrary bytes (not UTF-8, NULs, control codes): settings always, errors one line each."""
    _check(raw)
