"""The Linux clock-change watch: a real timerfd armed and closed, and the ECANCELED path with a fake read."""

from __future__ import annotations

import errno
import os
import sys
import threading
import time

import pytest

from hipbreak.adapters.clock.change_watch import HeartbeatChangeWatch, choose_clock_watch
from hipbreak.environment import Environment

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="timerfd is Linux only")


def _watch_module():  # type: ignore[no-untyped-def]
    from hipbreak.adapters.clock import timerfd_watch

    return timerfd_watch


def wait_until(condition, timeout: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return bool(condition())


def test_a_real_timerfd_wakes_its_thread_and_is_armed_again() -> None:
    # Armed 50 ms ahead instead of a year, the carrier timer expires: the thread wakes on the fd, reads it,
    # and arms it again; an expiry is not a clock change.
    changes: list[int] = []
    watch = _watch_module().TimerfdChangeWatch(ahead_seconds=0.05)
    watch.start(lambda: changes.append(1))
    try:
        assert wait_until(lambda: watch.expirations >= 2)
        assert changes == [] and watch.changes == 0 and watch.failure is None
    finally:
        watch.close()
    assert not any(t.name == "hipbreak-clock-watch" and t.is_alive() for t in threading.enumerate())


def test_a_cancelled_read_is_a_clock_change_and_the_timer_is_armed_again() -> None:
    # The kernel fails the read with ECANCELED when the wall clock is set or the machine resumes; the test
    # cannot set the clock, so the read is faked once and the real timerfd then expires as above.
    module = _watch_module()
    reads = [0]

    def read(fd: int, size: int) -> bytes:
        reads[0] += 1
        if reads[0] == 1:
            raise OSError(errno.ECANCELED, os.strerror(errno.ECANCELED))
        return os.read(fd, size)

    changed = threading.Event()
    watch = module.TimerfdChangeWatch(ahead_seconds=0.05, read=read)
    watch.start(changed.set)
    try:
        assert changed.wait(5)
        assert wait_until(lambda: watch.expirations >= 1)  # armed again after the cancel: it expires
        assert watch.changes == 1 and watch.failure is None
    finally:
        watch.close()


def test_an_unexpected_read_error_stops_the_watch_with_the_reason() -> None:
    def read(fd: int, size: int) -> bytes:
        raise OSError(errno.EIO, "Input/output error")

    watch = _watch_module().TimerfdChangeWatch(ahead_seconds=0.01, read=read)
    watch.start(lambda: None)
    try:
        assert wait_until(lambda: watch.failure is not None)
        assert "Input/output error" in watch.describe()
    finally:
        watch.close()


def test_the_year_long_timer_with_cancel_on_set_is_accepted_and_sleeps(tmp_path) -> None:  # type: ignore[no-untyped-def]
    watch = _watch_module().TimerfdChangeWatch()
    watch.start(lambda: None)
    try:
        time.sleep(0.2)
        assert watch.expirations == 0 and watch.changes == 0 and watch.failure is None
        assert "no polling" in watch.describe()
    finally:
        watch.close()


def test_the_chooser_takes_timerfd_on_linux_and_the_heartbeat_elsewhere(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from temp_env import temp_env

    linux = temp_env(tmp_path / "linux")
    watch, notes = choose_clock_watch(linux)
    try:
        assert watch.name == "timerfd" and notes == []
    finally:
        watch.close()
    other: Environment = temp_env(tmp_path / "mac", platform="darwin")
    fallback, notes = choose_clock_watch(other)
    assert isinstance(fallback, HeartbeatChangeWatch)
    assert "every 10 min" in fallback.describe() and notes == [
        "timerfd: no clock-change event is used on darwin"
    ]
