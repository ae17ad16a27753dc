"""The ext-idle-notify-v1 watch's state handling, with pywayland's objects replaced by hand-written fakes."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from fake_wayland import FakeWayland
from temp_env import temp_env
from watch_harness import Recorder, wakeups_during

from hipbreak.adapters.idle.base import IdleUnavailable
from hipbreak.adapters.idle.choose_watch import choose_idle_watch, wayland_socket
from hipbreak.adapters.idle.wayland_watch import WaylandIdleWatch, load_client


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_idled_and_resumed_call_back_once_each_and_the_notification_rearms() -> None:
    wayland, clock = FakeWayland(), FakeClock()
    watch = WaylandIdleWatch("/run/user/1000/wayland-1", "Wayland compositor", wayland.client(), clock)
    [display] = wayland.displays
    recorder = Recorder()
    try:
        watch.start(90.0, recorder.on_idle, recorder.on_active)
        assert display.armed.wait(5)
        assert display.notifier is not None
        [(timeout_ms, seat, _notification)] = display.notifier.notifications
        assert (timeout_ms, seat.interface.name) == (90_000, "wl_seat")
        assert watch.idle_seconds() is None  # the protocol has no query: unknown until idle

        display.send("idled")
        [idle] = recorder.wait_for(1)
        assert (idle.kind, idle.seconds, idle.thread) == ("idle", 90.0, "idle-watch-wayland")
        clock.now += 30
        assert watch.idle_seconds() == 120.0

        display.send("resumed")
        assert recorder.wait_for(2)[1].kind == "active"
        assert watch.idle_seconds() is None
        # The compositor re-arms the same notification after `resumed`: no new request is needed.
        display.send("idled")
        display.send("resumed")
        assert recorder.wait_for(4)
        assert recorder.kinds == ["idle", "active", "idle", "active"]
        assert len(display.notifier.notifications) == 1
    finally:
        watch.close()
    assert recorder.kinds == ["idle", "active", "idle", "active"]
    assert display.notifier.notifications[0][2].destroyed and not display.connected


def test_the_registry_read_binds_the_first_seat_and_the_notifier_at_version_1() -> None:
    wayland = FakeWayland(["wl_seat", "wl_output", "ext_idle_notifier_v1", "wl_seat"])
    watch = WaylandIdleWatch("/run/user/1000/wayland-1", client=wayland.client())
    try:
        registry = wayland.displays[0].registry
        assert registry is not None
        assert registry.bound == [(1, "wl_seat", 1), (3, "ext_idle_notifier_v1", 1)]
        assert "ext-idle-notify-v1" in watch.describe() and "no idle-time query" in watch.describe()
    finally:
        watch.close()


def test_a_compositor_without_the_protocol_is_named_with_those_that_have_it() -> None:
    wayland = FakeWayland(["wl_compositor", "wl_seat"])
    with pytest.raises(IdleUnavailable) as raised:
        WaylandIdleWatch("/run/user/1000/wayland-1", client=wayland.client())
    assert str(raised.value) == (
        "the compositor does not offer ext_idle_notifier_v1 (sway >= 1.8, Hyprland, river and KWin have it)"
    )
    assert not wayland.displays[0].connected


def test_a_compositor_that_goes_away_stops_the_watch_with_the_reason() -> None:
    wayland = FakeWayland()
    watch = WaylandIdleWatch("/run/user/1000/wayland-1", client=wayland.client())
    recorder = Recorder()
    watch.start(60.0, recorder.on_idle, recorder.on_active)
    display = wayland.displays[0]
    assert display.armed.wait(5)
    display.gone()
    assert watch._thread is not None
    watch._thread.join(5)
    assert watch.failure == "RuntimeError: Failed to read events"
    assert watch.describe().endswith("; stopped: RuntimeError: Failed to read events")
    watch.close()
    assert recorder.calls == []


def test_the_thread_sleeps_until_the_compositor_writes() -> None:
    wayland = FakeWayland()
    watch = WaylandIdleWatch("/run/user/1000/wayland-1", client=wayland.client())
    recorder = Recorder()
    try:
        watch.start(300.0, recorder.on_idle, recorder.on_active)
        assert wayland.displays[0].armed.wait(5)
        time.sleep(0.2)  # let it reach select()
        assert watch.thread_id is not None
        waiting = wakeups_during(watch.thread_id, 2.0)
    finally:
        watch.close()
    assert waiting <= 1, waiting


def test_without_pywayland_it_says_to_install_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pywayland.client", None)
    with pytest.raises(IdleUnavailable, match=r"install hipbreak\[wayland\]$"):
        load_client()


def test_the_chooser_takes_it_on_a_wayland_session(tmp_path: Path) -> None:
    wayland = FakeWayland()
    session = {
        "WAYLAND_DISPLAY": "wayland-1",
        "XDG_RUNTIME_DIR": "/run/user/1000",
        "XDG_SESSION_TYPE": "wayland",
    }
    watch, notes = choose_idle_watch(
        temp_env(tmp_path, session),
        {"wayland": lambda why: WaylandIdleWatch(wayland_socket(session), why, wayland.client())},
    )
    try:
        assert watch.name == "wayland"
        assert [d.name for d in wayland.displays] == ["/run/user/1000/wayland-1"]
        assert notes == [
            "mutter: not a GNOME session",
            "xsync: Wayland session: XWayland sees only X11 apps' input",
        ]
        assert watch.describe().endswith("(Wayland compositor)")
    finally:
        watch.close()


def test_the_socket_is_found_in_the_sessions_runtime_dir() -> None:
    assert wayland_socket({"WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": "/run/user/7"}) == (
        "/run/user/7/wayland-1"
    )
    assert wayland_socket({"WAYLAND_DISPLAY": "/tmp/w/wayland-2"}) == "/tmp/w/wayland-2"
    assert wayland_socket({"WAYLAND_DISPLAY": "wayland-1"}) == ""
    assert wayland_socket({"XDG_RUNTIME_DIR": "/run/user/7"}) == ""


def test_the_chooser_says_why_it_passed_over_the_wayland_watch(tmp_path: Path) -> None:
    without_protocol = FakeWayland(["wl_seat"])
    session = {
        "WAYLAND_DISPLAY": "wayland-1",
        "XDG_RUNTIME_DIR": "/run/user/1000",
        "XDG_SESSION_TYPE": "wayland",
    }
    watch, notes = choose_idle_watch(
        temp_env(tmp_path, session),
        {"wayland": lambda why: WaylandIdleWatch("wayland-1", why, without_protocol.client())},
    )
    assert watch.name == "none"
    offered_by = "sway >= 1.8, Hyprland, river and KWin have it"
    assert f"wayland: the compositor does not offer ext_idle_notifier_v1 ({offered_by})" in notes

    watch, notes = choose_idle_watch(temp_env(tmp_path, {"XDG_SESSION_TYPE": "wayland"}))
    assert "wayland: WAYLAND_DISPLAY is not set" in notes


def test_the_chooser_reports_a_missing_socket(tmp_path: Path) -> None:
    session = {
        "WAYLAND_DISPLAY": "wayland-1",
        "XDG_RUNTIME_DIR": str(tmp_path),
        "XDG_SESSION_TYPE": "wayland",
    }
    watch, notes = choose_idle_watch(temp_env(tmp_path, session))
    assert watch.name == "none"
    wayland_notes = [note for note in notes if note.startswith("wayland: ")]
    # With pywayland: the socket cannot be reached; without it: the extra to install.
    assert wayland_notes in (
        [f"wayland: cannot connect to the Wayland display '{tmp_path}/wayland-1'"],
        ["wayland: pywayland is not installed (No module named 'pywayland'); install hipbreak[wayland]"],
    ), notes
