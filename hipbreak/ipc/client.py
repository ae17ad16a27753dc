"""The CLI's end of the control channel: send one command to the running app and return its reply."""

from __future__ import annotations

import os
import socket
import time

from hipbreak.core.commands import Command
from hipbreak.environment import Environment
from hipbreak.ipc.wire import (
    MAX_LINE,
    ProtocolError,
    Reply,
    decode_reply,
    encode_request,
    pipe_name,
    socket_path,
)


class ControlError(Exception):
    """The command could not be delivered or answered; the message is one line for the user."""


class NotRunning(ControlError):
    """No hipbreak app is listening for this user."""

    def __init__(self) -> None:
        super().__init__("hipbreak is not running; start it with `hipbreak` (or from your app menu)")


def send(env: Environment, command: Command, timeout: float = 5.0) -> Reply:
    """Deliver one command and return the app's reply, within `timeout` seconds in all; any thread.

    Raises NotRunning when no app listens (including a socket file left by a crashed app, which
    refuses connections) and ControlError for a bad command, a timeout or a reply that makes no sense.
    An `ok: false` reply is returned, not raised.
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
        raise ControlError(f"the running app sent a reply this command does not understand: {exc}") from None


def _exchange_socket(env: Environment, line: bytes, timeout: float) -> bytes:
    # No probing of the instance lock here: even a shared lock taken for a moment could make an app
    # that starts at that instant believe another one runs.
    path = str(socket_path(env, os.geteuid()))
    deadline = time.monotonic() + timeout
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        try:
            _connect(conn, path, deadline)
        except (FileNotFoundError, ConnectionRefusedError):
            raise NotRunning() from None
        except TimeoutError:
            raise ControlError(_hung(timeout)) from None
        except PermissionError:
            raise ControlError(f"not allowed to open {path}; is it another user's? Remove it") from None
        except OSError as exc:
            raise ControlError(f"cannot reach the running app at {path}: {exc.strerror}") from None
        try:
            conn.settimeout(max(deadline - time.monotonic(), 0.001))
            conn.sendall(line)
            return _read_reply(conn, deadline, timeout)
        except TimeoutError:
            raise ControlError(_hung(timeout)) from None
        except OSError as exc:
            raise ControlError(f"the connection to the running app broke: {exc.strerror}") from None


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
            raise ControlError(f"the running app's reply is longer than {MAX_LINE // 1024} KiB")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        conn.settimeout(remaining)
        chunk = conn.recv(MAX_LINE + 1 - len(buffer))
        if not chunk:
            raise ControlError("the running app hung up without replying; see its log")
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
        raise ControlError(f"cannot reach the running app at {address}: {exc}") from None
    with conn:
        try:
            conn.send_bytes(line)
            if not conn.poll(timeout):
                raise ControlError(_hung(timeout))
            return bytes(conn.recv_bytes(MAX_LINE))
        except EOFError:
            raise ControlError("the running app hung up without replying; see its log") from None
        except OSError as exc:
            raise ControlError(f"the connection to the running app broke: {exc}") from None


def _hung(timeout: float) -> str:
    return f"the running app did not answer within {timeout:g} s; it may be stuck, see its log"
