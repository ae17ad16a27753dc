"""The freedesktop notifier against a real dunst on a private bus and display."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from notify_harness import Actions, Dunst, wait_for
from session_bus import SessionBus
from temp_env import temp_env

from hipbreak.adapters.notify.base import Notification
from hipbreak.adapters.notify.choose import ChainNotifier, choose_notifier
from hipbreak.adapters.notify.freedesktop import FreedesktopNotifier
from hipbreak.adapters.session_bus import session_bus_address

pytestmark = pytest.mark.desktop

REMINDER = Notification(
    "Time to stand up",
    "A hip-flexor stretch: 30 s each side.",
    actions=(("default", "Start"), ("snooze-5m", "Snooze 5 min")),
    replace_key="reminder",
)


@pytest.fixture
def notifier(desktop_env: dict[str, str], tmp_path: Path, actions: Actions) -> Iterator[FreedesktopNotifier]:
    # The address comes from the Environment's variables, never from this process's os.environ.
    env = temp_env(tmp_path, desktop_env)
    notifier = FreedesktopNotifier(actions, bus_address=session_bus_address(env.variables))
    try:
        yield notifier
    finally:
        notifier.close()


def test_a_reminder_with_buttons_reaches_dunst(dunst: Dunst, notifier: FreedesktopNotifier) -> None:
    assert notifier.show(REMINDER)
    assert notifier.supports_actions

    (entry,) = dunst.history()
    assert (entry["summary"], entry["body"], entry["appname"]) == (
        "Time to stand up",
        "A hip-flexor stretch: 30 s each side.",
        "hipbreak",
    )


def test_clicking_the_bubble_calls_on_action_default(
    dunst: Dunst, notifier: FreedesktopNotifier, actions: Actions
) -> None:
    assert notifier.show(REMINDER)
    wait_for(lambda: dunst.displayed() == 1, what="the bubble to be on screen")

    dunst.ctl("action", "0")

    wait_for(lambda: actions.keys, what="on_action")
    assert actions.keys == ["default"]
    assert actions.threads == ["hipbreak-notify"]


def test_the_same_replace_key_replaces_the_bubble(dunst: Dunst, notifier: FreedesktopNotifier) -> None:
    assert notifier.show(REMINDER)
    assert notifier.show(Notification("Still sitting?", "Stand up now.", replace_key="reminder"))
    assert notifier.show(Notification("Stand up in 1 minute", "", urgency="low", replace_key="pre-notice"))
    assert dunst.displayed() == 2

    assert sorted(entry["summary"] for entry in dunst.history()) == ["Stand up in 1 minute", "Still sitting?"]


def test_withdraw_closes_the_bubble(dunst: Dunst, notifier: FreedesktopNotifier) -> None:
    assert notifier.show(REMINDER)
    wait_for(lambda: dunst.displayed() == 1, what="the bubble to be on screen")
    notifier.withdraw("reminder")
    wait_for(lambda: dunst.displayed() == 0, what="the bubble to close")


def test_show_works_again_after_dunst_is_killed_and_restarted(
    dunst: Dunst, notifier: FreedesktopNotifier, actions: Actions
) -> None:
    assert notifier.show(REMINDER)
    dunst.kill()
    assert notifier.show(REMINDER) is False
    assert notifier.last_error == "no notification server on the session bus"

    dunst.start()
    assert notifier.show(Notification("Back again", "after a restart", actions=REMINDER.actions))
    dunst.ctl("action", "0")
    wait_for(lambda: actions.keys, what="on_action from the new dunst")
    assert [entry["summary"] for entry in dunst.history()] == ["Back again"]


def test_show_works_again_after_the_bus_connection_drops(
    dunst: Dunst, session_bus: SessionBus, notifier: FreedesktopNotifier, actions: Actions
) -> None:
    assert notifier.show(REMINDER)
    dunst.kill()
    session_bus.restart()  # same address, new daemon: the notifier's connection is gone
    dunst.start()

    assert notifier.show(Notification("Reconnected", "on a new bus", actions=REMINDER.actions))
    dunst.ctl("action", "0")
    wait_for(lambda: actions.keys, what="on_action over the new connection")
    assert [entry["summary"] for entry in dunst.history()] == ["Reconnected"]


def test_the_chooser_picks_dunst_first(dunst: Dunst, desktop_env: dict[str, str], tmp_path: Path) -> None:
    notifier, rejected = choose_notifier(temp_env(tmp_path, desktop_env), Actions())
    try:
        assert isinstance(notifier, ChainNotifier)
        assert notifier.name == "freedesktop>plyer"
        assert notifier.supports_actions
        assert rejected == ["tray: no tray icon"]
        assert notifier.show(REMINDER)
        assert [entry["appname"] for entry in dunst.history()] == ["hipbreak"]
    finally:
        notifier.close()
