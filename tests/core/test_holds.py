"""Holding reminders through calls, full screen and DND: the rules with the fake clock, then properties.

Properties over random days of signals coming and going, runs and away spells (real time, no snoozes):
- quiet: no reminder, repeat or heads-up while a signal holds, unless the reminder waited the whole cap;
- no burst: two reminders are always at least `every` apart, however the signals come and go;
- held time counts: a late reminder's "sat for" is the real time since the last reminder or break;
- away resets: a late reminder was held only after the interval that began with the last break ended;
- nothing stays held: once the signals have ended and the grace passed, no reminder is held back.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hipbreak.core.bubble_texts import late_reminder_text
from hipbreak.core.events import Event
from hipbreak.core.holds import HoldReason, Holds, HoldSettings
from hipbreak.core.settings import ReminderSettings
from hipbreak.core.status_record import status_record
from hipbreak.core.view import next_line, status_message

from .clock import BERLIN
from .driver import Driver, Logged

M = timedelta(minutes=1)
START = datetime(2026, 5, 4, 9, 0, tzinfo=BERLIN)
CALL, FULL, DND = HoldReason.CALL, HoldReason.FULLSCREEN, HoldReason.DND


def driver(every: timedelta = 45 * M, hold: HoldSettings | None = None, **rules: object) -> Driver:
    """A driver whose core holds reminders with `hold` (default: 1 min grace, 2 h cap)."""
    d = Driver(ReminderSettings(every=every, **rules), START)  # type: ignore[arg-type]
    d.core.holds = Holds(hold or HoldSettings())
    return d


def signal(d: Driver, reason: HoldReason, active: bool) -> list[Event]:
    """A signal changes now; its events are logged as the app records them."""
    assert d.core.holds is not None
    events = d.core.holds.change(d.now(), reason, active)
    d.log.extend(Logged(event, d.clock.real, "hold") for event in events)
    d.just_ticked = False
    return events


def minutes(d: Driver, kind: str) -> list[float]:
    """Minutes after START at which events of `kind` came."""
    return [(real - START).total_seconds() / 60 for real in d.reals(kind)]


def test_a_reminder_due_in_a_call_comes_after_it_with_a_grace_and_says_why() -> None:
    d = driver()
    d.run(30 * M)
    signal(d, CALL, True)
    d.run(70 * M)  # the call lasts until 09:100
    assert d.events("reminded") == []
    assert minutes(d, "held") == [45.0]
    assert d.events("held")[0].data["reason"] == "call"
    [ended] = signal(d, CALL, False)
    assert ended.kind == "hold_ended" and ended.data["reason"] == "call" and ended.data["seconds"] == 70 * 60
    d.run(59 * timedelta(seconds=1))
    assert d.events("reminded") == []
    d.run(2 * M)
    [late] = d.events("reminded")
    assert minutes(d, "reminded") == [101.0]
    assert late.data == {"late": "call", "held_seconds": 56 * 60, "sat_seconds": 101 * 60, "capped": False}
    _summary, body = late_reminder_text("call", timedelta(seconds=101 * 60), timedelta(0), False)
    assert body.startswith("Your call is over — you have sat for 1 h 41 min.")
    # Held time counted: the next reminder is a full interval after the late one, not after the call.
    d.run(45 * M)
    assert minutes(d, "reminded") == [101.0, 146.0]


def test_signals_that_come_and_go_within_the_grace_give_one_reminder() -> None:
    d = driver(hold=HoldSettings(grace=2 * M))
    d.run(40 * M)
    signal(d, FULL, True)
    d.run(10 * M)
    signal(d, FULL, False)
    d.run(1 * M)
    signal(d, DND, True)  # inside the grace: still held
    d.run(5 * M)
    signal(d, CALL, True)
    signal(d, DND, False)
    d.run(M)
    signal(d, CALL, False)
    d.run(30 * M)
    assert minutes(d, "reminded") == [59.0]
    assert d.events("reminded")[0].data["late"] == "call"
    assert len(d.events("held")) == 1
    assert [e.data["reason"] for e in d.events("hold_ended")] == ["fullscreen", "dnd", "call"]


def test_a_hold_never_lasts_past_the_cap_then_one_quiet_reminder() -> None:
    d = driver(hold=HoldSettings(cap=2 * 60 * M), repeat=5 * M, max_repeats=2)
    signal(d, CALL, True)
    d.run(5 * 60 * M)
    assert minutes(d, "reminded") == [165.0]  # due at 45, held two hours
    assert d.events("reminded")[0].data["capped"] is True
    assert d.events("repeated") == []  # one quiet reminder: no repeats of it
    signal(d, CALL, False)
    d.run(2 * M)
    # The next one came due at 210 and was held until the call ended at 300.
    assert minutes(d, "reminded") == [165.0, 301.0]
    assert d.events("reminded")[1].data["capped"] is False


def test_away_during_a_hold_is_a_break() -> None:
    d = driver(idle_reset=5 * M)
    d.run(30 * M)
    signal(d, CALL, True)
    d.run(20 * M)  # held at 45
    d.away(10 * M)  # 50..60: a break
    d.run(40 * M)
    signal(d, CALL, False)
    d.run(10 * M)
    assert d.events("away"), "the away spell was recorded"
    [reminder] = d.events("reminded")
    assert minutes(d, "reminded") == [105.0]  # a full interval after coming back at 60
    assert "late" not in reminder.data


def test_a_signal_turned_off_in_the_config_holds_nothing() -> None:
    d = driver(hold=HoldSettings(fullscreen=False))
    signal(d, FULL, True)
    d.run(46 * M)
    assert minutes(d, "reminded") == [45.0]
    assert d.core.status(d.now()).hold_reason is None


def test_an_ignored_reminder_is_not_repeated_during_a_call() -> None:
    d = driver(repeat=5 * M, max_repeats=2)
    d.run(46 * M)
    signal(d, CALL, True)
    d.run(30 * M)
    signal(d, CALL, False)
    d.run(10 * M)
    assert d.events("repeated") == []
    assert minutes(d, "reminded") == [45.0]


def test_turning_a_signal_off_while_it_holds_ends_its_hold() -> None:
    d = driver()
    holds = d.core.holds
    assert holds is not None
    signal(d, DND, True)
    [ended] = holds.adopt(HoldSettings(dnd=False), d.now())
    assert ended.kind == "hold_ended" and holds.current() is None


def test_the_status_tray_line_and_record_name_the_hold() -> None:
    d = driver()
    d.run(10 * M)
    signal(d, DND, True)
    signal(d, CALL, True)
    now = d.now()
    status = d.core.status(now)
    assert status.hold_reason == "call"  # a call is the most telling of the two
    assert status.hold_since is not None and status.hold_since == START + 10 * M
    assert next_line(status, now) == "Held: in a call"
    assert status_message(status, now) == "Breaks today: 0. Reminders are held while you are in a call."
    record = status_record(status, breaks_today=0, daily_goal=8)
    assert record["hold"] == {"reason": "call", "since": (START + 10 * M).isoformat()}
    signal(d, CALL, False)
    assert next_line(d.core.status(d.now()), d.now()) == "Held: Do Not Disturb"
    signal(d, DND, False)
    assert status_record(d.core.status(d.now()), breaks_today=0, daily_goal=8)["hold"] is None


def test_each_reason_has_its_own_late_sentence() -> None:
    sat = timedelta(hours=1, minutes=25)
    firsts = {
        reason: late_reminder_text(reason.value, sat, timedelta(0), False)[1].split(".")[0]
        for reason in HoldReason
    }
    assert firsts[CALL] == "Your call is over — you have sat for 1 h 25 min"
    assert len(set(firsts.values())) == len(HoldReason)
    capped = late_reminder_text("call", sat, 2 * 60 * M, True)[1]
    assert capped.startswith("This reminder waited 2 h for you — you have sat for 1 h 25 min.")


# -- properties ----------------------------------------------------------------------------------------

STEP = st.one_of(
    st.tuples(st.just("signal"), st.sampled_from(list(HoldReason)), st.booleans()),
    st.tuples(st.just("run"), st.integers(1, 150)),
    st.tuples(st.just("away"), st.integers(1, 40)),
)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    every=st.integers(10, 90),
    grace=st.integers(0, 5),
    cap=st.integers(10, 180),
    idle_reset=st.sampled_from([0, 5]),
    max_repeats=st.integers(0, 2),
    notice=st.sampled_from([0, 30]),
    steps=st.lists(STEP, max_size=25),
)
def test_holding_properties(
    every: int, grace: int, cap: int, idle_reset: int, max_repeats: int, notice: int, steps: list[tuple]
) -> None:
    d = driver(
        every * M,
        HoldSettings(grace=grace * M, cap=cap * M),
        idle_reset=idle_reset * M,
        repeat=5 * M,
        max_repeats=max_repeats,
        notice=timedelta(seconds=notice),
    )
    holding: set[HoldReason] = set()
    spans: list[tuple[datetime, datetime | None]] = []  # real spans while any signal held
    for step in steps:
        if step[0] == "signal":
            _, reason, on = step
            was = bool(holding)
            holding = holding | {reason} if on else holding - {reason}
            signal(d, reason, on)
            if holding and not was:
                spans.append((d.clock.real, None))
            elif was and not holding:
                spans[-1] = (spans[-1][0], d.clock.real)
        elif step[0] == "run":
            d.run(step[1] * M)
        else:
            d.away(step[1] * M)
    for reason in list(holding):
        signal(d, reason, False)
    if holding:
        spans[-1] = (spans[-1][0], d.clock.real)
    d.run((grace + 2) * M)

    def inside(real: datetime) -> bool:
        return any(start < real < end for start, end in spans if end is not None)

    last_reset = START
    last_reminder: datetime | None = None
    for item in d.log:
        event, real = item.event, item.real
        if event.kind in ("reminded", "repeated", "noticed") and not event.data.get("capped"):
            assert not inside(real), f"{event.kind} at {real} while held"
        if event.kind == "reminded":
            if last_reminder is not None:
                assert real - last_reminder >= every * M, "two reminders closer than the interval"
            if "late" in event.data:
                assert event.data["sat_seconds"] == round((real - last_reset).total_seconds())
                held_from = real - timedelta(seconds=event.data["held_seconds"])
                assert held_from >= last_reset + every * M - timedelta(seconds=1)
            last_reminder = real
            last_reset = real
        elif event.kind == "away":
            last_reset = _utc(datetime.fromisoformat(event.data["end"]))
            last_reminder = None  # a break: the next reminder is a full interval after it anyway
    assert d.core.holds is not None and not d.core.holds.held()


def test_a_reason_holds_while_any_of_its_signals_does() -> None:
    d = driver()
    holds = d.core.holds
    assert holds is not None
    assert holds.change(d.now(), DND, True, "dunst-paused") == []
    assert holds.change(d.now(), DND, True, "gnome-show-banners") == []
    assert holds.change(d.now(), DND, False, "dunst-paused") == []
    assert holds.current() is not None
    [ended] = holds.change(d.now(), DND, False, "gnome-show-banners")
    assert ended.data["reason"] == "dnd" and holds.current() is None
    assert holds.change(d.now(), DND, False, "gnome-show-banners") == []  # a repeated stop is nothing
