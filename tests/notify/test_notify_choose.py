"""Choosing a notifier, and the chain that falls back when one stops working."""

from __future__ import annotations

import time
from pathlib import Path

from fake_notification_server import FakeNotificationServer
from session_bus import SessionBus
from temp_env import temp_env

from hipbreak.adapters.notify.base import Notification, Notifier
from hipbreak.adapters.notify.choose import ChainNotifier, choose_notifier
from hipbreak.adapters.notify.null import NullNotifier
from hipbreak.adapters.notify.tray_bubbles import TrayNotifier

NOTE = Notification("Time to stand up", "A hip-flexor stretch.", replace_key="reminder")


class NotifyingIcon:
    """Stands in for a pystray Icon whose backend can show bubbles (gtk, appindicator, win32, darwin)."""

    HAS_NOTIFICATION = True

    def __init__(self) -> None:
        self.shown: list[tuple[str, str | None]] = []

    def notify(self, message: str, title: str | None = None) -> None:
        self.shown.append((message, title))

    def remove_notification(self) -> None:
        self.shown.clear()


class SilentIcon(NotifyingIcon):
    """Like pystray's xorg backend: notify() exists but does nothing useful."""

    HAS_NOTIFICATION = False


class ScriptedNotifier:
    """A notifier whose show() returns what the test says, and which records every call."""

    supports_actions = False

    def __init__(self, name: str, answers: list[bool | Exception]) -> None:
        self.name = name
        self.answers = answers
        self.calls: list[str] = []

    def show(self, note: Notification) -> bool:
        self.calls.append(f"show {note.summary}")
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def withdraw(self, replace_key: str) -> None:
        self.calls.append(f"withdraw {replace_key}")

    def close(self) -> None:
        self.calls.append("close")


def _ignore(key: str) -> None:
    pass


def test_no_daemon_on_the_bus_falls_back_to_the_tray_with_a_reason(
    session_bus: SessionBus, tmp_path: Path
) -> None:
    icon = NotifyingIcon()
    env = temp_env(tmp_path, {"DBUS_SESSION_BUS_ADDRESS": session_bus.address, "PATH": str(tmp_path)})
    began = time.monotonic()
    notifier, rejected = choose_notifier(env, _ignore, icon)
    assert time.monotonic() - began < 1.5
    assert isinstance(notifier, TrayNotifier)
    assert rejected == [
        "freedesktop: no notification server on the session bus",
        "plyer: plyer finds neither dbus-python nor notify-send",
    ]
    assert notifier.show(NOTE)
    assert icon.shown == [("A hip-flexor stretch.", "Time to stand up")]


def test_a_server_that_never_answers_is_rejected_after_the_probe_timeout(
    fake_server: FakeNotificationServer, session_bus: SessionBus, tmp_path: Path
) -> None:
    fake_server.answering = False
    env = temp_env(tmp_path, {"DBUS_SESSION_BUS_ADDRESS": session_bus.address, "PATH": str(tmp_path)})
    began = time.monotonic()
    notifier, rejected = choose_notifier(env, _ignore, NotifyingIcon(), probe_timeout=0.5)
    assert time.monotonic() - began < 1.5
    assert notifier.name == "tray"
    assert rejected[0] == "freedesktop: org.freedesktop.Notifications did not answer within 0.5 s"


def test_a_working_server_comes_first_and_the_tray_backs_it_up(
    fake_server: FakeNotificationServer, session_bus: SessionBus, tmp_path: Path
) -> None:
    env = temp_env(tmp_path, {"DBUS_SESSION_BUS_ADDRESS": session_bus.address, "PATH": str(tmp_path)})
    notifier, rejected = choose_notifier(env, _ignore, NotifyingIcon())
    try:
        assert isinstance(notifier, ChainNotifier)
        assert notifier.name == "freedesktop>tray"
        assert notifier.supports_actions
        assert rejected == ["plyer: plyer finds neither dbus-python nor notify-send"]
    finally:
        notifier.close()


def test_nothing_usable_gives_the_null_notifier_and_every_reason(tmp_path: Path) -> None:
    notifier, rejected = choose_notifier(temp_env(tmp_path, {"PATH": str(tmp_path)}), _ignore, SilentIcon())
    assert isinstance(notifier, NullNotifier)
    assert rejected == [
        "freedesktop: no session bus (DBUS_SESSION_BUS_ADDRESS is not set)",
        "tray: the tray backend test_notify_choose cannot show notifications",
        "plyer: no session bus for plyer to reach a notification server",
    ]
    assert notifier.show(NOTE) is False
    assert notifier.name == "none"


def test_on_windows_the_tray_comes_first_and_d_bus_is_not_tried(tmp_path: Path) -> None:
    notifier, rejected = choose_notifier(temp_env(tmp_path, {}, platform="win32"), _ignore, NotifyingIcon())
    assert notifier.name == "tray>plyer"
    assert rejected == []


def test_on_macos_without_pyobjus_only_the_tray_is_left(tmp_path: Path) -> None:
    notifier, rejected = choose_notifier(temp_env(tmp_path, {}, platform="darwin"), _ignore, None)
    assert isinstance(notifier, NullNotifier)
    assert rejected == ["tray: no tray icon", "plyer: plyer needs pyobjus on macOS, which is not installed"]


def test_the_chain_falls_back_and_tries_the_first_again_next_time() -> None:
    first = ScriptedNotifier("first", [False, True])
    second = ScriptedNotifier("second", [True])
    chain = ChainNotifier([first, second])
    assert chain.name == "first>second"

    assert chain.show(NOTE)
    assert chain.last_used is second
    assert chain.show(NOTE)
    assert chain.last_used is first
    assert second.calls == ["show Time to stand up"]


def test_the_chain_survives_a_notifier_that_raises_and_reports_when_all_fail() -> None:
    broken = ScriptedNotifier("broken", [RuntimeError("bug"), RuntimeError("bug")])
    declining = ScriptedNotifier("declining", [True, False])
    chain = ChainNotifier([broken, declining])
    assert chain.show(NOTE)
    assert chain.show(NOTE) is False
    assert chain.last_used is None


def test_the_chain_reports_buttons_of_the_notifier_that_showed() -> None:
    with_buttons = ScriptedNotifier("buttons", [True, False])
    with_buttons.supports_actions = True
    plain = ScriptedNotifier("plain", [True])
    chain = ChainNotifier([with_buttons, plain])
    assert chain.supports_actions
    chain.show(NOTE)
    assert chain.supports_actions
    chain.show(NOTE)
    assert not chain.supports_actions


def test_the_chain_withdraws_and_closes_everywhere() -> None:
    notifiers = [ScriptedNotifier("a", []), ScriptedNotifier("b", [])]
    chain = ChainNotifier(notifiers)
    chain.withdraw("reminder")
    chain.close()
    assert [n.calls for n in notifiers] == [["withdraw reminder", "close"]] * 2


def test_every_notifier_fits_the_port() -> None:
    from hipbreak.adapters.notify.freedesktop import FreedesktopNotifier
    from hipbreak.adapters.notify.plyer_bubbles import PlyerNotifier

    candidates: list[object] = [
        NullNotifier(),
        TrayNotifier(NotifyingIcon()),
        PlyerNotifier(),
        FreedesktopNotifier(_ignore),
        ChainNotifier([NullNotifier()]),
    ]
    for candidate in candidates:
        assert isinstance(candidate, Notifier), candidate
