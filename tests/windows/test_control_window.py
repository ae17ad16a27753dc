"""The control window on a private X server, talking to a fake app on the control socket."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from window_driver import Folders, RunningApp, WindowProcess

from hipbreak.core.commands import Pause, Snooze
from hipbreak.core.view import clock_text
from hipbreak.ui.control_window import status_lines

pytestmark = pytest.mark.desktop

MODULE = "hipbreak.ui.control_window"
Opener = Callable[[str], WindowProcess]
AppStarter = Callable[[], RunningApp]


def running_status(breaks: int = 3) -> dict[str, object]:
    now = datetime.now().astimezone()
    return {
        "running": True,
        "state": "running",
        "next_reminder": (now + timedelta(minutes=11, seconds=30)).isoformat(),
        "paused_until": None,
        "breaks_today": breaks,
        "daily_goal": 8,
        "snoozes_left": None,
    }


def next_text(status: dict[str, object]) -> str:
    """The line the window shows for `status`: the next reminder as a clock time."""
    due = datetime.fromisoformat(str(status["next_reminder"]))
    return f"Next reminder at {clock_text(due, datetime.now().astimezone())}"


def test_it_shows_the_apps_status_and_stretch_now_sends_stretch(
    open_window: Opener, start_app: AppStarter
) -> None:
    app = start_app()
    app.fake.status = running_status()
    window = open_window(MODULE)

    window.wait_for("status", next=next_text(app.fake.status), breaks="Breaks today: 3")
    window.screenshot("control")
    window.keys("alt+s")

    app.fake.wait_for("stretch")
    window.wait_for("answer", command="stretch", ok=True, text="Did stretch.")
    app.fake.status = running_status(breaks=4)
    window.wait_for("status", breaks="Breaks today: 4")  # asked again at once, not at the next poll


def test_the_focused_button_is_pressed_with_space(open_window: Opener, start_app: AppStarter) -> None:
    app = start_app()
    app.fake.status = running_status()
    window = open_window(MODULE)
    window.wait_for("status", next=next_text(app.fake.status))

    window.tab_to("Skip")
    window.keys("space")

    app.fake.wait_for("skip")


def test_snooze_offers_the_configured_choices(
    open_window: Opener, start_app: AppStarter, folders: Folders
) -> None:
    folders.config_file.parent.mkdir(parents=True)
    folders.config_file.write_text('[reminders]\nsnooze = ["2m", "10m"]\n', encoding="utf-8")
    app = start_app()
    app.fake.status = running_status()
    window = open_window(MODULE)
    window.wait_for("status", next=next_text(app.fake.status))

    window.keys("alt+n")
    window.keys("Down", "Down", "Return")

    assert app.fake.wait_for("snooze") == Snooze(10 * 60)


def test_paused_shows_until_when_and_resume(open_window: Opener, start_app: AppStarter) -> None:
    app = start_app()
    now = datetime.now().astimezone()
    until = (now + timedelta(hours=1)).replace(second=0, microsecond=0)
    app.fake.status = {**running_status(), "state": "paused", "paused_until": until.isoformat()}
    window = open_window(MODULE)

    # Within an hour of midnight the pause ends tomorrow, and the window names the day.
    window.wait_for("status", next=f"Paused until {clock_text(until, now)}")
    window.screenshot("control-paused")
    window.keys("alt+r")

    app.fake.wait_for("resume")


def test_pause_menu_sends_the_chosen_length(open_window: Opener, start_app: AppStarter) -> None:
    app = start_app()
    app.fake.status = running_status()
    window = open_window(MODULE)
    window.wait_for("status", next=next_text(app.fake.status))

    window.keys("alt+p")
    window.keys("Down", "Down", "Return")  # the second choice: 1 hour

    assert app.fake.wait_for("pause") == Pause(60 * 60)


def test_without_the_app_it_says_so_and_closes_when_the_app_quits(
    open_window: Opener, start_app: AppStarter
) -> None:
    window = open_window(MODULE)
    window.wait_for("status", next="hipbreak is not running")
    window.screenshot("control-not-running")

    app = start_app()
    app.fake.status = running_status()
    window.wait_for("status", next=next_text(app.fake.status), timeout=10)
    app.stop()

    window.wait_for("closed", timeout=10)
    assert window.wait_exit() == 0


def test_quit_hipbreak_sends_quit_and_closes(open_window: Opener, start_app: AppStarter) -> None:
    app = start_app()
    app.fake.status = running_status()
    window = open_window(MODULE)
    window.wait_for("status", next=next_text(app.fake.status))

    window.keys("alt+q")

    app.fake.wait_for("quit")
    assert window.wait_exit() == 0


def test_status_lines_read_the_apps_status_data() -> None:
    now = datetime(2026, 3, 2, 10, 0).astimezone()
    data = running_status()
    data["next_reminder"] = (now + timedelta(minutes=4, seconds=10)).isoformat()
    assert status_lines(data, now) == ("Next reminder at 10:04", "Breaks today: 3")
    paused = {**data, "state": "paused", "paused_until": (now + timedelta(hours=2)).isoformat()}
    assert status_lines(paused, now) == ("Paused until 12:00", "Breaks today: 3")
    assert status_lines({"state": "due", "breaks_today": 0}, now) == ("Time to stretch!", "Breaks today: 0")


def test_settings_opens_the_settings_window(open_window: Opener, start_app: AppStarter) -> None:
    app = start_app()
    app.fake.status = running_status()
    window = open_window(MODULE)
    window.wait_for("status", next=next_text(app.fake.status))

    window.keys("alt+e")

    window.wait_for("opened", window="settings")
    # The settings window shares the control window's output, so its trace shows up here too.
    window.wait_for("focus", window="settings", field="every")
    window.keys("Escape")
    window.wait_for("closed", window="settings")
