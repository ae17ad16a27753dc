"""Helpers for the fault tests: start the app on a desktop, talk to it, read its files and its history."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import time
from pathlib import Path

from desktop import Desktop, wait_for


def source_env() -> dict[str, str]:
    """Extra variables for every child: the source tree's PYTHONPATH when the tests run from source."""
    if os.environ.get("HIPBREAK_TESTS_FROM_SOURCE") == "1" and os.environ.get("PYTHONPATH"):
        # The desktop gives its children a clean environment; without this they would run the wheel.
        return {"PYTHONPATH": os.environ["PYTHONPATH"]}
    return {}


def child_env(desktop: Desktop, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The desktop's environment for a child, plus the source path and `extra`."""
    return {**desktop.env, **source_env(), **(extra or {})}


def config_file(desktop: Desktop) -> Path:
    """Where the app reads its settings in this desktop."""
    return Path(desktop.env["XDG_CONFIG_HOME"]) / "hipbreak" / "config.toml"


def data_dir(desktop: Desktop) -> Path:
    """The app's data folder in this desktop."""
    return Path(desktop.env["XDG_DATA_HOME"]) / "hipbreak"


def history_file(desktop: Desktop) -> Path:
    """The app's SQLite history in this desktop."""
    return data_dir(desktop) / "history.db"


def log_file(desktop: Desktop) -> Path:
    """The app's own log file in this desktop."""
    return Path(desktop.env["XDG_STATE_HOME"]) / "hipbreak" / "log" / "hipbreak.log"


def socket_file(desktop: Desktop) -> Path:
    """The running app's control socket in this desktop."""
    return Path(desktop.env["XDG_RUNTIME_DIR"]) / "hipbreak" / "hipbreak.sock"


def write_config(desktop: Desktop, content: str | bytes) -> Path:
    """Write the user's config.toml (text or raw bytes) and return its path."""
    path = config_file(desktop)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def cli(
    desktop: Desktop, app: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 20
) -> subprocess.CompletedProcess[str]:
    """Run `hipbreak ARGS` in the desktop's session."""
    return subprocess.run(
        [app, *args], env=child_env(desktop, env), capture_output=True, text=True, timeout=timeout
    )


def status(desktop: Desktop, app: Path, env: dict[str, str] | None = None) -> dict[str, object]:
    """What `hipbreak status --json` prints (exit 0 with a running app, 3 without one)."""
    run = cli(desktop, app, "status", "--json", env=env)
    assert run.returncode in (0, 3), run.stderr
    data = json.loads(run.stdout)
    assert isinstance(data, dict)
    assert run.returncode == (0 if data.get("running") is True else 3)
    return data


def answers(desktop: Desktop, app: Path, env: dict[str, str] | None = None) -> bool:
    """Whether a running app answers `hipbreak status`."""
    return status(desktop, app, env).get("running") is True


def listening(desktop: Desktop) -> bool:
    """Whether an app accepts connections on the control socket (connecting and hanging up is harmless)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(str(socket_file(desktop)))
        except OSError:
            return False
    return True


def spawn_app(
    desktop: Desktop, app: Path, name: str = "hipbreak", env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start the app (its stdout and stderr go to desktop.read_log(name)) without waiting for it."""
    return desktop.spawn([app], name=name, env={**source_env(), **(env or {})})


def start_app(
    desktop: Desktop,
    app: Path,
    name: str = "hipbreak",
    env: dict[str, str] | None = None,
    *,
    docked: bool = True,
) -> subprocess.Popen[bytes]:
    """Start the app and wait until it answers on its socket (and, with `docked`, its icon is in the tray)."""
    process = spawn_app(desktop, app, name, env)
    # Not `hipbreak status` until then: with no app listening it opens the history itself.
    wait_for(lambda: listening(desktop), timeout=15, message=f"{name} listens on its socket")
    wait_for(lambda: answers(desktop, app, env), timeout=15, message=f"{name} answers `hipbreak status`")
    if docked:
        wait_for(lambda: len(desktop.tray_icons()) == 1, timeout=10, message="the icon docks in the tray")
    assert process.poll() is None, desktop.read_log(name)
    return process


def quit_app(desktop: Desktop, app: Path, process: subprocess.Popen[bytes]) -> None:
    """Ask the app to quit and wait for it to exit 0."""
    run = cli(desktop, app, "quit")
    assert run.returncode == 0, run.stderr
    assert process.wait(timeout=10) == 0


def kill_hard(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the process (no cleanup runs) and reap it."""
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=5)


def said(desktop: Desktop, name: str) -> list[str]:
    """The lines the app spawned as `name` printed for the user (those starting "hipbreak: ")."""
    return [line for line in desktop.read_log(name).splitlines() if line.startswith("hipbreak: ")]


def events(path: Path, kind: str | None = None) -> list[tuple[int, float, str]]:
    """(id, ts, kind) of every event in the history at `path` (of one `kind` if given), in id order."""
    # closing(): a connection's `with` only ends a transaction, and one left open until garbage collection
    # keeps a deleted history's -shm file in use, so that SQLite cannot open a new history beside it.
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as db:
        if kind is None:
            rows = db.execute("SELECT id, ts, kind FROM events ORDER BY id").fetchall()
        else:
            query = "SELECT id, ts, kind FROM events WHERE kind = ? ORDER BY id"
            rows = db.execute(query, (kind,)).fetchall()
    return [(int(i), float(ts), str(k)) for i, ts, k in rows]


def integrity(path: Path) -> str:
    """SQLite's `PRAGMA integrity_check` answer for the database at `path` ("ok" when sound)."""
    db = sqlite3.connect(path, timeout=5)
    try:
        return "; ".join(str(row[0]) for row in db.execute("PRAGMA integrity_check"))
    finally:
        db.close()


def children(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the live processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        # The command name in field 2 may hold spaces; the parent id is the 2nd field after ")".
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append((int(entry.name), cmdline.strip()))
    return found


def reminders_seen(desktop: Desktop) -> int:
    """How many hipbreak reminder bubbles dunst has shown so far (closing the open ones to count them)."""
    return sum(1 for note in desktop.notifications() if note["appname"] == "hipbreak")


def pause(seconds: float) -> None:
    """Let time pass on purpose, where a test must show that nothing happens during it."""
    time.sleep(seconds)
