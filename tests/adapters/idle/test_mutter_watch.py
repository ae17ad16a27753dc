"""The Mutter idle watch against a fake IdleMonitor on a private session bus."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from fake_desktop import FakeIdleMonitor
from session_bus import SessionBus
from watch_harness import Recorder, wakeups_during

from hipbreak.adapters.idle.base import IdleUnavailable
from hipbreak.adapters.idle.mutter_watch import MutterIdleWatch

MECHANISM = "Mutter IdleMonitor watches over D-Bus (no polling)"


def eventually(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


@pytest.fixture
def monitors() -> Iterator[list[FakeIdleMonitor]]:
    started: list[FakeIdleMonitor] = []
    yield started
    for monitor in started:
        monitor.stop()


def start_monitor(monitors: list[FakeIdleMonitor], address: str, idle_ms: int = 0) -> FakeIdleMonitor:
    monitor = FakeIdleMonitor(address, idle_ms)
    monitors.append(monitor)
    return monitor


def test_idle_then_active_then_idle_again(session_bus: str, monitors: list[FakeIdleMonitor]) -> None:
    mutter = start_monitor(monitors, session_bus)
    watch = MutterIdleWatch(session_bus, reason="GNOME session")
    recorder = Recorder()
    try:
        watch.start(90.0, recorder.on_idle, recorder.on_active)
        eventually(lambda: any(w.interval_ms == 90_000 for w in mutter.watches.values()))
        assert recorder.calls == []

        mutter.go_idle(90_000)
        [idle] = recorder.wait_for(1)
        assert (idle.kind, idle.seconds, idle.thread) == ("idle", 90.0, "idle-watch-mutter")
        eventually(lambda: any(w.interval_ms == 0 for w in mutter.watches.values()))
        mutter.go_idle(120_000)  # still idle: the idle watch does not fire twice
        assert watch.idle_seconds() == 120.0

        mutter.come_back()
        assert recorder.wait_for(2)[1].kind == "active"
        mutter.go_idle(95_000)
        assert recorder.wait_for(3)[2].kind == "idle"
        mutter.come_back()
        assert recorder.wait_for(4)[3].kind == "active"
        assert recorder.kinds == ["idle", "active", "idle", "active"]
        assert (
            watch.describe() == "mutter: Mutter IdleMonitor watches over D-Bus (no polling) (GNOME session)"
        )
    finally:
        watch.close()
    assert watch.idle_seconds() is None
    # Mutter drops a client's watches when it leaves the bus; the fake only sees the calls.
    assert mutter.calls.count("AddIdleWatch") == 1


def test_already_idle_reports_at_once_and_input_before_the_active_watch_is_not_lost(
    session_bus: str, monitors: list[FakeIdleMonitor]
) -> None:
    mutter = start_monitor(monitors, session_bus, idle_ms=300_000)
    mutter.input_before_active_watch = True
    watch = MutterIdleWatch(session_bus)
    recorder = Recorder()
    try:
        watch.start(60.0, recorder.on_idle, recorder.on_active)
        idle, active = recorder.wait_for(2)
        assert (idle.kind, idle.seconds, active.kind) == ("idle", 300.0, "active")
        eventually(lambda: "RemoveWatch" in mutter.calls)
        assert [w.interval_ms for w in mutter.watches.values()] == [60_000]
    finally:
        watch.close()


def test_a_restarted_shell_gets_the_watch_again(session_bus: str, monitors: list[FakeIdleMonitor]) -> None:
    first = start_monitor(monitors, session_bus)
    watch = MutterIdleWatch(session_bus)
    recorder = Recorder()
    try:
        watch.start(30.0, recorder.on_idle, recorder.on_active)
        eventually(lambda: "AddIdleWatch" in first.calls)
        first.stop()
        monitors.remove(first)
        second = start_monitor(monitors, session_bus)
        eventually(lambda: "AddIdleWatch" in second.calls)
        second.go_idle(30_000)
        assert recorder.wait_for(1)[0].kind == "idle"
    finally:
        watch.close()


def test_the_watch_thread_does_not_wake_while_waiting(
    session_bus: str, monitors: list[FakeIdleMonitor]
) -> None:
    mutter = start_monitor(monitors, session_bus)
    watch = MutterIdleWatch(session_bus)
    recorder = Recorder()
    try:
        watch.start(60.0, recorder.on_idle, recorder.on_active)
        eventually(lambda: "GetIdletime" in mutter.calls[1:])  # the probe was the first
        time.sleep(0.2)
        assert watch.thread_id is not None
        waiting_for_idle = wakeups_during(watch.thread_id, 3.0)
        mutter.go_idle(60_000)
        recorder.wait_for(1)
        eventually(lambda: any(w.interval_ms == 0 for w in mutter.watches.values()))
        time.sleep(0.2)
        waiting_for_input = wakeups_during(watch.thread_id, 3.0)
    finally:
        watch.close()
    print(f"wake-ups in 3 s: waiting for idle {waiting_for_idle}, waiting for input {waiting_for_input}")
    assert waiting_for_idle <= 1 and waiting_for_input <= 1, (waiting_for_idle, waiting_for_input)


def test_no_monitor_on_the_bus_is_a_reason(session_bus: str) -> None:
    with pytest.raises(IdleUnavailable, match=r"org\.gnome\.Mutter\.IdleMonitor is not on the session bus"):
        MutterIdleWatch(session_bus)


def test_a_lost_bus_stops_the_watch_quietly(bus: SessionBus, monitors: list[FakeIdleMonitor]) -> None:
    mutter = start_monitor(monitors, bus.address)
    watch = MutterIdleWatch(bus.address)
    watch.start(60.0, lambda seconds: None, lambda: None)
    eventually(lambda: "AddIdleWatch" in mutter.calls)
    bus.kill()
    eventually(lambda: watch.failure is not None)
    assert watch.describe().startswith(
        "mutter: Mutter IdleMonitor watches over D-Bus (no polling); stopped: "
    )
    assert watch.idle_seconds() is None
    watch.close()
