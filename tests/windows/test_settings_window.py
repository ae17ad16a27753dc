"""The settings window on a private X server, typed into with xdotool and watched through its trace."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from desktop import wait_for
from window_driver import Folders, RunningApp, WindowProcess

from hipbreak.core.commands import SetAutostart

pytestmark = pytest.mark.desktop

MODULE = "hipbreak.ui.settings_window"
USER_FILE = """\
# Mine: keep this comment.
[reminders]
every = "45m"        # how long I sit
snooze = ["5m", "10m"]

[stretch]
daily_goal = 8  # the physio's number
"""

Opener = Callable[[str], WindowProcess]


def write_user_file(folders: Folders) -> None:
    folders.config_file.parent.mkdir(parents=True)
    folders.config_file.write_text(USER_FILE, encoding="utf-8")


def test_a_new_interval_is_saved_next_to_the_users_comment(open_window: Opener, folders: Folders) -> None:
    write_user_file(folders)
    window = open_window(MODULE)
    window.wait_for("focus", field="every")  # the first field has the cursor, its text selected
    window.screenshot("settings")

    window.type("30m")
    window.keys("ctrl+s")

    saved = window.wait_for("saved")
    assert saved["changes"] == {"reminders": {"every": "30m"}}
    assert saved["message"] == "Saved; takes effect when hipbreak starts."
    assert folders.config_file.read_text(encoding="utf-8") == USER_FILE.replace(
        'every = "45m"        #', 'every = "30m"        #'
    )
    window.screenshot("settings-saved")


def test_a_bad_value_shows_what_is_accepted_and_save_does_nothing(
    open_window: Opener, folders: Folders
) -> None:
    write_user_file(folders)
    window = open_window(MODULE)
    window.wait_for("focus", field="every")

    window.type("soon")
    invalid = window.wait_for("invalid", field="every")
    assert invalid["error"] == "Use a duration from 1s to 24h, like 45m."
    window.screenshot("settings-error")
    window.keys("ctrl+s", "Return")

    blocked = window.wait_for("save_blocked")
    assert blocked["fields"] == ["every"]
    assert window.events("saved") == []
    assert folders.config_file.read_text(encoding="utf-8") == USER_FILE

    window.keys("BackSpace", "BackSpace", "BackSpace", "BackSpace")
    window.type("1h")
    window.wait_for("valid", field="every")
    window.keys("Return")
    assert window.wait_for("saved")["changes"] == {"reminders": {"every": "1h"}}


def test_every_field_is_reached_with_tab(open_window: Opener, folders: Folders) -> None:
    write_user_file(folders)
    window = open_window(MODULE)
    order = window.wait_for("ready")["tab_order"]
    window.wait_for("focus", field="every")

    # The from/to times are off while "All day" is chosen, so Tab passes them by.
    expected = [name for name in order if name not in ("work_from", "work_to")] + ["every"]
    for _ in expected[1:]:
        window.keys("Tab")
    wait_for(lambda: len(window.events("focus")) >= len(expected), message="focus to go round")
    assert [line["field"] for line in window.events("focus")] == expected

    window.tab_to("daily_goal")
    window.type("6")
    window.keys("alt+s")

    assert window.wait_for("saved")["changes"] == {"stretch": {"daily_goal": 6}}
    assert "daily_goal = 6  # the physio's number" in folders.config_file.read_text(encoding="utf-8")


def test_save_asks_the_running_app_to_reload(
    open_window: Opener, folders: Folders, start_app: Callable[[], RunningApp]
) -> None:
    app = start_app()
    window = open_window(MODULE)  # no file yet: it is made from the defaults on Save
    window.wait_for("focus", field="every")

    window.type("50m")
    window.keys("Return")

    assert window.wait_for("saved")["message"] == "Saved. hipbreak uses the new settings now."
    app.fake.wait_for("reload")
    assert 'every = "50m"' in folders.config_file.read_text(encoding="utf-8")


def test_escape_closes_without_saving(open_window: Opener, folders: Folders) -> None:
    write_user_file(folders)
    window = open_window(MODULE)
    window.wait_for("focus", field="every")

    window.type("20m")
    window.keys("Escape")

    window.wait_for("closed")
    assert window.wait_exit() == 0
    assert folders.config_file.read_text(encoding="utf-8") == USER_FILE


def test_start_at_login_changes_at_once_without_save(open_window: Opener, folders: Folders) -> None:
    entry = folders.root / "config" / "autostart" / "hipbreak.desktop"
    window = open_window(MODULE)
    window.wait_for("focus", field="every")

    window.tab_to("autostart")
    window.keys("space")

    assert window.wait_for("autostart", on=True)["error"] == ""
    assert entry.is_file()
    window.screenshot("settings-autostart")
    window.keys("space")
    window.wait_for("autostart", on=False)
    assert window.events("saved") == []
    assert not folders.config_file.exists()


def test_start_at_login_goes_through_the_running_app(
    open_window: Opener, folders: Folders, start_app: Callable[[], RunningApp]
) -> None:
    entry = folders.root / "config" / "autostart" / "hipbreak.desktop"
    app = start_app()
    window = open_window(MODULE)
    window.wait_for("focus", field="every")

    window.tab_to("autostart")
    window.keys("space")

    assert window.wait_for("autostart", on=True)["error"] == ""
    assert app.fake.wait_for("autostart") == SetAutostart(True)
    assert not entry.exists()  # the app changed it (and its tray's checkbox), not the window
    window.keys("space")
    window.wait_for("autostart", on=False)
    assert [c for c in app.fake.requests if isinstance(c, SetAutostart)] == [
        SetAutostart(True),
        SetAutostart(False),
    ]
