"""Sleep and clock-jump detection from hand-made clock readings."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hipbreak.adapters.clock.watch import ClockChange, ClockReading, ClockWatch, compare

START = ClockReading(wall=1_700_000_000.0, monotonic=5_000.0, boottime=5_100.0)


def later(
    reading: ClockReading, awake: float, slept: float = 0.0, jump: float = 0.0, boottime: bool = True
) -> ClockReading:
    """Return the reading after `awake` s of running, `slept` s suspended and a `jump` of the wall clock."""
    return ClockReading(
        wall=reading.wall + awake + slept + jump,
        monotonic=reading.monotonic + awake,
        boottime=reading.boottime + awake + slept if boottime and reading.boottime is not None else None,
    )


def test_a_normal_heartbeat_is_quiet() -> None:
    change = compare(START, later(START, awake=60))
    assert change == ClockChange(0.0, 0.0)
    assert change.quiet


def test_suspend_shows_as_sleep_through_boottime() -> None:
    assert compare(START, later(START, awake=30, slept=3_600)) == ClockChange(slept=3_600, jumped=0)


def test_a_wall_jump_is_signed_and_not_sleep() -> None:
    assert compare(START, later(START, awake=30, jump=-3_600)) == ClockChange(slept=0, jumped=-3_600)
    assert compare(START, later(START, awake=30, jump=7_200)) == ClockChange(slept=0, jumped=7_200)


def test_sleep_and_jump_together_are_told_apart() -> None:
    assert compare(START, later(START, awake=10, slept=600, jump=-3_600)) == ClockChange(600, -3_600)


def test_jitter_under_the_noise_level_reads_as_zero() -> None:
    jittery = later(START, awake=30, slept=1.5, jump=-1.2)
    assert compare(START, jittery) == ClockChange()
    sensitive = compare(START, jittery, noise=1.0)
    assert (sensitive.slept, sensitive.jumped) == (pytest.approx(1.5), pytest.approx(-1.2))


def test_without_boottime_a_forward_gap_is_sleep_and_a_backward_gap_a_jump() -> None:
    start = ClockReading(wall=START.wall, monotonic=START.monotonic)
    assert compare(start, later(start, awake=30, slept=900, boottime=False)) == ClockChange(slept=900)
    assert compare(start, later(start, awake=30, jump=-900, boottime=False)) == ClockChange(jumped=-900)
    assert compare(start, later(start, awake=30, jump=1, boottime=False)).quiet


def test_one_missing_boottime_falls_back_to_the_wall_gap() -> None:
    without = ClockReading(wall=START.wall, monotonic=START.monotonic)
    assert compare(without, later(START, awake=5, slept=100)) == ClockChange(slept=100)


@given(
    awake=st.floats(0, 86_400),
    slept=st.floats(0, 86_400),
    jump=st.floats(-86_400, 86_400),
)
def test_big_events_are_measured_and_small_ones_vanish(awake: float, slept: float, jump: float) -> None:
    change = compare(START, later(START, awake=awake, slept=slept, jump=jump))
    # Float sums of ~1e9 carry ~1e-6 of rounding; compare with a tolerance of that order.
    assert abs(change.slept - (slept if slept >= 2.0 else 0.0)) < 1e-3 or abs(slept - 2.0) < 1e-3
    assert abs(change.jumped - (jump if abs(jump) >= 2.0 else 0.0)) < 1e-3 or abs(abs(jump) - 2.0) < 1e-3


def test_the_watch_reads_injected_clocks_and_uses_its_noise_level() -> None:
    clocks = iter([(100.0, 10.0, 20.0), (205.0, 15.0, 125.0)])
    current = {"value": (0.0, 0.0, 0.0)}

    def advance() -> float:
        current["value"] = next(clocks)
        return current["value"][1]

    watch = ClockWatch(
        wall=lambda: current["value"][0], monotonic=advance, boottime=lambda: current["value"][2], noise=5
    )
    first, second = watch.sample(), watch.sample()
    assert first == ClockReading(wall=100.0, monotonic=10.0, boottime=20.0)
    assert watch.compare(first, second) == ClockChange(slept=100.0, jumped=0.0)


def test_the_real_clocks_are_quiet_over_a_short_interval() -> None:
    watch = ClockWatch()
    first = watch.sample()
    time.sleep(0.01)
    second = watch.sample()
    assert watch.compare(first, second).quiet
    if hasattr(time, "CLOCK_BOOTTIME"):
        assert first.boottime is not None
