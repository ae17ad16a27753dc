"""A daemon thread that owns one bus connection: it runs work posted from any thread, in order, and
hands every message that arrives between requests to a callback.

Keeping all bus I/O on one thread means no lock around the connection, and signals are read as soon as
they come rather than only while somebody waits for a reply.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import logging
import queue
import select
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hipbreak.adapters.notify.bus_link import BusLink
from hipbreak.error_text import describe_error
from hipbreak.language import _

log = logging.getLogger(__name__)


class Unavailable(Exception):
    """The bus or the service cannot take the request; the message is one line for a report."""


@dataclass
class _Request:
    work: Callable[[float], Any]  # run on the bus thread with the request's deadline
    deadline: float
    future: concurrent.futures.Future[Any] = field(default_factory=concurrent.futures.Future)


class BusThread:
    """Runs posted work on its own thread; `on_message` and `on_lost` are called on that thread only."""

    def __init__(self, name: str, on_message: Callable[[Any], None], on_lost: Callable[[str], None]) -> None:
        """Remember the callbacks; the thread starts with the first posted work. Any thread."""
        self.link: BusLink | None = None  # only the bus thread touches it
        self._name = name
        self._on_message = on_message
        self._on_lost = on_lost
        self._requests: queue.SimpleQueue[_Request | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._wake: tuple[socket.socket, socket.socket] | None = None
        self._closed = False

    def post(self, work: Callable[[float], Any], timeout: float) -> concurrent.futures.Future[Any]:
        """Queue `work(deadline)` for the bus thread and return its future; Unavailable once closed."""
        request = _Request(work, time.monotonic() + timeout)
        with self._lock:
            if self._closed:
                raise Unavailable(_("the notifier is closed"))
            if self._thread is None:
                self._start()
            self._requests.put(request)
        self._wake_up()
        return request.future

    def run(self, work: Callable[[float], Any], timeout: float) -> Any:
        """Run `work(deadline)` on the bus thread and return its result or raise its error. Any thread."""
        if self._thread is not None and threading.current_thread() is self._thread:
            # Called from a callback on the bus thread: waiting for ourselves would only time out.
            return work(time.monotonic() + timeout)
        future = self.post(work, timeout)
        try:
            # A little slack: the work honours the deadline itself and gives the precise reason.
            return future.result(timeout=timeout + 0.5)
        except concurrent.futures.TimeoutError:
            future.cancel()
            text = _("the bus thread did not answer within {seconds} s")
            raise Unavailable(text.format(seconds=f"{timeout:g}")) from None

    def close(self, timeout: float) -> None:
        """Stop the thread (waiting up to `timeout`) and close the connection. Any thread; twice is fine."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
        if thread is None:
            return
        self._requests.put(None)
        self._wake_up()
        if thread is not threading.current_thread():
            thread.join(timeout)

    def attach(self, link: BusLink) -> None:
        """Make `link` the connection to watch. Bus thread only."""
        self.drop()
        self.link = link

    def drop(self) -> None:
        """Close the connection, if any. Bus thread only."""
        if self.link is not None:
            self.link.close()
            self.link = None

    def pump(self) -> None:
        """Hand on every message that has already arrived, without waiting. Bus thread only."""
        if self.link is None:
            return
        try:
            while (message := self.link.next_message(None)) is not None:
                self._on_message(message)
        except Exception as error:
            self.drop()
            self._on_lost(_("lost the session bus: {error}").format(error=describe_error(error)))

    def _start(self) -> None:
        reader, writer = socket.socketpair()
        reader.setblocking(False)
        writer.setblocking(False)
        self._wake = (reader, writer)
        self._thread = threading.Thread(target=self._loop, args=(reader,), name=self._name, daemon=True)
        self._thread.start()

    def _wake_up(self) -> None:
        if self._wake is None:
            return
        # A full buffer means a wake-up is already pending; a closed one means the thread stopped.
        with contextlib.suppress(OSError):
            self._wake[1].send(b"\0")

    def _loop(self, reader: socket.socket) -> None:
        try:
            while True:
                watched = [reader] if self.link is None else [reader, self.link.sock]
                ready = select.select(watched, [], [])[0]
                if reader in ready:
                    with contextlib.suppress(BlockingIOError):
                        while reader.recv(4096):
                            pass
                    if not self._run_requests():
                        return
                if self.link is not None and self.link.sock in ready:
                    self.pump()
        except Exception:
            log.exception("the %s thread stopped", self._name)
        finally:
            self.drop()
            with self._lock:
                self._closed = True
            for end in self._wake or ():
                end.close()
            self._fail_pending()

    def _run_requests(self) -> bool:
        while True:
            try:
                request = self._requests.get_nowait()
            except queue.Empty:
                return True
            if request is None:
                return False
            if not request.future.set_running_or_notify_cancel():
                continue  # its caller gave up
            try:
                if time.monotonic() >= request.deadline:
                    raise Unavailable(_("the request waited too long for its turn"))
                self.pump()  # signals already here (a server restart, say) may change what the work sends
                request.future.set_result(request.work(request.deadline))
            except Exception as error:
                request.future.set_exception(error)

    def _fail_pending(self) -> None:
        while True:
            try:
                request = self._requests.get_nowait()
            except queue.Empty:
                return
            if request is not None and request.future.set_running_or_notify_cancel():
                request.future.set_exception(Unavailable(_("the notifier is closed")))
