"""The control protocol: one JSON line per request and per reply, validated here without any I/O.

A request is one command of `hipbreak.core.commands` in its wire form plus the protocol version, e.g.
`{"v": 2, "command": "snooze", "seconds": 300}` (durations are always seconds); a reply is
`{"ok": true, "message": "...", "data": {...}}` or `{"ok": false, "error": "..."}`. Each travels as one
line of UTF-8 JSON ending in "\\n", at most `MAX_LINE` bytes with the newline. Never pickle: the other
end of a socket is not trusted to run code in us. docs/architecture.md lists every command.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hipbreak.core.commands import Command, CommandError, from_wire, to_wire
from hipbreak.error_text import one_line
from hipbreak.language import N_, _

if TYPE_CHECKING:
    from hipbreak.environment import Environment

VERSION = 2
MAX_LINE = 64 * 1024

# Linux keeps 108 bytes for a socket path and macOS 104, each including the terminating NUL.
_MAX_SOCKET_PATH = {"darwin": 103}
_DEFAULT_MAX_SOCKET_PATH = 107
_EXAMPLE = '{"v": 2, "command": "status"}'
# What can be wrong with a line, said of a request and of a reply: (request's text, reply's text).
# Placeholders: {size} in KiB, {example} a JSON line, {problem} and {position} from the JSON parser.
_LINE_PROBLEMS = {
    "long": (
        N_("the request is longer than {size} KiB; send a shorter one"),
        N_("the reply is longer than {size} KiB; send a shorter one"),
    ),
    "lines": (
        N_("the request spans several lines; send one JSON line per connection"),
        N_("the reply spans several lines; send one JSON line per connection"),
    ),
    "utf-8": (
        N_("the request is not UTF-8 text; send UTF-8 encoded JSON"),
        N_("the reply is not UTF-8 text; send UTF-8 encoded JSON"),
    ),
    "json": (
        N_("the request is not valid JSON ({problem} at character {position})"),
        N_("the reply is not valid JSON ({problem} at character {position})"),
    ),
    "odd_json": (
        N_("the request is not JSON that hipbreak accepts; send a plain object"),
        N_("the reply is not JSON that hipbreak accepts; send a plain object"),
    ),
    "object": (
        N_("the request must be a JSON object, e.g. {example}"),
        N_("the reply must be a JSON object, e.g. {example}"),
    ),
    "unwritable": (
        N_("the request cannot be written as JSON ({problem})"),
        N_("the reply cannot be written as JSON ({problem})"),
    ),
    "too_long": (
        N_("the request is longer than {size} KiB; shorten it"),
        N_("the reply is longer than {size} KiB; shorten it"),
    ),
}


class ProtocolError(ValueError):
    """A message broke the protocol; the text is one line saying what was wrong and how to fix it."""


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


def encode_request(command: Command) -> bytes:
    """Return the command as one newline-terminated JSON request line; any thread."""
    return _dump({"v": VERSION, **to_wire(command)}, "request")


def decode_request(raw: bytes) -> Command:
    """Parse and validate one request line (newline optional) into a command; raises only ProtocolError."""
    message = _load(raw, "request")
    if "v" not in message:
        # Translators: keep "v" (a JSON key) as it is; {version} is a number.
        text = _('the request has no protocol version; send "v": {version}')
        raise ProtocolError(text.format(version=VERSION))
    version = message.pop("v")
    if type(version) is not int or version != VERSION:
        # Translators: {version} is the version the request named, {own} the one this app speaks.
        text = _(
            "unsupported protocol version {version}; this app speaks {own}, "
            "so use the hipbreak command of the same installation"
        )
        raise ProtocolError(text.format(version=_show(version), own=VERSION))
    if "command" not in message:
        # Translators: keep "command" (a JSON key) as it is; {example} is a line of JSON.
        raise ProtocolError(_('the request has no "command"; send e.g. {example}').format(example=_EXAMPLE))
    try:
        return from_wire(message)
    except CommandError as exc:
        raise ProtocolError(str(exc)) from None


def encode_reply(reply: Reply) -> bytes:
    """Return the reply as one JSON line; ProtocolError if its data is not JSON or too long. Any thread."""
    if reply.ok:
        body: dict[str, Any] = {"ok": True, "message": one_line(reply.message), "data": dict(reply.data)}
    else:
        body = {"ok": False, "error": one_line(reply.error)}
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
        # Translators: keep "ok", true and false (JSON) as they are; {value} is what came instead.
        raise ProtocolError(_('the reply\'s "ok" must be true or false, got {value}').format(value=_show(ok)))
    unknown = sorted(set(message) - allowed)
    if unknown:
        raise ProtocolError(_("unknown reply field {name}").format(name=_show(unknown[0])))
    text = message.get(text_key)
    if not isinstance(text, str):
        # Translators: {key} is a JSON key ("message" or "error"); {value} is what came instead.
        text_problem = _('the reply\'s "{key}" must be a string, got {value}')
        raise ProtocolError(text_problem.format(key=text_key, value=_show(text)))
    if not ok:
        return Reply.failure(text)
    data = message.get("data", {})
    if not isinstance(data, dict):
        # Translators: keep "data" (a JSON key) as it is; {value} is what came instead.
        raise ProtocolError(_('the reply\'s "data" must be an object, got {value}').format(value=_show(data)))
    return Reply.success(text, data)


def socket_path(env: Environment, uid: int) -> Path:
    """Where the app's control socket lives; the same answer for the app and the CLI. Any thread.

    If `env.socket_file` is too long for a socket address (104 bytes on macOS, where temp folders are
    deep), use `/tmp/hipbreak-<uid>/<hash of the runtime dir>.sock` (`env.temp_root`) instead; the app
    makes that folder 0700 and both ends refuse it if another user made it first. The hash keeps two
    runtime dirs (say, a test and the real app) from sharing a socket.
    """
    path = env.socket_file
    limit = _MAX_SOCKET_PATH.get(env.platform, _DEFAULT_MAX_SOCKET_PATH)
    if len(str(path).encode("utf-8", "surrogateescape")) <= limit:
        return path
    digest = hashlib.sha256(str(env.runtime_dir).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return env.temp_root / f"hipbreak-{uid}" / f"{digest}.sock"


def pipe_name(env: Environment) -> str:
    """The Windows named pipe of this user's app, `\\\\.\\pipe\\hipbreak-<user>`. Any thread."""
    user = env.variables.get("USERNAME", "") or "user"
    # A backslash would start a new path component; control characters are not allowed in names.
    user = re.sub(r"[\\\x00-\x1f]", "_", user)[:200]
    return f"\\\\.\\pipe\\hipbreak-{user}"


