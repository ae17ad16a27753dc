"""Starting twice: two launches at the same instant, and a launch after a crash left its socket and lock."""

from __future__ import annotations

import socket
from pathlib import Path

from desktop import Desktop, wait_for
from fault_harness import (
    answers,
    cli,
    kill_hard,
    listening,
    quit_app,
    socket_file,
    spawn_app,
    start_app,
)

RACES = 3


def test_two_launches_at_the_same_instant_leave_exactly_one_app(desktop: Desktop, app_command: Path) -> None:
    """Two apps started at once, 3 times: one icon, one process; the other exits 0, "already running"."""
    for race in range(RACES):
        names = (f"first-{race}", f"second-{race}")
        processes = [spawn_app(desktop, app_command, name) for name in names]
        # Whichever finds the lock taken exits; wait for exactly one of them to be gone.
        wait_for(
            lambda: sum(p.poll() is not None for p in processes) == 1,  # noqa: B023
            timeout=15,
            message="one of the two launches exits",
        )
        loser = next(i for i, p in enumerate(processes) if p.poll() is not None)
        winner = processes[1 - loser]
        assert processes[loser].returncode == 0, desktop.read_log(names[loser])
        assert "already running" in desktop.read_log(names[loser])
        wait_for(lambda: answers(desktop, app_command), timeout=15, message="the winner answers")
        wait_for(lambda: len(desktop.tray_icons()) == 1, timeout=10, message="one icon docks")
        # The loser exited before making a tray icon, so the one docked is the only one there will be.
        assert len(desktop.tray_icons()) <= 1
        assert winner.poll() is None
        quit_app(desktop, app_command, winner)
        wait_for(lambda: not desktop.tray_icons(), timeout=10, message="the icon leaves")


def test_a_launch_after_a_crash_works_despite_the_stale_socket_and_lock(
    desktop: Desktop, app_command: Path
) -> None:
    """After SIGKILL (socket and lock file left behind) and after a dead socket file, the next launch runs."""
    process = start_app(desktop, app_command, name="crashed")
    kill_hard(process)
    path = socket_file(desktop)
    assert path.exists() and (path.parent / "hipbreak.lock").exists(), "the crash should leave both"
    assert not listening(desktop)
    run = cli(desktop, app_command, "skip")
    assert run.returncode == 3 and "not running" in run.stderr
    wait_for(lambda: not desktop.tray_icons(), timeout=10, message="the dead app's icon leaves")
    process = start_app(desktop, app_command, name="after-crash")
    quit_app(desktop, app_command, process)

    # A socket file nobody listens on (left by some other crash) and a lock file naming a dead pid.
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as dead:
        dead.bind(str(path))
    (path.parent / "hipbreak.lock").write_text("999999\n")
    process = start_app(desktop, app_command, name="after-dead-socket")
    assert cli(desktop, app_command, "skip").returncode == 0
    quit_app(desktop, app_command, process)
