"""The installed app in German, as a user with a German desktop gets it: the bubble, the status, --help."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from desktop import Desktop, wait_for
from test_tray_app import write_config


def run(desktop: Desktop, app: Path, *args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """Run `hipbreak ARGS` in the desktop's session with `variables` added to its environment."""
    env = {**desktop.env, **variables}
    return subprocess.run([app, *args], env=env, capture_output=True, text=True, timeout=20, check=False)


def test_a_german_desktop_gets_german_bubbles_status_and_help(desktop: Desktop, app_command: Path) -> None:
    write_config(desktop, '[reminders]\nevery = "5s"\n')
    app = desktop.spawn([app_command], name="hipbreak", env={"LANGUAGE": "de"})
    wait_for(lambda: len(desktop.tray_icons()) == 1, timeout=15, message="the icon docks in the tray")
    assert app.poll() is None, desktop.read_log("hipbreak")
    notes = wait_for(
        lambda: [n for n in desktop.notifications() if n["appname"] == "hipbreak"],
        timeout=20,
        message="a reminder bubble reaches dunst",
    )
    note = notes[0]
    assert note["summary"] == "Zeit, aufzustehen und dich zu dehnen", note
    assert note["body"].startswith("Du sitzt seit 5 s. Knie dich in die Hüftbeuger-Dehnung"), note

    status = run(desktop, app_command, "status", LANGUAGE="de")
    assert status.returncode == 0, status.stderr
    assert status.stdout.startswith("Pausen heute: 0."), status.stdout
    assert "Breaks" not in status.stdout and "reminder" not in status.stdout, status.stdout

    helped = run(desktop, app_command, "--help", LANGUAGE="de")
    assert helped.returncode == 0 and helped.stderr == ""
    assert helped.stdout.startswith("Aufruf: hipbreak"), helped.stdout
    assert "Optionen:" in helped.stdout and "show this help" not in helped.stdout, helped.stdout

    # LC_ALL names a German locale without LANGUAGE: German too, with a 24-hour clock.
    by_locale = run(desktop, app_command, "status", LANGUAGE="", LC_ALL="de_DE.UTF-8")
    assert by_locale.stdout.startswith("Pausen heute: 0."), by_locale.stdout
    # A language hipbreak has no catalog for: English, and not a word about it on stderr. (The running app
    # answers `status` in its own language; --help is the command's own.)
    unknown = run(desktop, app_command, "--help", LANGUAGE="xx_YY")
    assert unknown.stdout.startswith("usage: hipbreak"), unknown.stdout
    assert unknown.stderr == ""


def test_a_us_locale_shows_a_twelve_hour_clock(desktop: Desktop, app_command: Path) -> None:
    write_config(desktop, '[reminders]\nevery = "3h"\n')
    us = {"LANGUAGE": "", "LC_ALL": "en_US.UTF-8"}
    app = desktop.spawn([app_command], name="hipbreak", env=us)
    wait_for(lambda: len(desktop.tray_icons()) == 1, timeout=15, message="the icon docks in the tray")
    assert app.poll() is None, desktop.read_log("hipbreak")
    status = run(desktop, app_command, "status", **us)
    assert status.returncode == 0, status.stderr
    if "en_US.utf8" not in subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout:
        # Without the locale installed the clock falls back to the translation's (English: 24 hours).
        assert re.search(r"Next reminder at \d\d:\d\d\.", status.stdout), status.stdout
        return
    assert re.search(r"Next reminder at (1[0-2]|[1-9]):\d\d (AM|PM)\.", status.stdout), status.stdout
