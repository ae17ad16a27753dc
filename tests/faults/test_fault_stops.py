"""Every way the app or its stretch window stops: signals, quit, a frozen window, the bus or display gone.

Each stretch is recorded exactly once (its completion kept even when the app is stopped under it), and
every stop leaves `app_stopped` in the history and no socket, lock or icon file behind.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from desktop import Desktop, wait_for
from fault_harness import (
    child_env,
    children,
    cli,
    data_dir,
    history_file,
    log_file,
    said,
    socket_file,
    start_app,
    status,
    write_config,
)

STRETCH = "-m hipbreak.ui.stretch"


def rows(desktop: Desktop, *kinds: str) -> list[tuple[str, dict[str, Any]]]:
    """(kind, data) of the history's events of `kinds` (all when none given), oldest first."""
    with sqlite3.connect(f"file:{history_file(desktop)}?mode=ro", uri=True, timeout=5) as db:
        found = db.execute("SELECT kind, data FROM events ORDER BY id").fetchall()
    return [(kind, json.loads(data)) for kind, data in found if not kinds or kind in kinds]


def outcomes(desktop: Desktop) -> list[dict[str, Any]]:
    """The lines waiting in the outcome file."""
    path = data_dir(desktop) / "stretch-outcomes.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def runtime(desktop: Desktop) -> Path:
    return Path(desktop.env["XDG_RUNTIME_DIR"]) / "hipbreak"


def window_of(pid: int) -> int | None:
    """The stretch window process started by process `pid`, if one runs."""
    return next((child for child, cmdline in children(pid) if STRETCH in cmdline), None)


def alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie counts as gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def end(pid: int) -> None:
    """SIGKILL `pid` if it still runs, and wait until it is gone."""
    if alive(pid):
        os.kill(pid, signal.SIGKILL)
    wait_for(lambda: not alive(pid), timeout=10, message=f"process {pid} to end")


def start_stretch(desktop: Desktop, app: Path, process: subprocess.Popen[bytes]) -> int:
    """Ask the running app for a stretch; return the window's pid once the app says it is stretching."""
    run = cli(desktop, app, "stretch")
    assert run.returncode == 0 and run.stdout.strip() == "Stretch window opened.", run.stderr
    wait_for(lambda: status(desktop, app)["state"] == "stretching", timeout=15, message="the stretch starts")
    return wait_for(lambda: window_of(process.pid), timeout=5, message="the stretch window process")


def test_sigterm_mid_stretch_keeps_the_windows_completion_and_records_it_once_at_the_next_start(
    desktop: Desktop, app_command: Path
) -> None:
    """SIGTERM to the app mid-stretch: the window finishes; its completion counts once, after the next start.

    The stretch is the user's: stopping the app does not stop it. The window writes its outcome to the
    outcome file, and the next start records it, dated when the window finished; a second start adds nothing.
    """
    write_config(
        desktop, '[reminders]\nevery = "45m"\nidle_reset = "0"\n[stretch]\nhold = "3s"\nprepare = "0"\n'
    )
    process = start_app(desktop, app_command)
    window = start_stretch(desktop, app_command, process)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0
    assert not socket_file(desktop).exists()
    assert rows(desktop)[-1] == ("app_stopped", {"reason": "SIGTERM"})
    assert alive(window), "the window must outlive the app"
    [line] = wait_for(lambda: outcomes(desktop), timeout=30, message="the window's outcome line")
    assert line["event"] == "completed"
    try:
        again = start_app(desktop, app_command, name="hipbreak-2")
        assert status(desktop, app_command)["breaks_today"] == 1
        [(_kind, data)] = rows(desktop, "stretch_completed")
        assert data["stretch_id"] == line["stretch_id"]
        assert outcomes(desktop) == []
        # The window lingers on its Done screen: it is still the one window.
        run = cli(desktop, app_command, "stretch")
        assert run.returncode == 0 and run.stdout.strip() == "The stretch window is already open."
        assert cli(desktop, app_command, "quit").returncode == 0
        assert again.wait(timeout=10) == 0
        start_app(desktop, app_command, name="hipbreak-3")
        assert status(desktop, app_command)["breaks_today"] == 1
        assert len(rows(desktop, "stretch_completed")) == 1
        assert len(rows(desktop, "stretch_started")) == 1
    finally:
        end(window)


