"""Another program holding the history's lock: a Python subprocess in an open SQLite transaction."""

from __future__ import annotations

import select
import subprocess
import sys
import time
from pathlib import Path

# BEGIN EXCLUSIVE in WAL mode keeps other writers out; with locking_mode EXCLUSIVE it keeps readers out too,
# as `sqlite3` with `.backup` or a tool that sets that pragma would. "open" only reads and stays open, as a
# statistics window or a `sqlite3` shell left open does.
_SCRIPT = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
if sys.argv[2] == "everyone":
    db.execute("PRAGMA locking_mode = EXCLUSIVE")
if sys.argv[2] != "open":
    db.execute("BEGIN EXCLUSIVE")
db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
print("locked", flush=True)
sys.stdin.readline()
if sys.argv[2] != "open":
    db.execute("COMMIT")
db.close()
"""
MODES = ("writers", "everyone", "open")


class Locker:
    """Holds the database at `path` from another process until `release()`, in one of MODES.

    "writers" locks out other writers only (readers still read, WAL); "everyone" locks out readers too;
    "open" takes no lock and keeps a connection open.
    """

    def __init__(self, path: Path, mode: str = "writers") -> None:
        assert mode in MODES, mode
        self.path = path
        self.mode = mode
        self._process: subprocess.Popen[str] | None = None

    def hold(self, timeout: float = 15.0) -> Locker:
        """Start the process and wait until it holds the lock."""
        self._process = subprocess.Popen(
            [sys.executable, "-c", _SCRIPT, str(self.path), self.mode],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _w, _x = select.select([self._process.stdout], [], [], 0.2)
            if ready:
                line = self._process.stdout.readline()
                assert line.strip() == "locked", f"the locking process said {line!r}"
                return self
            assert self._process.poll() is None, "the locking process ended before it held the lock"
        raise AssertionError(f"no lock on {self.path} within {timeout} s")

    def release(self) -> None:
        """Commit, close and wait for the process to end."""
        if self._process is None:
            return
        process, self._process = self._process, None
        assert process.stdin is not None
        try:
            process.stdin.write("\n")
            process.stdin.close()
            assert process.wait(timeout=15) == 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()

    def __enter__(self) -> Locker:
        return self.hold()

    def __exit__(self, *exc: object) -> None:
        self.release()
