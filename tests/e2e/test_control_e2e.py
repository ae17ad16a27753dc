"""The running app controlled from a terminal and from its notification: every CLI verb, errors, safety."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from desktop import Desktop, wait_for
from screen_text import STRETCH_WINDOW
from test_tray_app import start_app, status, write_config

from hipbreak.core.view import clock_text


def cli(desktop: Desktop, app: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `hipbreak ARGS` in the desktop's session."""
    return subprocess.run([app, *args], env=desktop.env, capture_output=True, text=True, timeout=20)


def socket_path(desktop: Desktop) -> Path:
    return Path(desktop.env["XDG_RUNTIME_DIR"]) / "hipbreak" / "hipbreak.sock"


def raw_exchange(path: Path, payload: bytes, timeout: float = 5.0) -> bytes:
    """Send raw bytes to the app's socket and return its whole reply."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(timeout)
        client.connect(str(path))
        client.sendall(payload)
        client.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := client.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_every_cli_verb_round_trips_with_the_running_app(desktop: Desktop, app_command: Path) -> None:
    write_config(desktop, '[reminders]\nevery = "45m"\nsnooze = ["10m", "20m"]\n')
    start_app(desktop, app_command)

    run = cli(desktop, app_command, "status")
    before = datetime.fromisoformat(str(status(desktop, app_command)["next_reminder"]))
    shown = clock_text(before, datetime.now().astimezone())  # "14:30", or "Thu 00:04" after midnight
    assert run.returncode == 0 and run.stdout.startswith(f"Breaks today: 0. Next reminder at {shown}.")
    run = cli(desktop, app_command, "snooze")
    assert run.returncode == 0 and run.stdout.startswith("Snoozed for 10 min"), run.stdout + run.stderr
    after = datetime.fromisoformat(str(status(desktop, app_command)["next_reminder"]))
    assert abs((after - before) - timedelta(minutes=10)) < timedelta(seconds=2)

    run = cli(desktop, app_command, "snooze", "90s")
    assert run.returncode == 0 and run.stdout.startswith("Snoozed for 1 min")

    run = cli(desktop, app_command, "skip")
    assert run.returncode == 0 and run.stdout.startswith("Skipped; next reminder at")

    run = cli(desktop, app_command, "pause", "1h")
    assert run.returncode == 0 and run.stdout.startswith("Paused until")
    assert status(desktop, app_command)["state"] == "paused"
    run = cli(desktop, app_command, "pause", "tomorrow")
    assert run.returncode == 0

    run = cli(desktop, app_command, "resume")
    assert run.returncode == 0 and run.stdout.strip() == "Reminders resumed."
    run = cli(desktop, app_command, "resume")
    assert run.returncode == 1 and run.stderr.strip() == "hipbreak: reminders are not paused"

    run = cli(desktop, app_command, "snooze", "soon")
    assert run.returncode == 2 and "bad duration" in run.stderr

    run = cli(desktop, app_command, "stretch")
    assert run.returncode == 0 and "Stretch window" in run.stdout
    wait_for(lambda: desktop.window_ids(STRETCH_WINDOW), timeout=10, message="the stretch window opens")

    run = cli(desktop, app_command, "quit")
    assert run.returncode == 0 and run.stdout.strip() == "hipbreak is quitting."
    wait_for(lambda: not desktop.tray_icons(), timeout=10, message="the icon goes away")
    run = cli(desktop, app_command, "skip")
    assert run.returncode == 3 and "not running" in run.stderr
    assert status(desktop, app_command)["running"] is False


def test_bad_messages_on_the_socket_get_errors_and_the_app_keeps_serving(
    desktop: Desktop, app_command: Path
) -> None:
    start_app(desktop, app_command)
    path = socket_path(desktop)
    for payload in (
        b"this is not json\n",
        b'{"v": 2, "command": "snooze", "seconds": "lots"}\n',
        b'{"v": 2, "command": "snooze", "minutes": 10}\n',
        b'{"v": 2, "command": "format-disk"}\n',
        b'{"v": 1, "command": "status", "args": {}}\n',
        b"\xff\xfe\n",
        b'{"v": 2, "command": "status", "x": "' + b"y" * 70_000 + b'"}\n',
    ):
        reply = json.loads(raw_exchange(path, payload))
        assert reply["ok"] is False and reply["error"] and "\n" not in reply["error"]
    # A client that connects and says nothing must not block the next one.
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as silent:
        silent.connect(str(path))
        assert status(desktop, app_command)["running"] is True
    reply = json.loads(raw_exchange(path, b'{"v": 2, "command": "status"}\n'))
    assert reply["ok"] is True and reply["data"]["running"] is True


def test_the_control_socket_is_private_to_the_user(desktop: Desktop, app_command: Path) -> None:
    start_app(desktop, app_command)
    path = socket_path(desktop)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    if os.geteuid() != 0:
        pytest.skip("checking that another user cannot connect needs root to become that user")
    child = os.fork()
    if child == 0:  # become "nobody" and try to connect
        code = 0
        try:
            os.setgid(65534)
            os.setuid(65534)
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
                client.connect(str(path))
        except PermissionError:
            code = 7
        except BaseException:
            code = 9
        os._exit(code)
    _pid, result = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(result) == 7, "another user could reach the control socket"


def test_autostart_round_trip_writes_a_valid_entry(desktop: Desktop, app_command: Path) -> None:
    assert cli(desktop, app_command, "autostart", "status").stdout.startswith("Start at login: off")
    run = cli(desktop, app_command, "autostart", "on")
    assert run.returncode == 0 and run.stdout.startswith("Start at login: on")
    entry = Path(desktop.env["XDG_CONFIG_HOME"]) / "autostart" / "hipbreak.desktop"
    assert entry.is_file()
    check = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert check.returncode == 0 and check.stdout.strip() == "", check.stdout
    assert str(app_command) in entry.read_text()
    assert cli(desktop, app_command, "autostart", "off").stdout.startswith("Start at login: off")
    assert not entry.exists()


def test_clicking_a_reminder_bubble_opens_the_stretch_window(desktop: Desktop, app_command: Path) -> None:
    write_config(desktop, '[reminders]\nevery = "3s"\nidle_reset = "0"\n')
    start_app(desktop, app_command)
    wait_for(lambda: desktop.displayed_notifications() >= 1, timeout=15, message="a reminder bubble shows")
    desktop.notification_action(0)
    wait_for(lambda: desktop.window_ids(STRETCH_WINDOW), timeout=10, message="the stretch window opens")


def test_stretch_from_a_terminal_without_the_app_is_recorded(desktop: Desktop, app_command: Path) -> None:
    write_config(desktop, '[stretch]\nhold = "1s"\nprepare = "0"\n')
    run = cli(desktop, app_command, "stretch")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "Stretch completed. Breaks today: 1."
    assert status(desktop, app_command)["breaks_today"] == 1
