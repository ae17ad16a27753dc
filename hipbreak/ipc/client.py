"""The CLI's end of the control channel: send one command to the running app and return its reply."""

from __future__ import annotations

import os
import socket
import struct
import time
from pathlib import Path

from hipbreak.core.commands import Command
from hipbreak.environment import Environment
from hipbreak.ipc.instance import InstanceError, check_private_dir, read_lock_note
from hipbreak.ipc.wire import (
    MAX_LINE,
    ProtocolError,
    Reply,
    decode_reply,
    encode_request,
    pipe_name,
    socket_path,
)
from hipbreak.language import _


class ControlError(Exception):
    """The command could not be delivered or answered; the message is one line for the user."""


class NotRunning(ControlError):
    """No hipbreak app is listening for this user."""

    def __init__(self) -> None:
        super().__init__(_("hipbreak is not running; start it with `hipbreak` (or from your app menu)"))


class NotAnswering(ControlError):
    """An app listens on the socket (so it is alive) but gave no answer in time: stopped, stuck or slow."""


class NotSafe(ControlError):
    """The socket's folder or the process behind it is not this user's; nothing was sent."""


def send(env: Environment, command: Command, timeout: float = 5.0) -> Reply:
    """Deliver one command and return the app's reply, within `timeout` seconds in all; any thread.

    Raises NotRunning when no app listens (including a socket file left by a crashed app, which
    refuses connections), NotAnswering when an app holds the socket but gives no answer in time,
    NotSafe when the socket's folder or its server belongs to another user (nothing is sent then), and
    ControlError for a bad command or a reply that makes no sense. An `ok: false` reply is returned.
    """
    try:
        line = encode_request(command)
    except ProtocolError as exc:
        raise ControlError(str(exc)) from None
    if env.platform == "win32":
        raw = _exchange_pipe(env, line, timeout)
    else:
        raw = _exchange_socket(env, line, timeout)
    try:
        return decode_reply(raw)
    except ProtocolError as exc:
        # Translators: {problem} says what is wrong with the reply.
        text = _("the running app sent a reply this command does not understand: {problem}")
        raise ControlError(text.format(problem=exc)) from None


def _exchange_socket(env: Environment, line: bytes, timeout: float) -> bytes:
    # No probing of the instance lock here: even a shared lock taken for a moment could make an app
    # that starts at that instant believe another one runs.
    deadline = time.monotonic() + timeout
    path = socket_path(env, os.geteuid())
    try:
        return _exchange_at(env, path, line, deadline, timeout)
    except NotRunning:
        # Another session of this user (its own XDG_RUNTIME_DIR) may run the one app: its per-user lock
        # names its socket. That socket gets the same checks as ours.
        _pid, elsewhere = read_lock_note(env.app_lock_file)
        if elsewhere is None or elsewhere == path:
            raise
        return _exchange_at(env, elsewhere, line, deadline, timeout)


def _exchange_at(env: Environment, path: Path, line: bytes, deadline: float, timeout: float) -> bytes:
    """Send `line` to the socket at `path` once its folder and its server are known to be ours."""
    try:
        if not check_private_dir(path.parent, env.platform):
            raise NotRunning()
    except InstanceError as exc:
        raise NotSafe(str(exc)) from None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        try:
            _connect(conn, str(path), deadline)
        except (FileNotFoundError, ConnectionRefusedError):
            raise NotRunning() from None
        except TimeoutError:
            raise NotAnswering(_hung(_holder(env, path), timeout)) from None
        except PermissionError:
            raise NotSafe(
                _("not allowed to open {path}; is it another user's? Remove it").format(path=path)
            ) from None
        except OSError as exc:
            raise ControlError(_unreachable(path, exc.strerror)) from None
        owner = _peer_uid(conn)
        if owner is not None and owner != os.geteuid():
            # Translators: {uid} is the other user's number; {folder} is the socket's folder.
            text = _(
                "the process listening on {path} runs as another user (uid {uid}), so nothing was sent; "
                "remove {folder} (as root if need be) and start hipbreak again"
            )
            raise NotSafe(text.format(path=path, uid=owner, folder=path.parent))
        try:
            conn.settimeout(max(deadline - time.monotonic(), 0.001))
            conn.sendall(line)
            return _read_reply(conn, deadline, timeout)
        except TimeoutError:
            raise NotAnswering(_hung(_holder(env, path), timeout)) from None
        except OSError as exc:
            raise ControlError(_broke(exc.strerror)) from None


