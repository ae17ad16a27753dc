"""Example tests of the reminder rules, one per rule, driven by a fake clock (DST nights included)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, time, timedelta, timezone
from typing import Any

import pytest

from hipbreak.core.reminders import Refused, Reminders, ReminderState, with_counts
from hipbreak.core.settings import ReminderSettings

from .clock import BERLIN, real_gap
from .driver import Driver

MIN = timedelta(minutes=1)
SEC = timedelta(seconds=1)
HOUR = timedelta(hours=1)
WEEKDAYS = frozenset(range(5))
NINE_TO_FIVE = (time(9, 0), time(17, 0))


def rules(**changes: Any) -> ReminderSettings:
    """Return the default reminder settings with `changes`."""
    return replace(ReminderSettings(), **changes)


def local(
    year: int, month: int, day: int, hour: int, minute: int, second: int = 0, fold: int = 0
) -> datetime:
    """Return a Berlin wall-clock time; `fold=1` picks the second 02:xx of the fall-back night."""
    return datetime(year, month, day, hour, minute, second, tzinfo=BERLIN, fold=fold)


MONDAY_9 = local(2026, 6, 1, 9, 0)


def started(settings: ReminderSettings | None = None, at: datetime = MONDAY_9) -> Driver:
    """Return a driver whose app started at `at`."""
    return Driver(settings or rules(), at)


# -- the interval ------------------------------------------------------------------------------------


def test_the_first_reminder_comes_one_interval_after_the_start() -> None:
    d = started()
    d.run(HOUR)
    assert d.walls("reminded") == ["09:45"]


def test_the_interval_restarts_when_a_reminder_fires_even_if_it_is_ignored() -> None:
    d = started(rules(max_repeats=0))
    d.run_until(local(2026, 6, 1, 11, 30))
    assert d.walls("reminded") == ["09:45", "10:30", "11:15"]


# -- rule 1: snooze ----------------------------------------------------------------------------------


def test_snooze_before_the_reminder_defers_it_by_exactly_the_snooze() -> None:
    d = started()
    d.run(10 * MIN)
    assert d.kinds(len(d.log)) == []
    assert [e.kind for e in d.do("snooze", 15 * MIN)] == ["snoozed"]
    d.run_until(local(2026, 6, 1, 9, 59, 59))
    assert d.walls("reminded") == []
    d.run(SEC)
    assert d.walls("reminded") == ["10:00"]


def test_snoozing_a_showing_reminder_brings_it_back_exactly_that_long_later() -> None:
    d = started()
    d.run_until(local(2026, 6, 1, 9, 46))
    assert d.walls("reminded") == ["09:45"]
    d.do("snooze", 5 * MIN)
    d.run_until(local(2026, 6, 1, 9, 50, 59))
    assert d.walls("reminded") == ["09:45"]
    d.run(MIN)
    assert d.walls("reminded") == ["09:45", "09:51"]


def test_after_a_snoozed_reminder_fires_the_interval_restarts_from_it() -> None:
    d = started()
    d.run_until(local(2026, 6, 1, 9, 46))
    d.do("snooze", 5 * MIN)
    d.run_until(local(2026, 6, 1, 10, 40))
    assert d.walls("reminded") == ["09:45", "09:51", "10:36"]


def test_a_spent_snooze_budget_refuses_with_a_one_line_reason_and_none_left() -> None:
    d = started(rules(max_snoozes=2))
    d.run(10 * MIN)
    assert d.core.status(d.now()).snoozes_left == 2
    d.do("snooze", 5 * MIN)
    d.do("snooze", 5 * MIN)
    assert d.core.status(d.now()).snoozes_left == 0
    with pytest.raises(Refused) as refused:
        d.do("snooze", 5 * MIN)
    reason = str(refused.value)
    assert reason and "\n" not in reason and "2" in reason
    assert d.kinds().count("snoozed") == 2


def test_the_snooze_budget_is_daily_and_renews_at_local_midnight() -> None:
    d = started(rules(max_snoozes=1), at=local(2026, 6, 1, 23, 0))
    d.do("snooze", 5 * MIN)
    with pytest.raises(Refused):
        d.do("snooze", 5 * MIN)
    d.run_until(local(2026, 6, 2, 0, 0, 30))
    assert d.core.status(d.now()).snoozes_left == 1
    d.do("snooze", 5 * MIN)
    assert d.core.status(d.now()).snoozes_left == 0


def test_unlimited_snoozes_report_no_budget() -> None:
    d = started()
    for _ in range(20):
        d.do("snooze", 5 * MIN)
    assert d.core.status(d.now()).snoozes_left is None


def test_snooze_is_refused_while_paused() -> None:
    d = started()
    d.do("pause", d.now() + HOUR)
    with pytest.raises(Refused, match="paused"):
        d.do("snooze", 5 * MIN)


def test_a_snooze_of_zero_is_refused() -> None:
    d = started()
    with pytest.raises(Refused):
        d.do("snooze", timedelta(0))


# -- rule 2: pause and resume ------------------------------------------------------------------------


def test_a_pause_for_a_duration_silences_reminders_and_ends_by_itself() -> None:
    d = started()
    d.do("pause", local(2026, 6, 1, 11, 0))
    d.run(3 * HOUR)
    assert d.kinds() == ["app_started", "paused", "resumed", "reminded", "repeated", "repeated"]
    assert d.walls("resumed") == ["11:00"]
    assert d.events("resumed")[0].data == {"auto": True}
    assert d.walls("reminded") == ["11:45"]


def test_resume_ends_a_pause_and_restarts_the_interval() -> None:
    d = started()
    d.do("pause", local(2026, 6, 1, 12, 0))
    d.run(20 * MIN)
    assert d.core.status(d.now()).state == "paused"
    assert [e.data for e in d.do("resume")] == [{"auto": False}]
    d.run(HOUR)
    assert d.walls("reminded") == ["10:05"]


def test_resume_when_not_paused_is_refused() -> None:
    d = started()
    with pytest.raises(Refused, match="not paused"):
        d.do("resume")


def test_a_pause_must_end_in_the_future() -> None:
    d = started()
    with pytest.raises(Refused):
        d.do("pause", d.now())


def test_until_tomorrow_means_the_next_day_start() -> None:
    core = Reminders(rules(day_starts=time(7, 30)), BERLIN)
    assert core.next_day_start(local(2026, 6, 1, 22, 0)) == local(2026, 6, 2, 7, 30)
    assert core.next_day_start(local(2026, 6, 2, 5, 0)) == local(2026, 6, 2, 7, 30)
    assert core.next_day_start(local(2026, 6, 2, 7, 30)) == local(2026, 6, 3, 7, 30)


def test_pause_until_tomorrow_over_the_spring_forward_night_ends_at_six_summer_time() -> None:
    d = started(at=local(2026, 3, 28, 22, 0))
    until = d.core.next_day_start(d.now())
    assert until == local(2026, 3, 29, 6, 0) and real_gap(until, d.now()) == 7 * HOUR
    d.do("pause", until)
    d.run(7 * HOUR - SEC)
    assert d.kinds()[-1] == "paused"
    d.run(SEC)
    assert d.walls("resumed") == ["06:00"]
    assert d.events("resumed")[0].at.utcoffset() == 2 * HOUR


def test_pause_until_tomorrow_over_the_fall_back_night_ends_at_six_winter_time() -> None:
    d = started(at=local(2026, 10, 24, 22, 0))
    until = d.core.next_day_start(d.now())
    assert real_gap(until, d.now()) == 9 * HOUR
    d.do("pause", until)
    d.run(9 * HOUR - SEC)
    assert d.kinds()[-1] == "paused"
    d.run(SEC)
    assert d.walls("resumed") == ["06:00"]
    assert d.events("resumed")[0].at.utcoffset() == HOUR


def test_a_pause_survives_a_restart_through_the_saved_state() -> None:
    d = started()
    d.do("pause", local(2026, 6, 1, 11, 0))
    d.run(30 * MIN)
    d.restart()
    status = d.core.status(d.now())
    assert status.state == "paused" and status.paused_until == local(2026, 6, 1, 11, 0)
    d.run_until(local(2026, 6, 1, 12, 0))
    assert d.walls("resumed") == ["11:00"]
    assert d.walls("reminded") == ["11:45"]


def test_a_restart_keeps_a_deadline_still_in_the_future() -> None:
    d = started()
    d.run(20 * MIN)
    d.restart()
    d.run(30 * MIN)
    assert d.walls("reminded") == ["09:45"]


def test_a_deadline_missed_while_the_app_was_closed_starts_over_at_begin() -> None:
    d = started()
    d.run(20 * MIN)
    d.clock.advance(2 * HOUR)  # the app is not running
    d.restart()
    d.run(HOUR)
    assert d.walls("reminded") == ["12:05"]


def test_a_pause_that_ended_while_the_app_was_closed_is_dropped_at_begin() -> None:
    d = started()
    d.do("pause", local(2026, 6, 1, 10, 0))
    d.clock.advance(2 * HOUR)
    d.restart()
    status = d.core.status(d.now())
    assert status.state == "running" and status.next_reminder == local(2026, 6, 1, 11, 45)


# -- rule 3: skip ------------------------------------------------------------------------------------


def test_skip_is_recorded_and_restarts_the_interval() -> None:
    d = started()
    d.run_until(local(2026, 6, 1, 9, 48))
    assert [e.kind for e in d.do("skip")] == ["skipped"]
    d.run_until(local(2026, 6, 1, 10, 35))
    assert d.walls("reminded") == ["09:45", "10:33"]
    assert d.walls("repeated") == []


def test_skip_is_refused_while_paused() -> None:
    d = started()
    d.do("pause", d.now() + HOUR)
    with pytest.raises(Refused):
        d.do("skip")


# -- rule 4: away is a natural break -----------------------------------------------------------------


def test_an_away_spell_sends_no_reminder_and_sitting_restarts_when_the_user_returns() -> None:
    d = started()
    d.run(10 * MIN)
    d.away(HOUR)
    d.run(HOUR)
    assert d.walls("reminded") == ["10:55"]
    [away] = d.events("away")
    assert away.data == {
        "start": "2026-06-01T09:10:00+02:00",
        "end": "2026-06-01T10:10:00+02:00",
        "sleep": False,
    }


def test_a_showing_reminder_is_not_repeated_once_the_user_is_away() -> None:
    d = started()
    d.run_until(local(2026, 6, 1, 9, 45))
    d.away(30 * MIN)
    assert d.walls("reminded") == ["09:45"] and d.walls("repeated") == []


def test_an_idle_reset_of_zero_turns_away_detection_off() -> None:
    d = started(rules(idle_reset=timedelta(0)))
    d.run(10 * MIN)
    d.away(HOUR)
    assert d.walls("reminded") == ["09:45"]
    assert d.events("away") == []


def test_a_command_while_away_ends_the_away_spell_at_the_command() -> None:
    d = started()
    d.run(10 * MIN)
    d.away(HOUR)
    assert [e.kind for e in d.do("pause", local(2026, 6, 1, 11, 10))] == ["away", "paused"]
    d.run(2 * HOUR)
    [away] = d.events("away")
    assert away.data["end"] == "2026-06-01T10:10:00+02:00"
    assert d.walls("resumed") == ["11:10"] and d.walls("reminded") == ["11:55"]


def test_a_snooze_right_after_coming_back_is_not_lost() -> None:
    d = started()
    d.run(10 * MIN)
    d.away(HOUR)
    d.do("snooze", 5 * MIN)  # before any tick saw the user return
    d.run(2 * HOUR)
    assert len(d.events("away")) == 1
    # Away restarted the sitting time at 10:10; the snooze deferred that reminder by 5 min.
    assert d.walls("reminded")[0] == "11:00"


def test_coming_back_during_a_pause_is_noticed_when_it_happens() -> None:
    d = started()
    d.do("pause", local(2026, 6, 1, 12, 0))
    d.run(10 * MIN)
    d.away(HOUR)
    d.run_until(local(2026, 6, 1, 13, 0))
    [away] = d.events("away")
    assert away.data["start"] == "2026-06-01T09:10:00+02:00"
    assert away.data["end"] == "2026-06-01T10:10:00+02:00"
    assert d.walls("resumed") == ["12:00"] and d.walls("reminded") == ["12:45"]


# -- rule 5: sleep and clock jumps -------------------------------------------------------------------


def test_a_long_sleep_is_a_break_and_the_next_reminder_is_a_full_interval_after_waking() -> None:
    d = started()
    d.run(30 * MIN)
    woke = d.sleep(3 * HOUR)
    assert [e.kind for e in woke] == ["away"]
    assert woke[0].data == {
        "start": "2026-06-01T09:30:00+02:00",
        "end": "2026-06-01T12:30:00+02:00",
        "sleep": True,
    }
    d.run(HOUR)
    assert d.walls("reminded") == ["13:15"]


def test_a_long_sleep_during_an_away_spell_is_one_break_from_when_the_user_left() -> None:
    d = started()
    d.run(10 * MIN)
    d.present = False
    d.run(20 * MIN)
    d.sleep(HOUR)
    [away] = d.events("away")
    assert away.data["start"] == "2026-06-01T09:10:00+02:00" and away.data["sleep"] is True


def test_a_short_sleep_past_the_deadline_leaves_exactly_one_reminder() -> None:
    d = started()
    d.run_until(local(2026, 6, 1, 9, 44))
    assert [e.kind for e in d.sleep(4 * MIN)] == ["reminded"]
    n = len(d.log)
    d.run(4 * MIN)
    assert d.kinds(n) == []


def test_a_short_sleep_over_several_missed_repeats_sends_only_one() -> None:
    d = started(rules(repeat=MIN, max_repeats=3))
    d.run_until(local(2026, 6, 1, 9, 45, 30))
    assert [e.kind for e in d.sleep(4 * MIN)] == ["repeated"]
    d.run_until(local(2026, 6, 1, 10, 30, 30))
    assert d.walls("repeated") == ["09:49:30"]
    assert d.walls("reminded") == ["09:45", "10:30"]


def test_a_long_sleep_with_idle_reset_off_still_leaves_at_most_one_reminder() -> None:
    d = started(rules(idle_reset=timedelta(0)))
    d.run(10 * MIN)
    assert [e.kind for e in d.sleep(5 * HOUR)] == ["reminded"]


def test_a_forward_clock_jump_keeps_the_time_left() -> None:
    d = started()
    d.run(10 * MIN)
    assert d.jump(3 * HOUR) == []
    d.run(HOUR)
    assert d.walls("reminded") == ["12:45"]
    assert d.reals("reminded")[0] - d.log[0].real == 45 * MIN


def test_a_backward_clock_jump_keeps_the_time_left() -> None:
    d = started()
    d.run(10 * MIN)
    assert d.jump(-2 * HOUR) == []
    d.run(HOUR)
    assert d.walls("reminded") == ["07:45"]


# -- rule 6: work hours ------------------------------------------------------------------------------


def test_no_reminders_on_a_weekend_and_status_says_when_they_resume() -> None:
    d = started(rules(work_hours=NINE_TO_FIVE, work_days=WEEKDAYS), at=local(2026, 6, 6, 10, 0))
    status = d.core.status(d.now())
    assert status.state == "off_hours"
    assert status.resumes_at == local(2026, 6, 8, 9, 0)
    assert status.next_reminder == local(2026, 6, 8, 9, 45)
    d.run_until(local(2026, 6, 8, 10, 0))
    assert d.walls("reminded") == ["09:45"]
    assert d.events("reminded")[0].at.date().isoformat() == "2026-06-08"


def test_a_reminder_due_after_work_ends_waits_for_the_next_morning() -> None:
    d = started(rules(work_hours=NINE_TO_FIVE), at=local(2026, 6, 1, 16, 30))
    d.run_until(local(2026, 6, 1, 17, 30))
    status = d.core.status(d.now())
    assert status.state == "off_hours" and status.resumes_at == local(2026, 6, 2, 9, 0)
    d.run_until(local(2026, 6, 2, 10, 0))
    assert [e.at for e in d.events("reminded")] == [local(2026, 6, 2, 9, 45)]


def test_next_wake_outside_work_hours_is_the_start_or_midnight() -> None:
    core = Reminders(rules(work_hours=NINE_TO_FIVE), BERLIN)
    core.begin(local(2026, 6, 1, 7, 0))
    assert core.next_wake(local(2026, 6, 1, 7, 0)) == local(2026, 6, 1, 9, 0)
    assert core.next_wake(local(2026, 6, 1, 18, 0)) == local(2026, 6, 2, 0, 0)


def test_work_hours_on_a_dst_morning_start_at_the_local_time() -> None:
    d = started(rules(work_hours=NINE_TO_FIVE), at=local(2026, 3, 28, 18, 0))
    d.run_until(local(2026, 3, 29, 10, 0))
    assert [e.at for e in d.events("reminded")] == [local(2026, 3, 29, 9, 45)]


# -- rule 7: repeats ---------------------------------------------------------------------------------


def test_an_ignored_reminder_is_repeated_after_repeat_at_most_max_repeats_times() -> None:
    d = started()
    d.run_until(local(2026, 6, 1, 10, 31))
    assert d.walls("repeated") == ["09:50", "09:55"]
    assert [e.data["count"] for e in d.events("repeated")] == [1, 2]
    assert d.walls("reminded") == ["09:45", "10:30"]


def test_an_answered_reminder_is_not_repeated() -> None:
    d = started()
    d.run_until(local(2026, 6, 1, 9, 46))
    d.do("stretch_started")
    d.run(2 * MIN)
    d.do("stretch_ended", True, {"routine": "hip-flexor"})
    d.run_until(local(2026, 6, 1, 10, 34))
    assert d.walls("repeated") == []
    assert d.walls("reminded") == ["09:45", "10:33"]
    assert d.events("stretch_completed")[0].data == {"routine": "hip-flexor"}


def test_a_repeat_sent_late_after_a_sleep_is_not_followed_by_another_at_once() -> None:
    d = started(rules(idle_reset=timedelta(0), max_repeats=3))
    d.run_until(local(2026, 6, 1, 9, 45))
    d.sleep(9 * MIN + 59 * SEC)  # wakes a second before the second repeat was due
    d.run(10 * MIN)
    assert d.walls("repeated") == ["09:54:59", "09:59:59", "10:04:59"]
    assert [e.data["count"] for e in d.events("repeated")] == [1, 2, 3]


def test_max_repeats_of_zero_never_repeats() -> None:
    d = started(rules(max_repeats=0))
    d.run(HOUR)
    assert d.walls("repeated") == []


def test_repeats_count_real_minutes_over_the_fall_back_hour() -> None:
    d = started(at=local(2026, 10, 25, 2, 13))  # CEST; the reminder at 02:58 CEST, repeats after 03:00
    d.run(HOUR)
    [shown] = d.reals("reminded")
    assert [r - shown for r in d.reals("repeated")] == [5 * MIN, 10 * MIN]


# -- rule 8: pre-notice ------------------------------------------------------------------------------


def test_a_pre_notice_comes_once_before_each_reminder() -> None:
    d = started(rules(notice=timedelta(seconds=30), max_repeats=0))
    d.run(2 * HOUR)
    assert d.walls("noticed") == ["09:44:30", "10:29:30"]
    assert d.walls("reminded") == ["09:45", "10:30"]
    assert [k for k in d.kinds() if k in ("noticed", "reminded")] == ["noticed", "reminded"] * 2
    assert [e.data["seconds"] for e in d.events("noticed")] == [30.0, 30.0]


def test_a_reminder_made_late_by_a_sleep_still_gets_its_notice_first() -> None:
    d = started(rules(notice=MIN))
    d.run_until(local(2026, 6, 1, 9, 43))
    assert [e.kind for e in d.sleep(4 * MIN)] == ["noticed"]
    d.run(2 * MIN)
    assert d.walls("reminded") == ["09:48"]


# -- rule 9: breaks today ----------------------------------------------------------------------------


def stretch(d: Driver, completed: bool = True) -> None:
    """Do a whole stretch at the current time."""
    d.do("stretch_started")
    d.do("stretch_ended", completed, {})


def test_breaks_today_counts_completed_stretches_and_not_cancelled_ones() -> None:
    d = started()
    stretch(d)
    stretch(d, completed=False)
    stretch(d)
    assert d.core.status(d.now()).breaks_today == 2


def test_breaks_today_resets_at_local_midnight() -> None:
    d = started(at=local(2026, 6, 1, 23, 0))
    d.run(20 * MIN)
    stretch(d)
    assert d.core.status(d.now()).breaks_today == 1
    d.run_until(local(2026, 6, 2, 0, 0, 30))
    assert d.core.status(d.now()).breaks_today == 0
    assert d.core.state.day == "2026-06-02"


def test_breaks_today_over_the_23_hour_spring_forward_day() -> None:
    d = started(at=local(2026, 3, 29, 0, 20))
    d.run(10 * MIN)
    stretch(d)
    d.run_until(local(2026, 3, 29, 23, 30))
    stretch(d)
    assert d.core.status(d.now()).breaks_today == 2
    assert [e.day for e in d.events("stretch_completed")] == ["2026-03-29", "2026-03-29"]
    d.run_until(local(2026, 3, 30, 0, 0, 30))
    assert d.core.status(d.now()).breaks_today == 0


def test_breaks_today_over_the_25_hour_fall_back_day() -> None:
    d = started(at=local(2026, 10, 25, 2, 0))
    d.run(30 * MIN)
    stretch(d)  # 02:30 summer time
    d.run(HOUR)
    stretch(d)  # 02:30 again, winter time
    done = d.events("stretch_completed")
    assert [e.at.strftime("%H:%M") for e in done] == ["02:30", "02:30"]
    assert [e.at.utcoffset() for e in done] == [2 * HOUR, HOUR]
    assert [e.day for e in done] == ["2026-10-25", "2026-10-25"]
    assert d.core.status(d.now()).breaks_today == 2
    d.run_until(local(2026, 10, 26, 0, 0, 30))
    assert d.core.status(d.now()).breaks_today == 0


def test_today_is_the_local_day_even_when_now_is_handed_over_in_utc() -> None:
    core = Reminders(rules(), BERLIN)
    late = datetime(2026, 6, 1, 21, 30, tzinfo=timezone.utc)  # 23:30 in Berlin
    core.begin(late)
    core.stretch_started(late)
    core.stretch_ended(late, True, {})
    assert core.status(late).breaks_today == 1
    after_midnight = datetime(2026, 6, 1, 22, 10, tzinfo=timezone.utc)  # the same UTC date
    core.tick(after_midnight)
    assert core.status(after_midnight).breaks_today == 0
    assert core.state.day == "2026-06-02"


def test_with_counts_takes_todays_counters_from_the_history() -> None:
    state = with_counts(ReminderState(), "2026-06-01", completed=3, snoozes=-1)
    assert (state.day, state.completed_today, state.snoozes_today) == ("2026-06-01", 3, 0)
    core = Reminders(rules(max_snoozes=2), BERLIN, state)
    core.begin(MONDAY_9)
    status = core.status(MONDAY_9)
    assert status.breaks_today == 3 and status.snoozes_left == 2


# -- real time across DST ----------------------------------------------------------------------------


def test_the_interval_is_real_time_over_the_spring_forward_gap() -> None:
    d = started(at=local(2026, 3, 29, 1, 30))
    d.run(2 * HOUR)
    assert d.walls("reminded")[0] == "03:15"
    assert d.reals("reminded")[0] - d.log[0].real == 45 * MIN


def test_the_interval_is_real_time_over_the_fall_back_hour() -> None:
    d = started(at=local(2026, 10, 25, 2, 30))
    d.run(2 * HOUR)
    first = d.events("reminded")[0]
    assert first.at.strftime("%H:%M") == "02:15" and first.at.utcoffset() == HOUR
    assert d.reals("reminded")[0] - d.log[0].real == 45 * MIN


# -- stretches, status and the app's loop ------------------------------------------------------------


def test_a_stretch_cancelled_after_the_deadline_gives_a_short_grace_not_a_nag() -> None:
    d = started()
    d.run_until(local(2026, 6, 1, 9, 40))
    d.do("stretch_started")
    d.run(10 * MIN)  # the deadline passes while stretching; the loop must not spin
    assert d.walls("reminded") == []
    d.do("stretch_ended", False, {})
    d.run(10 * MIN)
    assert d.walls("reminded") == ["09:55"]


def test_status_names_each_state() -> None:
    d = started()
    assert d.core.status(d.now()).state == "running"
    d.run_until(local(2026, 6, 1, 9, 46))
    assert d.core.status(d.now()).state == "due"
    d.do("stretch_started")
    assert d.core.status(d.now()).state == "stretching"
    d.do("stretch_ended", True, {})
    d.away(10 * MIN)
    assert d.core.status(d.now()).state == "away"
    assert d.core.status(d.now()).next_reminder is None
    d.run(MIN)
    d.do("pause", d.now() + HOUR)
    status = d.core.status(d.now())
    assert status.state == "paused" and status.next_reminder is None


def test_next_wake_is_never_before_now_even_for_a_pause_that_already_ended() -> None:
    core = Reminders(rules(), BERLIN)
    core.begin(MONDAY_9)
    core.pause(MONDAY_9, MONDAY_9 + 30 * MIN)
    later = MONDAY_9 + HOUR
    wake = core.next_wake(later)
    assert wake is not None and wake >= later


def test_status_times_are_local_wall_times() -> None:
    d = started()
    due = d.core.status(d.now()).next_reminder
    assert due is not None and due.strftime("%H:%M") == "09:45"
    assert d.core.state.due_at is not None and d.core.state.due_at.strftime("%H:%M") == "09:45"


# -- the saved state ---------------------------------------------------------------------------------


def test_the_state_round_trips_through_json_with_local_offsets() -> None:
    d = started(rules(notice=MIN))
    d.run_until(local(2026, 6, 1, 9, 46))
    d.do("pause", local(2026, 6, 2, 6, 0))
    saved = d.core.state.to_dict()
    assert saved["paused_until"] == "2026-06-02T06:00:00+02:00"
    assert saved["due_at"] == "2026-06-01T10:30:00+02:00"
    assert ReminderState.from_dict(json.loads(json.dumps(saved))) == d.core.state


def test_a_damaged_saved_state_falls_back_to_defaults_entry_by_entry() -> None:
    state = ReminderState.from_dict(
        {
            "due_at": "2026-06-01T10:30:00",  # no offset: ambiguous, dropped
            "paused_until": "tomorrow",
            "shown_at": 12,
            "day": None,
            "snoozes_today": -3,
            "completed_today": "2",
            "repeats_sent": "many",
            "unknown": 1,
        }
    )
    assert state == ReminderState(completed_today=2)
    assert ReminderState.from_dict([1, 2]) == ReminderState()  # type: ignore[arg-type]
