"""A private X server, a private session bus, and a fake desktop service for the idle tests."""

from __future__ import annotations

import os
import select
import subprocess
import threading
import time
from dataclasses import dataclass


def read_line(fd: int, timeout: float) -> str:
    """Read one line from a pipe, failing after `timeout` seconds."""
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


def start_xvfb() -> XServer:
    """Start Xvfb on a display number it picks itself (-displayfd) and return once it is ready."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-nolisten", "tcp", "-screen", "0", "320x240x24"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        number = read_line(read_end, timeout=15)
    except BaseException:
        stop(server)
        raise
    finally:
        os.close(read_end)
    return XServer(f":{number}", server)


def start_session_bus() -> tuple[str, subprocess.Popen[bytes]]:
    """Start a private session bus with no services on it; return its address and process."""
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert daemon.stdout is not None
    try:
        return read_line(daemon.stdout.fileno(), timeout=15), daemon
    except BaseException:
        stop(daemon)
        raise


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate a process we started and reap it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stdout is not None:
        process.stdout.close()


class FakeIdleService:
    """Owns `bus_name` on a bus and answers one method with a fixed value, from its own thread."""

    def __init__(self, address: str, bus_name: str, method: str, signature: str, value: int) -> None:
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
        """Stop answering and leave the bus."""
        self._stop.set()
        self._thread.join(timeout=5)
        self.connection.close()
