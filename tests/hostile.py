"""Another local user, played by uid 65534 (nobody): folders it made first and a socket it serves.

Needs root, as the tests run in CI. The socket is bound here (as root, so any folder will do) and
handed to a child running as nobody, which calls listen(): Linux reports the credentials in effect at
listen() to everyone who connects (SO_PEERCRED), so to a client the server is nobody's.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

NOBODY = 65534

# Listens on the socket passed as fd argv[1]; serves one connection at a time, in the order they came,
# and prints how many bytes each sent (or "probe" for the test's own probe); answers with a lie.
_SERVER = """
import socket, sys
listener = socket.socket(fileno=int(sys.argv[1]))
listener.listen(8)
print("ready", flush=True)
while True:
    conn, _ = listener.accept()
    conn.settimeout(1)
    received = b""
    try:
        received = conn.recv(65536)
        conn.sendall(b'{"ok": true, "message": "EVIL: all is well, trust me", "data": {"running": true}}\\n')
    except OSError:
        pass
    print("probe" if received == b"probe\\n" else len(received), flush=True)
    conn.close()
"""


def need_root() -> None:
    """Skip (or fail on CI) when the test cannot act as another user."""
    if os.geteuid() != 0:
        if os.environ.get("CI") == "true":
            pytest.fail("these tests play another user and need root")
        pytest.skip("playing another user needs root")


def give_away(path: Path, uid: int = NOBODY) -> None:
    """Make `path` (a folder or file, not following a link) belong to `uid`."""
    os.lchown(path, uid, uid)


class HostileServer:
    """The hostile server's report: how many bytes each connection it accepted sent it."""

    def __init__(self, process: subprocess.Popen[str], path: Path) -> None:
        self._process = process
        self._path = path

    def stop(self) -> list[int]:
        """Return the byte counts of the connections accepted so far, then end the server.

        A probe connection of our own goes last: the server serves in order, so once it reports the
        probe, every connection that came before it has been reported too.
        """
        assert self._process.stdout is not None
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(5)
            probe.connect(str(self._path))
            probe.sendall(b"probe\n")
            seen = []
            for line in self._process.stdout:  # ends at the probe; the server flushes each line
                if line.strip() == "probe":
                    break
                seen.append(int(line))
        self._process.kill()
        self._process.wait(timeout=5)
        return seen


@contextmanager
def served_by_nobody(path: Path) -> Iterator[HostileServer]:
    """Serve a lying control socket at `path` from a process running as nobody."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    os.lchown(path, NOBODY, NOBODY)
    # The system's Python: this venv's may live in a folder nobody cannot enter (/root).
    python = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable
    process = subprocess.Popen(
        [python, "-c", _SERVER, str(listener.fileno())],
        pass_fds=[listener.fileno()],
        user=NOBODY,
        group=NOBODY,
        extra_groups=[],
        stdout=subprocess.PIPE,
        text=True,
    )
    listener.close()
    server = HostileServer(process, path)
    try:
        assert process.stdout is not None and process.stdout.readline() == "ready\n"
        yield server
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=5)
