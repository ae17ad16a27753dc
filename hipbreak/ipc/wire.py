"""The control protocol: one JSON line per request and per reply, validated here without any I/O.

A request is `{"v": 1, "command": "<name>", "args": {...}}`; a reply is
`{"ok": true, "message": "...", "data": {...}}` or `{"ok": false, "error": "..."}`. Each travels as one
line of UTF-8 JSON ending in "\\n", at most `MAX_LINE` bytes with the newline. Never pickle: the other
end of a socket is not trusted to run code in us.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hipbreak.environment import Environment

VERSION = 1
MAX_LINE = 64 * 1024
MAX_MINUTES = 24 * 60
COMMANDS = ("status", "stretch", "snooze", "skip", "pause", "resume", "quit", "reload", "show")

# Linux keeps 108 bytes for a socket path and macOS 104, each including the terminating NUL.
_MAX_SOCKET_PATH = {"darwin": 103}
_DEFAULT_MAX_SOCKET_PATH = 107
_EXAMPLE = '{"v": 1, "command": "status", "args": {}}'


class ProtocolError(ValueError):
    """A message broke the protocol; the text is one line saying what was wrong and how to fix it."""


@dataclass(frozen=True)
class Request:
    """One command for the running app; construction validates it, so every Request is well-formed."""

    command: str
    args: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.command, str) or self.command not in COMMANDS:
            raise ProtocolError(f"unknown command {_show(self.command)}; use one of: {', '.join(COMMANDS)}")
        if not isinstance(self.args, Mapping):
            raise ProtocolError(f'"args" must be a JSON object, got {_show(self.args)}; send "args": {{}}')
        object.__setattr__(self, "args", _checked_args(self.command, dict(self.args)))


@dataclass(frozen=True)
class Reply:
    """The app's answer: `message` (and `data`) when `ok`, else `error`; texts are one line for the user."""

    ok: bool
    message: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)
    error: str = ""

    @classmethod
    def success(cls, message: str, data: Mapping[str, Any] | None = None) -> Reply:
        """A reply saying the command worked; callable from any thread."""
        return cls(ok=True, message=message, data=dict(data or {}))

    @classmethod
    def failure(cls, error: str) -> Reply:
        """A reply saying what went wrong and how to fix it; callable from any thread."""
        return cls(ok=False, error=error)


def encode_request(request: Request) -> bytes:
    """Return the request as one newline-terminated JSON line; any thread."""
    return _dump({"v": VERSION, "command": request.command, "args": dict(request.args)}, "request")


def decode_request(raw: bytes) -> Request:
    """Parse and validate one request line (newline optional); raises only ProtocolError. Any thread."""
    message = _load(raw, "request")
    unknown = sorted(set(message) - {"v", "command", "args"})
    if unknown:
        raise ProtocolError(f"unknown request field {_show(unknown[0])}; send only v, command and args")
    if "v" not in message:
        raise ProtocolError(f'the request has no protocol version; send "v": {VERSION}')
    version = message["v"]
    if type(version) is not int or version != VERSION:
        raise ProtocolError(
            f"unsupported protocol version {_show(version)}; this app speaks {VERSION}, "
            "so use the hipbreak command of the same installation"
        )
    if "command" not in message:
        raise ProtocolError(f'the request has no "command"; send e.g. {_EXAMPLE}')
    return Request(message["command"], message.get("args", {}))


def encode_reply(reply: Reply) -> bytes:
    """Return the reply as one JSON line; ProtocolError if its data is not JSON or too long. Any thread."""
    if reply.ok:
        body: dict[str, Any] = {"ok": True, "message": _one_line(reply.message), "data": dict(reply.data)}
    else:
        body = {"ok": False, "error": _one_line(reply.error)}
    return _dump(body, "reply")


def decode_reply(raw: bytes) -> Reply:
    """Parse and validate one reply line; raises only ProtocolError. Any thread."""
    message = _load(raw, "reply")
    ok = message.get("ok")
    if ok is True:
        allowed, text_key = {"ok", "message", "data"}, "message"
    elif ok is False:
        allowed, text_key = {"ok", "error"}, "error"
    else:
        raise ProtocolError(f'the reply\'s "ok" must be true or false, got {_show(ok)}')
    unknown = sorted(set(message) - allowed)
    if unknown:
        raise ProtocolError(f"unknown reply field {_show(unknown[0])}")
    text = message.get(text_key)
    if not isinstance(text, str):
        raise ProtocolError(f'the reply\'s "{text_key}" must be a string, got {_show(text)}')
    if not ok:
        return Reply.failure(text)
    data = message.get("data", {})
    if not isinstance(data, dict):
        raise ProtocolError(f'the reply\'s "data" must be an object, got {_show(data)}')
    return Reply.success(text, data)