def test_a_window_that_outlived_the_app_tells_the_app_started_since_as_soon_as_it_finishes(
    desktop: Desktop, app_command: Path
) -> None:
    """SIGTERM mid-stretch, a new app started while the window runs: it counts the break at once, once.

    With no heartbeat, the new app would otherwise hear of the outcome file only at its next deadline.
    """
    write_config(
        desktop, '[reminders]\nevery = "45m"\nidle_reset = "0"\n[stretch]\nhold = "10s"\nprepare = "0"\n'
    )
    process = start_app(desktop, app_command)
    window = start_stretch(desktop, app_command, process)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0
    try:
        again = start_app(desktop, app_command, name="hipbreak-2")
        assert alive(window) and outcomes(desktop) == [], "the window finished before the new app was up"
        assert status(desktop, app_command)["breaks_today"] == 0
        wait_for(
            lambda: status(desktop, app_command)["breaks_today"] == 1,
            timeout=40,
            message="the new app counts the break the window finished",
        )
        assert again.poll() is None  # counted by the running app, not at a start
        [(_kind, data)] = rows(desktop, "stretch_completed")
        assert outcomes(desktop) == []
        assert cli(desktop, app_command, "quit").returncode == 0
        assert again.wait(timeout=10) == 0
        assert [data] == [d for _kind, d in rows(desktop, "stretch_completed")]
    finally:
        end(window)


def test_a_stopped_stretch_window_is_ended_cancelled_and_reminders_resume_within_a_minute(
    desktop: Desktop, app_command: Path
) -> None:
    """SIGSTOP to the stretch window: within a minute the app kills it, records a cancel, reminds again."""
    write_config(
        desktop, '[reminders]\nevery = "5s"\nidle_reset = "0"\n[stretch]\nhold = "2m"\nprepare = "0"\n'
    )
    process = start_app(desktop, app_command)
    window = start_stretch(desktop, app_command, process)
    reminded = len(rows(desktop, "reminded"))
    stopped = time.monotonic()
    os.kill(window, signal.SIGSTOP)
    try:
        wait_for(
            lambda: rows(desktop, "stretch_cancelled"), timeout=70, message="the frozen stretch is cancelled"
        )
        cancelled = time.monotonic() - stopped
        wait_for(
            lambda: len(rows(desktop, "reminded")) > reminded,
            timeout=30,
            message="a reminder after the cancel",
        )
        resumed = time.monotonic() - stopped
    finally:
        end(window)
    print(f"cancelled {cancelled:.1f} s and reminded {resumed:.1f} s after SIGSTOP")
    [(_kind, data)] = rows(desktop, "stretch_cancelled")
    assert data["reason"] == "window stopped answering"
    assert resumed < 60
    assert rows(desktop, "stretch_completed") == []
    assert "said nothing" in log_file(desktop).read_text()
    # The frozen window no longer blocks the next stretch.
    start_stretch(desktop, app_command, process)
    assert cli(desktop, app_command, "quit").returncode == 0
    assert process.wait(timeout=15) == 0


def test_quit_during_a_stretch_records_a_cancel_for_app_quit_and_closes_the_window(
    desktop: Desktop, app_command: Path
) -> None:
    """`hipbreak quit` mid-stretch: the window closes and the stretch is recorded cancelled ("app quit")."""
    write_config(
        desktop, '[reminders]\nevery = "45m"\nidle_reset = "0"\n[stretch]\nhold = "1m"\nprepare = "0"\n'
    )
    process = start_app(desktop, app_command)
    window = start_stretch(desktop, app_command, process)
    run = cli(desktop, app_command, "quit")
    assert run.returncode == 0, run.stderr
    assert process.wait(timeout=15) == 0
    assert not alive(window)
    kinds = [kind for kind, _data in rows(desktop)]
    assert kinds[-3:] == ["stretch_started", "stretch_cancelled", "app_stopped"]
    [(_kind, data)] = rows(desktop, "stretch_cancelled")
    assert data["reason"] == "app quit" and 0 <= data["progress"] < 1
    assert outcomes(desktop) == []  # the window's own line was recorded and cleared, not left for later


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGINT"])
def test_sigterm_and_sigint_record_app_stopped_and_remove_the_socket_lock_and_icon_file(
    desktop: Desktop, app_command: Path, signal_name: str
) -> None:
    """SIGTERM or SIGINT while the tray loop runs: a clean stop, recorded, leaving no file behind."""
    write_config(desktop, '[reminders]\nevery = "45m"\nidle_reset = "0"\n')
    temp = desktop.root / "tmp"
    temp.mkdir()
    process = start_app(desktop, app_command, env={"TMPDIR": str(temp)})
    icons = wait_for(
        lambda: [p for p in temp.iterdir() if p.read_bytes()[:4] == b"\x89PNG"],
        timeout=10,
        message="pystray's icon file",
    )
    assert (runtime(desktop) / "hipbreak.lock").exists() and socket_file(desktop).exists()
    process.send_signal(getattr(signal, signal_name))
    assert process.wait(timeout=10) == 0
    assert rows(desktop)[-1] == ("app_stopped", {"reason": signal_name})
    assert not socket_file(desktop).exists()
    assert not (runtime(desktop) / "hipbreak.lock").exists()
    assert not [icon for icon in icons if icon.exists()]
    assert list(temp.iterdir()) == []
    assert f"stopping: {signal_name}" in log_file(desktop).read_text()