def _peer_uid(conn: socket.socket) -> int | None:
    """The uid of the process at the other end (Linux); None where the system cannot tell."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return None  # macOS: the private folder alone keeps others out
    credentials = conn.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return int(uid)


def _connect(conn: socket.socket, path: str, deadline: float) -> None:
    while True:
        conn.settimeout(max(deadline - time.monotonic(), 0.001))
        try:
            conn.connect(path)
            return
        except BlockingIOError:
            # Linux refuses at once with EAGAIN while the app's accept queue is full: wait our turn.
            if time.monotonic() >= deadline:
                raise TimeoutError from None
            time.sleep(0.02)


def _read_reply(conn: socket.socket, deadline: float, timeout: float) -> bytes:
    buffer = bytearray()
    while b"\n" not in buffer:
        if len(buffer) > MAX_LINE:
            text = _("the running app's reply is longer than {size} KiB")
            raise ControlError(text.format(size=MAX_LINE // 1024))
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        conn.settimeout(remaining)
        chunk = conn.recv(MAX_LINE + 1 - len(buffer))
        if not chunk:
            raise ControlError(_("the running app hung up without replying; see its log"))
        buffer += chunk
    return bytes(buffer[: buffer.index(b"\n") + 1])


def _exchange_pipe(env: Environment, line: bytes, timeout: float) -> bytes:
    from multiprocessing.connection import Client

    address = pipe_name(env)
    try:
        # multiprocessing waits for a busy pipe by itself, for up to 20 s; a missing one fails at once.
        conn = Client(address, family="AF_PIPE")
    except FileNotFoundError:
        raise NotRunning() from None
    except OSError as exc:
        raise ControlError(_unreachable(address, exc)) from None
    with conn:
        try:
            conn.send_bytes(line)
            if not conn.poll(timeout):
                raise NotAnswering(_hung(None, timeout))
            return bytes(conn.recv_bytes(MAX_LINE))
        except EOFError:
            raise ControlError(_("the running app hung up without replying; see its log")) from None
        except OSError as exc:
            raise ControlError(_broke(exc)) from None


def _holder(env: Environment, path: Path) -> int | None:
    """The pid of the app behind the socket at `path`, from the lock file next to it; None if unknown."""
    lock = env.lock_file if path == socket_path(env, os.geteuid()) else env.app_lock_file
    return read_lock_note(lock)[0]


def _hung(pid: int | None, timeout: float) -> str:
    """Say that the app holds the socket but gave no answer within `timeout` seconds, and what to do."""
    if pid is None:
        # Translators: {seconds} is a number of seconds, e.g. 5.
        text = _(
            "hipbreak is running but did not answer within {seconds} s; "
            "it may be stopped or stuck, see its log"
        )
    else:
        # Translators: {pid} is the app's process number; keep `kill {pid}` as it is.
        text = _(
            "hipbreak is running (pid {pid}) but did not answer within {seconds} s; "
            "it may be stopped or stuck: see its log, or end it with `kill {pid}`"
        )
    return text.format(pid=pid, seconds=f"{timeout:g}")


def _unreachable(address: object, reason: object) -> str:
    """Say that the app's socket or pipe at `address` cannot be reached, and why."""
    # Translators: {reason} is the system's reason, e.g. "Permission denied".
    return _("cannot reach the running app at {address}: {reason}").format(address=address, reason=reason)


def _broke(reason: object) -> str:
    """Say that the connection to the app broke, and why."""
    return _("the connection to the running app broke: {reason}").format(reason=reason)
