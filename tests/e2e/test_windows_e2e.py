"""The small windows of the running app: Settings and Statistics from the tray, and the no-tray fallback."""

from __future__ import annotations

import re
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from desktop import Desktop, wait_for
from screen_text import STRETCH_WINDOW, open_tray_menu, read_text
from test_tray_app import start_app, status, write_config


def choose_menu_item(desktop: Desktop, downs: int) -> None:
    """Open the tray menu and run the item `downs` steps from the top (separators are skipped)."""
    open_tray_menu(desktop, desktop.tray_icons()[0])
    desktop.key(*["Down"] * downs, "Return")


def test_settings_from_the_tray_change_the_running_apps_next_reminder(
    desktop: Desktop, app_command: Path, artifacts: Path
) -> None:
    config = write_config(desktop, '# my own note about breaks\n[reminders]\nevery = "45m"\n')
    start_app(desktop, app_command)
    choose_menu_item(desktop, 8)  # Stretch now, Breaks, Next, Snooze, Skip, Pause, Statistics, Settings
    window = wait_for(lambda: desktop.window_ids("^hipbreak settings$"), timeout=10, message="Settings opens")
    desktop.focus(window[0])
    desktop.screenshot(artifacts / "settings.png", region=desktop.geometry(window[0]))
    desktop.type_text("10m")  # the interval field has the focus with its text selected
    desktop.key("ctrl+s")
    wait_for(lambda: 'every = "10m"' in config.read_text(), timeout=10, message="the new interval is saved")
    assert config.read_text().startswith("# my own note about breaks\n")

    def next_in() -> timedelta:
        due = datetime.fromisoformat(str(status(desktop, app_command)["next_reminder"]))
        return due - datetime.now().astimezone()

    wait_for(lambda: next_in() < timedelta(minutes=11), timeout=10, message="the app takes the new interval")
    assert next_in() > timedelta(minutes=9)


def test_statistics_from_the_tray_show_todays_numbers(
    desktop: Desktop, app_command: Path, artifacts: Path
) -> None:
    start_app(desktop, app_command)
    choose_menu_item(desktop, 7)
    window = wait_for(lambda: desktop.window_ids("your breaks"), timeout=10, message="Statistics opens")
    text = read_text(desktop, desktop.geometry(window[0]), artifacts / "statistics.png")
    # OCR may read the digit 0 as the letter O in this font.
    assert re.search(r"Today: [0O] of 8 breaks", text), text


@pytest.mark.desktop(tray=False)
def test_without_a_tray_the_control_window_opens_and_works(
    desktop: Desktop, app_command: Path, artifacts: Path
) -> None:
    process = desktop.spawn([app_command], name="hipbreak")
    window = wait_for(lambda: desktop.window_ids("^hipbreak$"), timeout=15, message="control window")
    assert process.poll() is None
    wait_for(
        lambda: "no system tray found" in desktop.read_log("hipbreak"),
        timeout=5,
        message="the app says why",
    )
    assert "Traceback" not in desktop.read_log("hipbreak")
    geometry = desktop.geometry(window[0])
    shot = artifacts / "control.png"
    text = wait_for(
        lambda: (t := read_text(desktop, geometry, shot)) and "Breaks today: 0" in t and t,
        timeout=10,
        message="the control window shows the app's status",
    )
    # The next reminder as a clock time (OCR may read the colon as a full stop).
    assert re.search(r"Next ?reminder ?at ?(\w{3} ?)?\d\d[:.]\d\d", text), text
    desktop.focus(window[0])
    desktop.key("alt+s")
    wait_for(lambda: desktop.window_ids(STRETCH_WINDOW), timeout=10, message="Stretch now opens the stretch")


@pytest.mark.desktop(notifications=False)
def test_without_a_notification_service_the_app_says_so_and_runs(desktop: Desktop, app_command: Path) -> None:
    write_config(desktop, '[reminders]\nevery = "2s"\n')
    process = start_app(desktop, app_command)
    wait_for(
        lambda: "no notification service with buttons found" in desktop.read_log("hipbreak"),
        timeout=5,
        message="the app says there is no notification service",
    )
    # A few reminders come due with nowhere to show them; the app must keep running.
    wait_for(lambda: status(desktop, app_command)["state"] == "due", timeout=10, message="a reminder is due")
    assert process.poll() is None
    assert "Traceback" not in desktop.read_log("hipbreak")


def test_doctor_reports_the_desktop(desktop: Desktop, app_command: Path) -> None:
    run = subprocess.run([app_command, "doctor"], env=desktop.env, capture_output=True, text=True, timeout=30)
    tray = next(line for line in run.stdout.splitlines() if line.startswith("tray "))
    assert "XEmbed (GTK) (an XEmbed tray (window 0x" in tray and "owns _NET_SYSTEM_TRAY_S0" in tray, tray
    assert "windows          can open" in run.stdout
    assert "notifications" in run.stdout and "with buttons" in run.stdout
    assert "idle watch       xsync: alarms on the X server's IDLETIME counter" in run.stdout
    assert "clock changes    event-driven: timerfd" in run.stdout
    assert "Traceback" not in run.stderr
    # Nothing the app needs is missing here; a sound player, if absent, is only an optional extra.
    assert "no tray icon" not in run.stdout
    assert run.returncode == 0, run.stdout
    assert "routine          hip-flexor" in run.stdout