def test_sighup_reloads_the_settings_and_a_changed_interval_takes_effect(
    desktop: Desktop, app_command: Path
) -> None:
    """SIGHUP: the app reads config.toml again; `every` changed from 45 to 2 min moves the next reminder."""
    write_config(desktop, '[reminders]\nevery = "45m"\nidle_reset = "0"\n')
    process = start_app(desktop, app_command)

    def minutes_to_next() -> float:
        due = datetime.fromisoformat(str(status(desktop, app_command)["next_reminder"]))
        return (due - datetime.now(due.tzinfo)).total_seconds() / 60

    assert 40 < minutes_to_next() <= 45
    write_config(desktop, '[reminders]\nevery = "2m"\nidle_reset = "0"\n')
    process.send_signal(signal.SIGHUP)
    wait_for(lambda: minutes_to_next() <= 2, timeout=10, message="the new interval in next_reminder")
    assert process.poll() is None
    assert "SIGHUP" in log_file(desktop).read_text()
    assert cli(desktop, app_command, "quit").returncode == 0
    assert process.wait(timeout=10) == 0


def test_twenty_stretch_commands_at_once_without_the_app_open_one_window_and_record_one_stretch(
    desktop: Desktop, app_command: Path
) -> None:
    """Twenty `hipbreak stretch` at once with no app: one window; the others say so and exit 0."""
    write_config(desktop, '[reminders]\nevery = "45m"\n[stretch]\nhold = "1m"\nprepare = "0"\n')
    commands = [
        subprocess.Popen(
            [app_command, "stretch"],
            env=child_env(desktop),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(20)
    ]
    try:
        deadline = time.monotonic() + 90
        while sum(command.poll() is not None for command in commands) < 19 and time.monotonic() < deadline:
            time.sleep(0.1)
        running = [command for command in commands if command.poll() is None]
        answers = [command.communicate(timeout=5) for command in commands if command.poll() is not None]
        assert len(running) == 1, f"{len(running)} commands still wait; the others said {answers}"
        [opener] = running
        windows = [pid for command in commands if (pid := window_of(command.pid)) is not None]
        assert len(windows) == 1
        for (out, err), command in zip(answers, [c for c in commands if c is not opener], strict=True):
            assert command.returncode == 0, err
            assert out.strip() == "A stretch window is already open; finish that stretch or close its window."
        wait_for(lambda: rows(desktop, "stretch_started"), timeout=60, message="the one stretch starts")
        os.kill(windows[0], signal.SIGTERM)  # as if the user closed it: cancelled, with how far it got
        out, err = opener.communicate(timeout=15)
        assert opener.returncode == 0, err
        assert out.startswith("Stretch cancelled")
    finally:
        for command in commands:
            if command.poll() is None:
                command.kill()
            command.communicate()
    assert [kind for kind, _data in rows(desktop)] == ["stretch_started", "stretch_cancelled"]
    assert outcomes(desktop) == []


def test_losing_the_session_bus_is_said_in_one_line_and_the_app_keeps_serving(
    desktop: Desktop, app_command: Path
) -> None:
    """The session bus killed (XEmbed tray): one line says so; the app runs on and quits cleanly."""
    write_config(desktop, '[reminders]\nevery = "45m"\nidle_reset = "0"\n')
    process = start_app(desktop, app_command)
    desktop.kill("dbus")
    wait_for(
        lambda: any("lost the session bus" in line for line in said(desktop, "hipbreak")),
        timeout=10,
        message="the app to say it lost the bus",
    )
    time.sleep(2)  # a self-kill would come at once (GLib raises SIGTERM on "exit on close")
    assert process.poll() is None
    assert [line for line in said(desktop, "hipbreak") if "session bus" in line] == [
        line for line in said(desktop, "hipbreak") if "lost the session bus" in line
    ]
    assert len([line for line in said(desktop, "hipbreak") if "lost the session bus" in line]) == 1
    assert status(desktop, app_command)["running"] is True
    assert len(desktop.tray_icons()) == 1
    assert cli(desktop, app_command, "quit").returncode == 0
    assert process.wait(timeout=10) == 0
    assert rows(desktop)[-1] == ("app_stopped", {})


def test_losing_the_display_is_said_in_one_line_and_the_app_stops_cleanly_recording_it(
    desktop: Desktop, app_command: Path
) -> None:
    """Xvfb killed under the app: one line says so; `app_stopped` is recorded; socket and lock are removed."""
    # idle_reset on: the X11 idle source keeps a display connection of its own, closed while stopping.
    write_config(desktop, '[reminders]\nevery = "45m"\nidle_reset = "5m"\n')
    process = start_app(desktop, app_command)
    desktop.kill("xvfb")
    assert process.wait(timeout=15) == 0
    lines = [line for line in said(desktop, "hipbreak") if "display" in line]
    assert lines == ["hipbreak: lost the connection to the display; hipbreak stops"]
    assert rows(desktop)[-1] == ("app_stopped", {"reason": "lost the connection to the display"})
    assert not socket_file(desktop).exists()
    assert not (runtime(desktop) / "hipbreak.lock").exists()
