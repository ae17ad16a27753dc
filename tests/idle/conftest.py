"""Fixtures for the idle adapters: a private X server and a private session bus."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest


def _read_line(fd: int, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    data = b""
    while not data.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"no line within {timeout} s (got {data!r})")
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            chunk = os.read(fd, 256)
            if not chunk:
                raise EOFError(f"pipe closed (got {data!r})")
            data += chunk
    return data.decode().strip()


@dataclass
class XServer:
    """A private X server: its display name (e.g. ":3") and its process."""

    display: str
    process: subprocess.Popen[bytes]


@pytest.fixture
def xvfb() -> Iterator[XServer]:
    """Start a private Xvfb on a free display number (chosen by Xvfb itself) and yield it."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-nolisten", "tcp", "-screen", "0", "320x240x24"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        number = _read_line(read_end, timeout=15)
        yield XServer(f":{number}", server)
    finally:
        os.close(read_end)
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def xvfb_display(xvfb: XServer) -> str:
    """The display name of a private Xvfb."""
    return xvfb.display


@pytest.fixture
def session_bus() -> Iterator[str]:
    """Start a private D-Bus session bus with no desktop services on it and yield its address."""
    if shutil.which("dbus-daemon") is None:
        pytest.skip("dbus-daemon is not installed")
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert daemon.stdout is not None
    try:
        yield _read_line(daemon.stdout.fileno(), timeout=15)
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)


class FakeIdleService:
    """Owns `bus_name` on a bus and answers one method with a fixed value, from its own thread."""

    def __init__(self, address: str, bus_name: str, method: str, signature: str, value: int) -> None:
        import threading

        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        self.method, self.signature, self.value = method, signature, value
        self.connection = open_dbus_connection(bus=address)
        reply = self.connection.send_and_get_reply(message_bus.RequestName(bus_name), timeout=5)
        assert reply.body == (1,), reply.body  # 1 = became the primary owner
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        from jeepney import HeaderFields, MessageType, new_error, new_method_return

        while not self._stop.is_set():
            try:
                message = self.connection.receive(timeout=0.05)
            except TimeoutError:
                continue
            if message.header.message_type != MessageType.method_call:
                continue
            if message.header.fields.get(HeaderFields.member) == self.method:
                answer = new_method_return(message, self.signature, (self.value,))
            else:
                answer = new_error(message, "org.freedesktop.DBus.Error.UnknownMethod")
            self.connection.send(answer)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.connection.close()


@pytest.fixture
def fake_services() -> Iterator[list[FakeIdleService]]:
    """Collect fake services started by a test and stop them afterwards."""
    started: list[FakeIdleService] = []
    yield started
    for service in started:
        service.stop()
