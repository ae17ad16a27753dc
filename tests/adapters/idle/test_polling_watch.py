"""The polling idle watch over a fake source whose idle time is real time since the last touch()."""

from __future__ import annotations

import threading
import time

import pytest
from watch_harness import Recorder

from hipbreak.adapters.idle.polling_watch import RETRY_SECONDS, PollingIdleWatch


class TouchSource:
    """An IdleSource: seconds since the last touch(), counting its readings."""

    name = "touch"

    def __init__(self) -> None:
        self.last_input = time.monotonic()
        self.reads = 0
        self.closed = False
        self.answers = True
        self._lock = threading.Lock()

    def touch(self) -> float:
        self.last_input = time.monotonic()
        return self.last_input

    def idle_seconds(self) -> float | None:
        with self._lock:
            self.reads += 1
            if self.closed or not self.answers:
                return None
            return time.monotonic() - self.last_input

    def close(self) -> None:
        self.closed = True


def test_idle_active_idle_with_the_needed_precision_only() -> None:
    source = TouchSource()
    watch = PollingIdleWatch(source, reason="test", active_poll_seconds=0.1)
    recorder = Recorder()
    touched = source.touch()
    try:
        watch.start(0.6, recorder.on_idle, recorder.on_active)
        [idle] = recorder.wait_for(1)
        assert idle.seconds is not None and idle.seconds >= 0.6
        assert 0.6 <= idle.at - touched < 0.9
        assert source.reads <= 3  # one at start, one when the threshold could be reached (plus slack)

        touched = source.touch()
        active = recorder.wait_for(2)[1]
        assert active.kind == "active" and active.at - touched < 0.3
        idle_again = recorder.wait_for(3)[2]
        assert 0.6 <= idle_again.at - touched < 0.9
        assert recorder.kinds == ["idle", "active", "idle"]
        assert idle.thread == "idle-watch-touch-poll"
    finally:
        watch.close()
    assert source.closed and watch.idle_seconds() is None
    assert watch.describe() == (
        "touch-poll: polls the touch idle time: once when the threshold could be reached, "
        "then every 0.1 s while the user is away (test)"
    )


def test_while_the_user_is_active_it_reads_once_per_threshold() -> None:
    source = TouchSource()
    watch = PollingIdleWatch(source)
    source.touch()
    watch.start(3.0, lambda seconds: None, lambda: None)
    try:
        time.sleep(2.5)
        assert source.reads == 1
    finally:
        watch.close()


def test_the_sleep_follows_the_readings() -> None:
    watch = PollingIdleWatch(TouchSource(), active_poll_seconds=2.0)
    recorder = Recorder()
    watch.threshold = 60.0
    watch._on_idle, watch._on_active = recorder.on_idle, recorder.on_active
    assert watch.next_sleep(None, None) == RETRY_SECONDS  # unknown: ask again later
    assert watch.next_sleep(20.0, None) == 40.0  # the soonest the threshold can be reached
    assert watch.next_sleep(59.99, 20.0) == pytest.approx(0.05)  # never a busy loop
    assert watch.next_sleep(61.0, 59.99) == 2.0 and recorder.kinds == ["idle"]
    assert watch.next_sleep(63.0, 61.0) == 2.0 and recorder.kinds == ["idle"]
    assert watch.next_sleep(None, 63.0) == 2.0  # a failed reading while idle says nothing
    assert watch.next_sleep(1.0, 63.0) == 59.0 and recorder.kinds == ["idle", "active"]
    assert watch.next_sleep(70.0, 1.0) == 2.0
    # Input 10 s ago after 70 s away: the user came back and left again.
    assert watch.next_sleep(62.0, 70.0) == 2.0
    assert recorder.kinds == ["idle", "active", "idle", "active", "idle"]
    watch.close()


def test_close_from_a_callback_ends_the_thread_and_releases() -> None:
    source = TouchSource()
    watch = PollingIdleWatch(source)
    source.last_input -= 10  # idle already
    watch.start(1.0, lambda seconds: watch.close(), lambda: None)
    thread = watch._thread
    assert thread is not None
    thread.join(timeout=5)
    assert not thread.is_alive() and source.closed


def test_bad_arguments() -> None:
    watch = PollingIdleWatch(TouchSource())
    with pytest.raises(ValueError):
        watch.start(0, lambda seconds: None, lambda: None)
    watch.close()
    with pytest.raises(RuntimeError):
        watch.start(1.0, lambda seconds: None, lambda: None)
    with pytest.raises(ValueError):
        PollingIdleWatch(TouchSource(), active_poll_seconds=0)
