"""The XSync idle watch against a private Xvfb, with xdotool as the user."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from watch_harness import Recorder, wakeups_during
from xserver import XServer, outlive_the_server, unused_display

import hipbreak
from hipbreak.adapters.idle.base import IdleUnavailable
from hipbreak.adapters.idle.xsync import XSyncIdleWatch

HIPBREAK_HOME = Path(hipbreak.__file__).resolve().parents[1]


def move_pointer(display: str, x: int) -> float:
    """Move the pointer on `display` and return when (monotonic) the server saw it, near enough."""
    subprocess.run(["xdotool", "mousemove", str(x), "20"], env={**os.environ, "DISPLAY": display}, check=True)
    return time.monotonic()


@pytest.fixture
def watch(xvfb: XServer) -> Iterator[XSyncIdleWatch]:
    opened = XSyncIdleWatch(xvfb.display, reason="test")
    yield opened
    opened.close()


def test_idle_fires_once_at_the_threshold_then_active_on_input_then_idle_again(
    xvfb: XServer, watch: XSyncIdleWatch
) -> None:
    recorder = Recorder()
    moved = move_pointer(xvfb.display, 10)
    watch.start(1.0, recorder.on_idle, recorder.on_active)

    [idle] = recorder.wait_for(1)
    assert idle.kind == "idle"
    assert idle.thread == "idle-watch-xsync"
    assert idle.seconds is not None and 1.0 <= idle.seconds < 1.2
    assert 0.9 <= idle.at - moved < 1.6
    time.sleep(1.5)  # still idle, now 2.5 s: no second on_idle
    assert recorder.kinds == ["idle"]

    moved = move_pointer(xvfb.display, 30)
    active = recorder.wait_for(2)[1]
    assert active.kind == "active"
    assert active.at - moved < 0.5

    idle_again = recorder.wait_for(3)[2]
    assert idle_again.kind == "idle"
    assert 0.9 <= idle_again.at - moved < 1.6
    assert recorder.kinds == ["idle", "active", "idle"]


def test_a_user_already_idle_is_reported_at_once(xvfb: XServer, watch: XSyncIdleWatch) -> None:
    move_pointer(xvfb.display, 10)
    deadline = time.monotonic() + 10
    while (watch.idle_seconds() or 0.0) < 1.5:
        assert time.monotonic() < deadline, "the idle time never reached 1.5 s"
        time.sleep(0.05)
    recorder = Recorder()
    started = time.monotonic()
    watch.start(1.0, recorder.on_idle, recorder.on_active)
    [idle] = recorder.wait_for(1)
    assert idle.at - started < 0.5
    assert idle.seconds is not None and idle.seconds >= 1.5


def test_the_watch_thread_does_not_wake_while_waiting(xvfb: XServer, watch: XSyncIdleWatch) -> None:
    recorder = Recorder()
    move_pointer(xvfb.display, 10)
    watch.start(4.0, recorder.on_idle, recorder.on_active)
    time.sleep(0.2)  # let the thread arm its alarm and go to sleep in select()
    assert watch.thread_id is not None
    waiting_for_idle = wakeups_during(watch.thread_id, 3.0)
    assert recorder.kinds == []

    recorder.wait_for(1)
    time.sleep(0.2)  # let the thread return from on_idle and go back to select()
    waiting_for_input = wakeups_during(watch.thread_id, 3.0)
    assert recorder.kinds == ["idle"]
    print(f"wake-ups in 3 s: waiting for idle {waiting_for_idle}, waiting for input {waiting_for_input}")
    assert waiting_for_idle <= 1, waiting_for_idle
    assert waiting_for_input <= 1, waiting_for_input


def test_readings_and_close(xvfb: XServer, watch: XSyncIdleWatch) -> None:
    move_pointer(xvfb.display, 10)
    first = watch.idle_seconds()
    assert first is not None and first < 1.0
    recorder = Recorder()
    watch.start(30.0, recorder.on_idle, recorder.on_active)
    with pytest.raises(RuntimeError):
        watch.start(30.0, recorder.on_idle, recorder.on_active)
    started = time.monotonic()
    watch.close()
    assert time.monotonic() - started < 1.0
    assert watch.idle_seconds() is None
    watch.close()  # twice is fine
    mechanism = f"alarms on the X server's IDLETIME counter on {xvfb.display} (no polling)"
    assert watch.describe() == f"xsync: {mechanism} (test)"
    assert recorder.calls == []


def test_no_display_is_a_reason(tmp_path: Path) -> None:
    with pytest.raises(IdleUnavailable, match="DISPLAY is not set"):
        XSyncIdleWatch("")
    nowhere = unused_display()
    with pytest.raises(IdleUnavailable, match="cannot open display"):
        XSyncIdleWatch(nowhere)


def test_a_lost_server_stops_the_watch_and_the_process_survives(xvfb: XServer, tmp_path: Path) -> None:
    # Xlib would exit(1) without the I/O error guard; run it in a child to be safe.
    script = (
        "import sys\n"
        "from hipbreak.adapters.idle.xsync import XSyncIdleWatch\n"
        "w = XSyncIdleWatch(sys.argv[1])\n"
        "w.start(60.0, lambda s: None, lambda: None)\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
        "w._thread.join(5)\n"
        "print(w.idle_seconds(), w.describe(), flush=True)\n"
        "w.close()\n"
    )
    out = outlive_the_server(xvfb, script, tmp_path, HIPBREAK_HOME)
    assert out.startswith("None xsync: alarms")
    assert "; stopped: IdleUnavailable: lost the connection to display" in out
