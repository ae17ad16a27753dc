"""The stretch's timing on a fake clock: active time only, skip, pause, and an honest outcome."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hipbreak.adapters.routine_files import load_routine
from hipbreak.core.routine import build_plan
from hipbreak.core.stretch_session import (
    Cancelled,
    Completed,
    Paused,
    PhaseEntered,
    ProgressMirror,
    Resumed,
    SessionEvent,
    StretchSession,
    done_summary,
)

# prepare 10, left hold 30, switch 5, right hold 30, Done
PLAN = build_plan(load_routine("hip-flexor"), hold=30, prepare=10)


class FakeClock:
    """Seconds that move only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now


def titles(events: list[SessionEvent]) -> list[str]:
    return [e.phase.title for e in events if isinstance(e, PhaseEntered)]


def test_left_alone_it_runs_every_phase_and_completes_with_the_active_time() -> None:
    clock = FakeClock()
    session = StretchSession(PLAN)
    events = session.start(clock())
    assert titles(events) == ["Get into position"]
    assert session.remaining(clock()) == 10
    assert session.tick(clock.advance(9.9)) == []
    assert titles(session.tick(clock.advance(0.2))) == ["Left side hold"]
    assert session.remaining(clock()) == pytest.approx(29.9)  # the 0.1 s overshoot counts toward the hold
    events = session.tick(clock.advance(70))
    assert titles(events) == ["Switch sides", "Right side hold", "Done"]
    assert events[-1] == Completed(75.0)
    assert session.finished and session.phase.kind == "done"
    assert session.tick(clock.advance(100)) == []  # nothing after the outcome


def test_a_late_tick_carries_each_phase_over_to_the_next() -> None:
    clock = FakeClock()
    session = StretchSession(PLAN)
    session.start(clock())
    assert titles(session.tick(clock.advance(42.5))) == ["Left side hold", "Switch sides"]
    assert session.remaining(clock()) == pytest.approx(2.5)


def test_time_paused_is_not_counted() -> None:
    clock = FakeClock()
    session = StretchSession(PLAN)
    session.start(clock())
    session.tick(clock.advance(15))  # 5 s into the left hold
    assert session.toggle_pause(clock()) == [Paused()]
    assert session.paused
    assert session.tick(clock.advance(600)) == []
    assert session.remaining(clock()) == pytest.approx(25)
    assert session.progress(clock()) == pytest.approx(5 / 60, abs=1e-3)
    assert session.toggle_pause(clock.advance(1)) == [Resumed()]
    assert session.tick(clock.advance(24.9)) == []
    events = session.tick(clock.advance(40.2))
    assert titles(events) == ["Switch sides", "Right side hold", "Done"]
    assert events[-1] == Completed(75.0)  # the pause is not in it


def test_skipping_prepare_and_switch_still_completes() -> None:
    clock = FakeClock()
    session = StretchSession(PLAN)
    session.start(clock())
    assert titles(session.skip(clock.advance(1))) == ["Left side hold"]
    session.tick(clock.advance(30))
    assert session.phase.title == "Switch sides"
    assert titles(session.skip(clock.advance(1))) == ["Right side hold"]
    events = session.tick(clock.advance(30))
    assert events[-1] == Completed(62.0)


def test_skipping_a_hold_reaches_done_but_does_not_count() -> None:
    clock = FakeClock()
    session = StretchSession(PLAN)
    session.start(clock())
    session.tick(clock.advance(20))  # 10 s into the left hold
    assert titles(session.skip(clock())) == ["Switch sides"]
    events = session.tick(clock.advance(35))
    assert titles(events) == ["Right side hold", "Done"]
    assert events[-1] == Cancelled(progress=round(40 / 60, 4), phase="Left side hold", reason="skipped hold")


def test_escape_cancels_with_the_share_of_hold_time_done() -> None:
    clock = FakeClock()
    session = StretchSession(PLAN)
    session.start(clock())
    session.tick(clock.advance(55))  # left hold done, 10 s into the right hold
    assert session.cancel(clock(), "escape") == [Cancelled(0.6667, "Right side hold", "escape")]
    assert session.cancel(clock.advance(1), "closed") == []
    assert session.skip(clock()) == [] and session.toggle_pause(clock()) == []


