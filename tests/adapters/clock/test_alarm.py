"""The alarm thread: one wake-up at the deadline, none before, and a re-arm that measures the wait again."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone

from hipbreak.adapters.alarm import Alarm


class Wakes:
    """Counts the alarm's wake-ups and lets the test wait for the next one."""

    def __init__(self) -> None:
        self.count = 0
        self.event = threading.Event()

    def __call__(self) -> None:
        self.count += 1
        self.event.set()


def soon(seconds: float) -> datetime:
    return datetime.now(timezone.utc) + timedelta(seconds=seconds)


def test_it_wakes_once_at_the_deadline_and_not_before() -> None:
    wakes = Wakes()
    alarm = Alarm(wakes)
    alarm.start()
    try:
        when = soon(0.3)
        alarm.wake_at(when)
        assert wakes.event.wait(5)
        assert datetime.now(timezone.utc) >= when - timedelta(milliseconds=20)
        time.sleep(0.3)  # a one-shot: nothing more comes (checked over a window longer than the first wait)
        assert wakes.count == 1
    finally:
        alarm.stop()


def test_a_cancelled_or_moved_deadline_does_not_fire() -> None:
    wakes = Wakes()
    alarm = Alarm(wakes)
    alarm.start()
    try:
        alarm.wake_at(soon(0.2))
        alarm.wake_at(None)
        assert not wakes.event.wait(0.5)
        alarm.wake_at(soon(30))
        alarm.wake_at(soon(0.1))  # moved earlier: the new deadline counts
        assert wakes.event.wait(5) and wakes.count == 1
    finally:
        alarm.stop()


def test_a_wait_that_ran_its_course_fires_even_if_the_wall_clock_went_back() -> None:
    # The wall clock read at the end of the wait says the deadline is still an hour away: it was set back.
    # The alarm wakes the app anyway, which then sees the jump and moves its deadlines.
    reads = [0]

    def wall() -> float:
        reads[0] += 1  # the first reading plans the wait; every later one sees the clock an hour back
        return time.time() - (3600.0 if reads[0] > 1 else 0.0)

    wakes = Wakes()
    alarm = Alarm(wakes, wall=wall)
    alarm.start()
    try:
        alarm.wake_at(soon(0.3))
        assert wakes.event.wait(5) and wakes.count == 1
    finally:
        alarm.stop()


def test_rearm_measures_the_wait_again_from_the_wall_clock() -> None:
    # As after a resume: the wall clock ran on while the monotonic wait stood still.
    offset = [0.0]
    wakes = Wakes()
    alarm = Alarm(wakes, wall=lambda: time.time() + offset[0])
    alarm.start()
    try:
        alarm.wake_at(soon(3600))
        assert not wakes.event.wait(0.2)
        offset[0] = 3600.0  # an hour "slept"
        alarm.rearm()
        assert wakes.event.wait(5) and wakes.count == 1
    finally:
        alarm.stop()


def test_stop_ends_the_thread() -> None:
    alarm = Alarm(Wakes())
    alarm.start()
    alarm.wake_at(soon(3600))
    alarm.stop()
    assert not any(t.name == "hipbreak-alarm" and t.is_alive() for t in threading.enumerate())
