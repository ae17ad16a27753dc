"""The app's end of the control channel: listen, read one request per connection, answer it, hang up."""

from __future__ import annotations

import contextlib
import logging
import os
import selectors
import socket
import struct
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hipbreak.core.commands import Command
from hipbreak.environment import Environment
from hipbreak.ipc.instance import InstanceError, ensure_private_dir
from hipbreak.ipc.wire import (
    MAX_LINE,
    ProtocolError,
    Reply,
    decode_request,
    encode_reply,
    pipe_name,
    socket_path,
)
from hipbreak.language import _

Handler = Callable[[Command], Reply]


class ListenError(OSError):
    """The control channel cannot be opened; the message says why and what to do."""


class ControlServer:
    """Serves `handle` to CLI clients; start and stop it from one thread (the composition root's).

    `handle` runs on a short-lived server thread, one per connection and at most `max_connections` at
    once; it should post the command to the state thread and wait (with its own timeout) for the reply.
    A client gets `read_timeout` seconds to send its line, so one that never speaks only holds one slot.
    """

    def __init__(
        self, env: Environment, handle: Handler, *, read_timeout: float = 2.0, max_connections: int = 8
    ) -> None:
        self._env = env
        self._handle = handle
        self._read_timeout = read_timeout
        self._max_connections = max_connections
        self._slots = threading.Semaphore(max_connections)
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._listener: Any = None  # a socket, or a multiprocessing Listener on Windows
        self._selector: selectors.BaseSelector | None = None
        self._wake: tuple[socket.socket, socket.socket] | None = None
        self._inode = 0
        self._connections: set[threading.Thread] = set()
        self._connections_lock = threading.Lock()
        self._log = logging.getLogger(__name__)
        windows = env.platform == "win32"
        self.address = pipe_name(env) if windows else str(socket_path(env, os.geteuid()))

    def start(self) -> None:
        """Listen on a daemon thread; call from the owner's thread while holding the InstanceLock.

        Holding the lock makes any socket file found here a dead app's, so it is removed. Raises
        ListenError (an OSError) when the channel cannot be opened.
        """
        if self._thread is not None:
            return
        self._stopping.clear()
        self._slots = threading.Semaphore(self._max_connections)  # stop() left an extra permit
        if self._env.platform == "win32":
            self._open_pipe()
            target = self._accept_pipes
        else:
            self._open_socket()
            target = self._accept_sockets
        self._thread = threading.Thread(target=target, name="hipbreak-ipc-accept", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop listening and remove the socket; any thread, even inside `handle` (it never waits for it).

        Connections already accepted still get their reply: outside `handle`, this waits for them (at most
        `read_timeout` and a little), since the process may exit right after and take their threads along.
        """
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stopping.set()
        self._slots.release()  # in case the accept thread waits for a free slot
        if self._wake is not None:
            with contextlib.suppress(OSError):
                self._wake[1].send(b"\0")
        elif self._env.platform == "win32":
            self._wake_pipe_listener()
        if thread is not threading.current_thread():
            thread.join(timeout=5)
        self._close()
        with self._connections_lock:
            pending = list(self._connections)
        if threading.current_thread() in pending:
            return
        deadline = time.monotonic() + self._read_timeout + 0.5
        for connection in pending:
            connection.join(timeout=max(0.0, deadline - time.monotonic()))

    # -- AF_UNIX (Linux, macOS) --------------------------------------------------------------------

    def _open_socket(self) -> None:
        path = self.address
        try:
            ensure_private_dir(self._env.runtime_dir, self._env.platform)
            ensure_private_dir(Path(path).parent, self._env.platform)  # the short /tmp fallback, if used
        except InstanceError as exc:
            raise ListenError(str(exc)) from exc
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            text = _("cannot remove the old socket {path} ({reason}); remove it by hand")
            raise ListenError(text.format(path=path, reason=exc.strerror)) from exc
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        # The umask makes bind create the socket 0600 at once, leaving no moment where it is wider.
        # It is process-wide, so another thread creating a file right now gets it private too.
        old_umask = os.umask(0o177)
        try:
            listener.bind(path)
        except OSError as exc:
            listener.close()
            raise ListenError(_cannot_listen(path, exc.strerror)) from exc
        finally:
            os.umask(old_umask)
        listener.listen(16)
        listener.setblocking(False)
        self._inode = os.stat(path).st_ino
        self._listener = listener
        self._wake = socket.socketpair()
        self._selector = selectors.DefaultSelector()
        self._selector.register(listener, selectors.EVENT_READ)
        self._selector.register(self._wake[0], selectors.EVENT_READ)

    def _accept_sockets(self) -> None:
        assert self._selector is not None
        slots = self._slots
        while True:
            slots.acquire()
            if self._stopping.is_set():
                return
            self._selector.select()
            if self._stopping.is_set():
                return
            try:
                conn, _address = self._listener.accept()
            except (BlockingIOError, InterruptedError, ConnectionAbortedError):
                slots.release()
                continue
            except OSError as exc:
                # Out of file descriptors, say: back off instead of spinning.
                self._log.warning("control socket accept failed: %s", exc)
                slots.release()
                self._stopping.wait(0.1)
                continue
            self._spawn(self._serve_socket, conn, slots)

    def _serve_socket(self, conn: socket.socket) -> None:
        with conn:
            if not _same_user(conn):
                self._log.warning("refused a control connection from another user")
                return
            try:
                raw = _read_line(conn, self._read_timeout)
            except ProtocolError as exc:
                reply = encode_reply(Reply.failure(str(exc)))
            else:
                if raw is None:
                    return  # hung up without asking anything
                reply = self._answer(raw)
            conn.settimeout(self._read_timeout)
            with contextlib.suppress(OSError):
                conn.sendall(reply)
                conn.shutdown(socket.SHUT_WR)
                _drain(conn, min(self._read_timeout, 0.5))

    # -- named pipe (Windows) ----------------------------------------------------------------------

    def _open_pipe(self) -> None:
        from multiprocessing.connection import Listener

        try:
            # No authkey: the peer is not trusted with pickles at all, only bytes of JSON cross.
            self._listener = Listener(self.address, family="AF_PIPE")
        except OSError as exc:
            raise ListenError(_cannot_listen(self.address, exc)) from exc

    def _accept_pipes(self) -> None:
        slots = self._slots
        while True:
            slots.acquire()
            if self._stopping.is_set():
                return
            try:
                conn = self._listener.accept()
            except OSError as exc:
                slots.release()
                if self._stopping.is_set():
                    return
                self._log.warning("control pipe accept failed: %s", exc)
                self._stopping.wait(0.1)
                continue
            if self._stopping.is_set():
                conn.close()
                return
            self._spawn(self._serve_pipe, conn, slots)

    def _serve_pipe(self, conn: Any) -> None:
        with conn:
            if not conn.poll(self._read_timeout):
                reply = encode_reply(Reply.failure(_timeout_message(self._read_timeout)))
            else:
                try:
                    raw = conn.recv_bytes(MAX_LINE)
                except EOFError:
                    return
                except OSError:  # multiprocessing's word for a message over the limit
                    reply = encode_reply(Reply.failure(_too_long()))
                else:
                    reply = self._answer(raw)
            with contextlib.suppress(OSError):
                conn.send_bytes(reply)

    def _wake_pipe_listener(self) -> None:
        from multiprocessing.connection import Client

        # accept() on a pipe cannot be interrupted by closing it; a throwaway connection ends the wait.
        with contextlib.suppress(OSError), Client(self.address, family="AF_PIPE"):
            pass

    # -- shared ------------------------------------------------------------------------------------

    def _spawn(self, serve: Callable[[Any], None], conn: Any, slots: threading.Semaphore) -> None:
        def run() -> None:
            try:
                serve(conn)
            finally:
                slots.release()
                with self._connections_lock:
                    self._connections.discard(thread)

        thread = threading.Thread(target=run, name="hipbreak-ipc-conn", daemon=True)
        with self._connections_lock:
            self._connections.add(thread)
        thread.start()

    def _answer(self, raw: bytes) -> bytes:
        try:
            request = decode_request(raw)
        except ProtocolError as exc:
            return encode_reply(Reply.failure(str(exc)))
        try:
            reply = self._handle(request)
        except Exception:
            self._log.exception("the %s command failed", request.name)
            # Translators: {command} is the command's name in quotes, e.g. "snooze".
            text = _("{command} failed inside the app; see its log for details")
            reply = Reply.failure(text.format(command=f'"{request.name}"'))
        try:
            return encode_reply(reply)
        except ProtocolError as exc:
            self._log.error("cannot send the reply to %s: %s", request.name, exc)
            text = _("the app could not send its reply ({problem}); see its log").format(problem=exc)
            return encode_reply(Reply.failure(text))

    def _close(self) -> None:
        if self._selector is not None:
            self._selector.close()
            self._selector = None
        for end in self._wake or ():
            end.close()
        self._wake = None
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.close()
            self._listener = None
        if self._env.platform != "win32":
            # Remove the socket only if it is still ours, not one a later app put in its place.
            with contextlib.suppress(OSError):
                if os.stat(self.address).st_ino == self._inode:
                    os.unlink(self.address)


def _read_line(conn: socket.socket, timeout: float) -> bytes | None:
    """One request line within `timeout` seconds in all; None if the peer hung up before sending."""
    deadline = time.monotonic() + timeout
    buffer = bytearray()
    while True:
        end = buffer.find(b"\n")
        if end >= 0:
            return bytes(buffer[: end + 1])  # anything after the first line is ignored
        if len(buffer) >= MAX_LINE:
            raise ProtocolError(_too_long())
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ProtocolError(_timeout_message(timeout))
        conn.settimeout(remaining)
        try:
            chunk = conn.recv(MAX_LINE + 1 - len(buffer))
        except TimeoutError:
            raise ProtocolError(_timeout_message(timeout)) from None
        except OSError:
            return None
        if not chunk:
            if buffer:
                raise ProtocolError(_('the request ended without a newline; end the JSON line with "\\n"'))
            return None
        buffer += chunk


def _same_user(conn: socket.socket) -> bool:
    """Whether the peer runs as our user; the 0700 folder already ensures it, this is a second check."""
    option = getattr(socket, "SO_PEERCRED", None)  # Linux only
    if option is None:
        return True
    credentials = conn.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return bool(uid == os.geteuid())


def _timeout_message(timeout: float) -> str:
    # Translators: {seconds} is a number of seconds, e.g. 2.
    text = _("no complete request within {seconds} s; send one JSON line right after connecting")
    return text.format(seconds=f"{timeout:g}")


def _too_long() -> str:
    return _("the request is longer than {size} KiB; send a shorter one").format(size=MAX_LINE // 1024)


def _cannot_listen(address: object, reason: object) -> str:
    # Translators: {reason} is the system's reason, e.g. "Address already in use".
    return _("cannot listen on {address}: {reason}").format(address=address, reason=reason)


def _drain(conn: socket.socket, timeout: float) -> None:
    """Drop what the peer still sends until it hangs up, for at most `timeout` s and 4 lines' worth."""
    # Closing with unread input resets the connection: a peer reading to EOF would get an error
    # instead. The deadline keeps a peer that trickles bytes from holding its slot.
    deadline = time.monotonic() + timeout
    left = 4 * MAX_LINE
    while left > 0:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return
        conn.settimeout(remaining)
        chunk = conn.recv(65536)
        if not chunk:
            return
        left -= len(chunk)
