"""The installed app on a headless desktop: icon, reminder bubble, menu, stretch, count, one instance."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from datetime import datetime
from pathlib import Path

from desktop import Desktop, wait_for
from screen_text import STRETCH_WINDOW, close_menu, open_tray_menu, read_text

from hipbreak.core.view import clock_text


def write_config(desktop: Desktop, text: str) -> Path:
    """Write the user's config.toml in the desktop's private config home."""
    folder = Path(desktop.env["XDG_CONFIG_HOME"]) / "hipbreak"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.toml"
    path.write_text(text)
    return path


def start_app(desktop: Desktop, app: Path, name: str = "hipbreak") -> subprocess.Popen[bytes]:
    """Start the installed app and wait until its icon is docked in the tray."""
    started = time.monotonic()
    process = desktop.spawn([app], name=name)
    wait_for(lambda: len(desktop.tray_icons()) == 1, timeout=10, message="the icon docks in the tray")
    docked = time.monotonic() - started

    def settled() -> bool:
        # Right after docking, GTK and trayer agree on the icon's size: for a moment the slot can shrink to
        # nothing. Tests click and photograph the icon, so wait until it stays put.
        first = desktop.tray_icons()
        time.sleep(0.3)
        return len(first) == 1 and desktop.tray_icons() == first

    wait_for(settled, timeout=10, message="the docked icon settles in its slot")
    assert process.poll() is None, desktop.read_log(name)
    print(f"icon docked {docked:.2f} s after start")
    return process


def status(desktop: Desktop, app: Path) -> dict[str, object]:
    """What `hipbreak status --json` prints (exit 0 with a running app, 3 without one)."""
    out = subprocess.run(
        [app, "status", "--json"], env=desktop.env, capture_output=True, text=True, timeout=15, check=False
    )
    assert out.returncode in (0, 3), out.stderr
    data = json.loads(out.stdout)
    assert isinstance(data, dict)
    assert out.returncode == (0 if data.get("running") is True else 3)
    return data


def menu_text(desktop: Desktop, artifacts: Path, name: str) -> str:
    """Open the tray menu, read its text off the screen, close it."""
    menu = open_tray_menu(desktop, desktop.tray_icons()[0])
    text = read_text(desktop, menu, artifacts / f"{name}.png")
    close_menu(desktop, menu)
    return text


def test_reminder_bubble_reaches_the_notification_daemon(desktop: Desktop, app_command: Path) -> None:
    write_config(desktop, '[reminders]\nevery = "5s"\n')
    start_app(desktop, app_command)
    notes = wait_for(
        lambda: [n for n in desktop.notifications() if n["appname"] == "hipbreak"],
        timeout=15,
        message="a reminder from hipbreak reaches dunst",
    )
    assert notes[0]["summary"] == "Time to stand up and stretch"
    assert "hip-flexor stretch" in notes[0]["body"]
    assert status(desktop, app_command)["running"] is True


def test_menu_stretch_counts_and_the_count_survives_a_crash(
    desktop: Desktop, app_command: Path, artifacts: Path
) -> None:
    write_config(desktop, '[reminders]\nevery = "45m"\n[stretch]\nhold = "1s"\nprepare = "0"\n')
    process = start_app(desktop, app_command)
    text = menu_text(desktop, artifacts, "menu-before")
    assert "Stretch now" in text
    assert "Breaks today: 0" in text
    due = datetime.fromisoformat(str(status(desktop, app_command)["next_reminder"]))
    # A clock time, 45 min after the start, with its day if that is tomorrow (OCR may read the colon as a
    # full stop and drop a space).
    shown = re.escape(clock_text(due, datetime.now().astimezone()).replace(" ", "")).replace(":", "[:.]")
    assert re.search(rf"Nextreminderat{shown}", text.replace(" ", "")), text
    assert "Snooze" in text and "Quit" in text

    menu = open_tray_menu(desktop, desktop.tray_icons()[0])
    desktop.screenshot(artifacts / "menu-open.png")
    desktop.key("Down", "Return")  # the first item: Stretch now
    wait_for(lambda: all(w.id != menu.id for w in desktop.windows()), timeout=5, message="the menu closes")
    window = wait_for(
        lambda: desktop.window_ids(STRETCH_WINDOW), timeout=10, message="the stretch window opens"
    )
    wait_for(
        lambda: status(desktop, app_command)["state"] == "stretching",
        timeout=10,
        message="the app hears that the stretch started",
    )
    desktop.screenshot(artifacts / "stretch-window.png", region=desktop.geometry(window[0]))
    wait_for(
        lambda: status(desktop, app_command)["breaks_today"] == 1,
        timeout=30,
        message="the finished stretch counts as a break",
    )
    assert "Breaks today: 1" in menu_text(desktop, artifacts, "menu-after")

    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=5)
    wait_for(lambda: not desktop.tray_icons(), timeout=10, message="the icon leaves the tray")
    start_app(desktop, app_command, name="hipbreak-again")
    data = status(desktop, app_command)
    assert data["running"] is True and data["breaks_today"] == 1

    second = subprocess.run([app_command], env=desktop.env, capture_output=True, text=True, timeout=15)
    assert second.returncode == 0
    assert "already running" in second.stderr
    assert len(desktop.tray_icons()) == 1


def test_status_json_when_the_app_is_not_running(desktop: Desktop, app_command: Path) -> None:
    data = status(desktop, app_command)
    assert data == {
        "running": False,
        "state": "not_running",
        "next_reminder": None,
        "paused_until": None,
        "breaks_today": 0,
        "breaks_pending": 0,
        "daily_goal": 8,
        "snoozes_left": None,
        "hold": None,
    }


def test_a_left_click_on_the_icon_runs_stretch_now(desktop: Desktop, app_command: Path) -> None:
    start_app(desktop, app_command)
    desktop.click(*desktop.tray_icons()[0].center, button=1)
    wait_for(lambda: desktop.window_ids(STRETCH_WINDOW), timeout=10, message="the stretch window opens")
    wait_for(
        lambda: status(desktop, app_command)["state"] == "stretching",
        timeout=10,
        message="the app counts the stretch as started",
    )