def socket_path(env: Environment, uid: int) -> Path:
    """Where the app's control socket lives; the same answer for the app and the CLI. Any thread.

    If `env.socket_file` is too long for a socket address (104 bytes on macOS, where temp folders are
    deep), use `/tmp/hipbreak-<uid>/<hash of the runtime dir>.sock` instead; the caller makes that folder
    0700. The hash keeps two runtime dirs (say, a test and the real app) from sharing a socket.
    """
    path = env.socket_file
    limit = _MAX_SOCKET_PATH.get(env.platform, _DEFAULT_MAX_SOCKET_PATH)
    if len(str(path).encode("utf-8", "surrogateescape")) <= limit:
        return path
    digest = hashlib.sha256(str(env.runtime_dir).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return Path("/tmp") / f"hipbreak-{uid}" / f"{digest}.sock"


def pipe_name(env: Environment) -> str:
    """The Windows named pipe of this user's app, `\\\\.\\pipe\\hipbreak-<user>`. Any thread."""
    user = env.variables.get("USERNAME", "") or "user"
    # A backslash would start a new path component; control characters are not allowed in names.
    user = re.sub(r"[\\\x00-\x1f]", "_", user)[:200]
    return f"\\\\.\\pipe\\hipbreak-{user}"


def _checked_args(command: str, args: dict[str, Any]) -> dict[str, Any]:
    allowed = {"snooze": ("minutes",), "pause": ("minutes", "until")}.get(command, ())
    unknown = sorted(set(args) - set(allowed))
    if unknown:
        if not allowed:
            raise ProtocolError(f'"{command}" takes no arguments; remove {_show(unknown[0])}')
        raise ProtocolError(
            f'"{command}" does not take {_show(unknown[0])}; it takes only {" or ".join(allowed)}'
        )
    if "minutes" in args:
        _check_minutes(command, args["minutes"])
    if command == "pause":
        if len(args) != 1:
            raise ProtocolError('"pause" needs exactly one of "minutes" (a number) or "until": "tomorrow"')
        if "until" in args and args["until"] != "tomorrow":
            raise ProtocolError(f'"pause" accepts only "until": "tomorrow", got {_show(args["until"])}')
    return args


def _check_minutes(command: str, value: Any) -> None:
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not is_number or not math.isfinite(value) or not 0 < value <= MAX_MINUTES:
        raise ProtocolError(
            f'"{command}" needs "minutes" as a number above 0 and at most {MAX_MINUTES}, got {_show(value)}'
        )


def _load(raw: bytes, what: str) -> dict[str, Any]:
    if len(raw) > MAX_LINE:
        raise ProtocolError(f"the {what} is longer than {MAX_LINE // 1024} KiB; send a shorter one")
    body = raw[:-1] if raw.endswith(b"\n") else raw
    if b"\n" in body:
        raise ProtocolError(f"the {what} spans several lines; send one JSON line per connection")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(f"the {what} is not UTF-8 text; send UTF-8 encoded JSON") from None
    try:
        value = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise ProtocolError(f"the {what} is not valid JSON ({exc.msg} at character {exc.pos})") from None
    except ProtocolError:
        raise
    except (ValueError, RecursionError):
        # Huge integers and very deep nesting fail outside the JSON grammar checks.
        raise ProtocolError(f"the {what} is not JSON that hipbreak accepts; send a plain object") from None
    if not isinstance(value, dict):
        raise ProtocolError(f"the {what} must be a JSON object, e.g. {_EXAMPLE}")
    return value


def _dump(body: dict[str, Any], what: str) -> bytes:
    try:
        line = json.dumps(body, allow_nan=False, separators=(",", ":")).encode("ascii") + b"\n"
    except (TypeError, ValueError) as exc:
        raise ProtocolError(f"the {what} cannot be written as JSON ({_one_line(str(exc))[:80]})") from None
    if len(line) > MAX_LINE:
        raise ProtocolError(f"the {what} is longer than {MAX_LINE // 1024} KiB; shorten it")
    return line


def _reject_constant(name: str) -> Any:
    raise ProtocolError(f"{name} is not a number hipbreak accepts; send a finite number")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        # Two readers could otherwise disagree about which duplicate wins.
        raise ProtocolError("a JSON object repeats a key; send each key once")
    return result


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