def _problem(kind: str, what: str, **values: object) -> ProtocolError:
    """Return the error saying what `kind` of thing is wrong with the request or the reply (`what`)."""
    request_text, reply_text = _LINE_PROBLEMS[kind]
    chosen = request_text if what == "request" else reply_text
    text = _(chosen)
    return ProtocolError(text.format(size=MAX_LINE // 1024, example=_EXAMPLE, **values))


def _load(raw: bytes, what: str) -> dict[str, Any]:
    if len(raw) > MAX_LINE:
        raise _problem("long", what)
    body = raw[:-1] if raw.endswith(b"\n") else raw
    if b"\n" in body:
        raise _problem("lines", what)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise _problem("utf-8", what) from None
    try:
        value = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise _problem("json", what, problem=exc.msg, position=exc.pos) from None
    except ProtocolError:
        raise
    except (ValueError, RecursionError):
        # Huge integers and very deep nesting fail outside the JSON grammar checks.
        raise _problem("odd_json", what) from None
    if not isinstance(value, dict):
        raise _problem("object", what)
    return value


def _dump(body: dict[str, Any], what: str) -> bytes:
    try:
        line = json.dumps(body, allow_nan=False, separators=(",", ":")).encode("ascii") + b"\n"
    except (TypeError, ValueError) as exc:
        raise _problem("unwritable", what, problem=one_line(str(exc))[:80]) from None
    if len(line) > MAX_LINE:
        raise _problem("too_long", what)
    return line


def _reject_constant(name: str) -> Any:
    # Translators: {name} is what JSON allows but hipbreak does not: NaN, Infinity or -Infinity.
    raise ProtocolError(_("{name} is not a number hipbreak accepts; send a finite number").format(name=name))


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        # Two readers could otherwise disagree about which duplicate wins.
        raise ProtocolError(_("a JSON object repeats a key; send each key once"))
    return result


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
