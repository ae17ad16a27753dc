"""The freedesktop notifier against a recording server on a real private bus: what it sends, what it hears."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_notification_server import FakeNotificationServer
from notify_harness import Actions, wait_for
from session_bus import SessionBus

import hipbreak
from hipbreak.adapters.notify.base import Notification
from hipbreak.adapters.notify.freedesktop import FreedesktopNotifier

REMINDER = Notification(
    "Time to stand up",
    "A hip-flexor stretch: 30 s each side.",
    actions=(("default", "Start"), ("snooze-5m", "Snooze 5 min"), ("skip", "Skip")),
    replace_key="reminder",
)


@pytest.fixture
def notifier(session_bus: SessionBus, actions: Actions) -> Iterator[FreedesktopNotifier]:
    notifier = FreedesktopNotifier(
        actions,
        icon_path="/usr/share/icons/hipbreak.png",
        bus_address=session_bus.address,
        request_timeout=1.0,
    )
    try:
        yield notifier
    finally:
        notifier.close()


def test_notify_carries_app_name_actions_hints_and_timeout(
    fake_server: FakeNotificationServer, notifier: FreedesktopNotifier
) -> None:
    assert notifier.probe() is None
    assert notifier.supports_actions
    assert notifier.server_info == "fake 1.0 (hipbreak tests)"

    assert notifier.show(REMINDER)
    assert notifier.show(Notification("Stand up in 1 minute", "", urgency="low", timeout_s=7.5))

    first, second = fake_server.notify_calls
    assert (first.app_name, first.replaces_id, first.app_icon) == (
        "hipbreak",
        0,
        "/usr/share/icons/hipbreak.png",
    )
    assert (first.summary, first.body) == (REMINDER.summary, REMINDER.body)
    assert first.actions == ["default", "Start", "snooze-5m", "Snooze 5 min", "skip", "Skip"]
    assert first.hints == {"urgency": ("y", 1), "desktop-entry": ("s", "io.github.hipbreak.hipbreak")}
    assert first.expire_timeout == -1
    assert second.hints["urgency"] == ("y", 0)
    assert second.expire_timeout == 7500
    assert second.actions == []


def test_a_pressed_button_reaches_on_action_on_the_notifier_thread(
    fake_server: FakeNotificationServer, notifier: FreedesktopNotifier, actions: Actions
) -> None:
    assert notifier.show(REMINDER)
    bubble = fake_server.notify_calls[0].bubble

    fake_server.emit_action(bubble, "snooze-5m")

    wait_for(lambda: actions.keys, what="on_action")
    assert actions.keys == ["snooze-5m"]
    assert actions.threads == ["hipbreak-notify"]


def test_actions_for_other_bubbles_or_from_other_senders_are_ignored(
    fake_server: FakeNotificationServer,
    notifier: FreedesktopNotifier,
    actions: Actions,
    session_bus: SessionBus,
) -> None:
    from jeepney import DBusAddress, HeaderFields, new_signal
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    assert notifier.show(REMINDER)
    call = fake_server.notify_calls[0]
    fake_server.emit_action(call.bubble + 100, "skip", destination=call.sender)
    with open_dbus_connection(bus=session_bus.address) as impostor:
        emitter = DBusAddress("/org/freedesktop/Notifications", interface="org.freedesktop.Notifications")
        forged = new_signal(emitter, "ActionInvoked", "us", (call.bubble, "skip"))
        forged.header.fields[HeaderFields.destination] = call.sender
        impostor.send(forged)
        # A round trip makes the bus route the forged signal before the real one below.
        impostor.send_and_get_reply(message_bus.GetId(), timeout=5)
        fake_server.emit_action(call.bubble, "default")  # after the others, so it proves they were read
        wait_for(lambda: actions.keys, what="on_action")
    assert actions.keys == ["default"]


def test_same_replace_key_reuses_the_id_until_the_bubble_closes(
    fake_server: FakeNotificationServer, notifier: FreedesktopNotifier, actions: Actions
) -> None:
    assert notifier.show(REMINDER)
    assert notifier.show(REMINDER)
    assert notifier.show(Notification("Stand up in 1 minute", "", replace_key="pre-notice"))
    first, second, other = fake_server.notify_calls
    assert second.replaces_id == first.bubble
    assert second.bubble == first.bubble
    assert other.replaces_id == 0 and other.bubble != first.bubble

    fake_server.emit_closed(first.bubble)  # the user dismissed it
    # Signals from one sender arrive in order: once this action is in, so is the dismissal.
    fake_server.emit_action(other.bubble, "sync")
    wait_for(lambda: actions.keys == ["sync"], what="the dismissal to reach the notifier")
    assert notifier.show(REMINDER)
    assert fake_server.notify_calls[-1].replaces_id == 0


def test_a_new_server_gets_no_ids_from_the_old_one(
    fake_server: FakeNotificationServer,
    notifier: FreedesktopNotifier,
    actions: Actions,
    session_bus: SessionBus,
) -> None:
    assert notifier.show(REMINDER)
    old = fake_server.notify_calls[0]
    fake_server.stop()
    successor = FakeNotificationServer(session_bus.address, capabilities=("body",)).start()
    try:
        assert notifier.show(REMINDER)
        (call,) = successor.notify_calls
        assert call.replaces_id == 0
        assert call.actions == []  # capabilities are asked again of the new server
        assert not notifier.supports_actions
        successor.emit_action(call.bubble, "skip")
        wait_for(lambda: actions.keys, what="on_action from the new server")
        assert actions.keys == ["skip"]
        assert call.bubble == old.bubble  # ids restart, so only the sender tells them apart
    finally:
        successor.stop()


def test_withdraw_closes_the_bubble_of_that_key_only(
    fake_server: FakeNotificationServer, notifier: FreedesktopNotifier
) -> None:
    assert notifier.show(REMINDER)
    assert notifier.show(Notification("Stand up in 1 minute", "", replace_key="pre-notice"))
    notifier.withdraw("never-shown")
    notifier.withdraw("pre-notice")
    pre_notice = fake_server.notify_calls[1].bubble
    wait_for(lambda: fake_server.closed, what="CloseNotification")
    assert notifier.show(REMINDER)  # requests run in order, so the withdrawals are done by now
    assert fake_server.closed == [pre_notice]


def test_no_buttons_are_sent_to_a_server_without_actions(
    session_bus: SessionBus, notifier: FreedesktopNotifier
) -> None:
    server = FakeNotificationServer(session_bus.address, capabilities=("body",)).start()
    try:
        assert notifier.show(REMINDER)
        assert not notifier.supports_actions
        assert server.notify_calls[0].actions == []
    finally:
        server.stop()


def test_a_server_that_never_answers_costs_one_timeout_and_no_hang(
    fake_server: FakeNotificationServer, notifier: FreedesktopNotifier
) -> None:
    fake_server.answering = False
    began = time.monotonic()
    assert notifier.show(REMINDER) is False
    assert time.monotonic() - began < 2.0
    assert notifier.last_error is not None and "did not answer" in notifier.last_error

    fake_server.answering = True
    assert notifier.show(REMINDER)
    assert notifier.last_error is None


def test_a_failing_callback_does_not_stop_the_listener(
    fake_server: FakeNotificationServer, session_bus: SessionBus
) -> None:
    keys: list[str] = []

    def on_action(key: str) -> None:
        keys.append(key)
        raise RuntimeError("the app's handler broke")

    notifier = FreedesktopNotifier(on_action, bus_address=session_bus.address)
    try:
        assert notifier.show(REMINDER)
        bubble = fake_server.notify_calls[0].bubble
        fake_server.emit_action(bubble, "snooze-5m")
        fake_server.emit_action(bubble, "skip")
        wait_for(lambda: len(keys) == 2, what="both actions")
        assert notifier.show(REMINDER)
    finally:
        notifier.close()


def test_shows_from_many_threads_all_arrive(
    fake_server: FakeNotificationServer, notifier: FreedesktopNotifier
) -> None:
    results: list[bool] = []
    threads = [
        threading.Thread(target=lambda i=i: results.append(notifier.show(Notification(f"n{i}", ""))))
        for i in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert results == [True] * 8
    assert sorted(call.summary for call in fake_server.notify_calls) == [f"n{i}" for i in range(8)]
    assert len({call.bubble for call in fake_server.notify_calls}) == 8


def test_after_close_show_returns_false_and_close_twice_is_fine(
    fake_server: FakeNotificationServer, notifier: FreedesktopNotifier
) -> None:
    assert notifier.show(REMINDER)
    notifier.close()
    notifier.close()
    assert notifier.show(REMINDER) is False
    notifier.withdraw("reminder")
    assert len(fake_server.notify_calls) == 1


def test_without_a_bus_address_show_fails_with_a_reason(actions: Actions) -> None:
    notifier = FreedesktopNotifier(actions, bus_address=None)
    try:
        assert notifier.show(REMINDER) is False
        assert notifier.last_error is not None and "DBUS_SESSION_BUS_ADDRESS" in notifier.last_error
    finally:
        notifier.close()


def test_importing_the_package_loads_no_backend_library() -> None:
    import subprocess
    import sys

    code = (
        "import sys, hipbreak.adapters.notify, hipbreak.adapters.notify.choose,"
        " hipbreak.adapters.notify.freedesktop;"
        "print(sorted(m for m in ('jeepney', 'plyer', 'pystray', 'gi') if m in sys.modules))"
    )
    env = {"PYTHONPATH": str(Path(hipbreak.__file__).parents[1])}  # the hipbreak under test
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_callback_may_show_the_next_bubble_without_stalling(
    fake_server: FakeNotificationServer, session_bus: SessionBus
) -> None:
    answers: list[bool] = []
    notifier = FreedesktopNotifier(
        lambda key: answers.append(notifier.show(Notification(f"after {key}", ""))),
        bus_address=session_bus.address,
    )
    try:
        assert notifier.show(REMINDER)
        began = time.monotonic()
        fake_server.emit_action(fake_server.notify_calls[0].bubble, "snooze-5m")
        wait_for(lambda: answers, what="the callback's show()")
        assert answers == [True]
        assert time.monotonic() - began < 1.0
        assert fake_server.notify_calls[-1].summary == "after snooze-5m"
    finally:
        notifier.close()