def test_enter_before_done_ends_early_and_nothing_once_done() -> None:
    clock = FakeClock()
    session = StretchSession(PLAN)
    session.start(clock())
    assert session.end(clock.advance(3)) == [Cancelled(0.0, "Get into position", "ended early")]
    finished = StretchSession(PLAN)
    finished.start(clock())
    finished.tick(clock.advance(100))
    assert finished.end(clock()) == []


def test_skip_while_paused_stays_paused() -> None:
    clock = FakeClock()
    session = StretchSession(PLAN)
    session.start(clock())
    session.toggle_pause(clock.advance(2))
    assert titles(session.skip(clock.advance(5))) == ["Left side hold"]
    assert session.paused and session.remaining(clock.advance(50)) == 30


def test_cues_follow_active_time() -> None:
    clock = FakeClock()
    session = StretchSession(PLAN)
    session.start(clock())
    session.skip(clock())
    assert [session.cue(clock.advance(step)) for step in (0, 7, 1, 7.5, 7.5, 7)] == [0, 0, 1, 2, 3, 3]


def test_a_plan_must_end_with_done() -> None:
    with pytest.raises(ValueError):
        StretchSession(PLAN[:-1])


def test_the_mirror_follows_reports_to_estimate_progress() -> None:
    clock = FakeClock()
    mirror = ProgressMirror(PLAN)
    mirror.phase(0, "Get into position", clock())
    mirror.phase(1, "Left side hold", clock.advance(10))
    mirror.pause(clock.advance(12))
    mirror.resume(clock.advance(100))
    assert mirror.progress(clock.advance(3)) == pytest.approx(15 / 60, abs=1e-3)
    assert mirror.phase_name == "Left side hold"
    assert ProgressMirror(None).progress(clock()) == 0.0


@pytest.mark.parametrize(
    ("completed", "done", "goal", "headline", "count"),
    [
        (True, 3, 8, "Break 4 of your 8 today", 4),
        (True, 7, 8, "Break 8 of your 8 today: goal reached!", 8),
        (True, 8, 8, "Break 9 today, past your goal of 8", 9),
        (False, 3, 8, "Not counted: a hold was skipped", 3),
    ],
)
def test_the_done_screen_counts_honestly(
    completed: bool, done: int, goal: int, headline: str, count: int
) -> None:
    assert done_summary(completed, done, goal)[0] == headline
    assert done_summary(completed, done, goal)[2] == count


actions = st.lists(
    st.tuples(st.sampled_from(["tick", "pause", "skip", "escape", "enter"]), st.floats(0, 40)),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(actions)
def test_any_run_ends_in_at_most_one_honest_outcome(steps: list[tuple[str, float]]) -> None:
    clock = FakeClock()
    session = StretchSession(PLAN)
    events = session.start(clock())
    skipped_hold = False
    for action, wait in steps:
        clock.advance(wait)
        events += session.tick(clock())
        if action == "pause":
            events += session.toggle_pause(clock())
        elif action == "skip":
            before = session.phase
            more = session.skip(clock())
            skipped_hold |= before.kind == "hold" and any(isinstance(e, PhaseEntered) for e in more)
            events += more
        elif action == "escape":
            events += session.cancel(clock(), "escape")
        elif action == "enter":
            events += session.end(clock())
        assert 0.0 <= session.progress(clock()) <= 1.0
    outcomes = [e for e in events if isinstance(e, Completed | Cancelled)]
    assert len(outcomes) <= 1
    assert session.finished == bool(outcomes)
    if outcomes and isinstance(outcomes[0], Completed):
        assert not skipped_hold
        assert outcomes[0].seconds >= 60.0 - 1e-6  # both holds ran in full
    if skipped_hold and outcomes:
        assert isinstance(outcomes[0], Cancelled)
