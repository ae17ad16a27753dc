"""Properties of the reminder rules over random days of sitting, idle spells, sleeps, jumps and commands.

Each example drives `Reminders` the way the app does (ticks at next_wake, and passes on the idle watch's
reports) and keeps its own account of what really happened, on a real-time line that clock jumps do not move.
The properties, with "real" meaning measured on that line:

- spacing: after a reset (a reminder, skip, resume, completed stretch, or the end of an away spell)
  the next reminder comes at least `every` later, unless a snooze or a cancelled stretch (which
  grants a short grace) came between. A repeat of an ignored reminder is not a reminder, so two
  "reminded" events are `every` apart; consecutive notifications (reminded or repeated) are at
  least min(every, repeat) apart, except that a repeat may fall just before the next reminder.
- snooze: the first reminder after a snooze of d comes at least d after it, unless another command,
  an away spell or time outside work hours came between (each of those restarts the count).
- quiet: no reminder, repeat or pre-notice while paused, while away (the tick saw idle >=
  idle_reset), or outside work hours; never two at one tick; a tick leaves nothing due.
- counts never go negative; `completed_today` and the snooze count are those of the current local
  day (exactly, unless the wall clock was set back, which may only lower them).
- the state survives `to_dict`/JSON/`from_dict` unchanged, and a core rebuilt from it behaves alike.
- `next_wake(now)` is never before `now`; away spells last at least idle_reset and never overlap;
  with a pre-notice, each reminder has one since the last reset.
"""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hipbreak.core.reminder_state import STATES
from hipbreak.core.reminders import Refused, Reminders, ReminderState
from hipbreak.core.settings import ReminderSettings

from .driver import Driver, Logged
from .shifts import on_shift

UTC = timezone.utc
ZONES = tuple(ZoneInfo(name) for name in ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC"))
# Instants near 2026's DST changes (Berlin spring and autumn, New York both, Lord Howe's half hour).
ANCHORS = tuple(
    datetime(*parts, tzinfo=UTC)
    for parts in ((2026, 3, 29, 1), (2026, 10, 25, 1), (2026, 3, 8, 7), (2026, 11, 1, 6), (2026, 4, 4, 15))
)
NOTIFY = ("reminded", "repeated", "noticed")
RESETS = ("reminded", "skipped", "resumed", "stretch_completed", "away")
EXCUSES = ("snoozed", "stretch_cancelled")


def seconds(low: int, high: int) -> st.SearchStrategy[timedelta]:
    """Durations of whole seconds from `low` to `high`."""
    return st.integers(low, high).map(lambda n: timedelta(seconds=n))


@st.composite
def reminder_settings(draw: st.DrawFn) -> ReminderSettings:
    """Any valid reminder settings, biased to short intervals so that a few hours see many reminders."""
    hours = None
    if draw(st.integers(0, 2)) == 0:
        # In either order: an end before the start is a night shift that runs past midnight.
        start, end = draw(st.lists(st.integers(0, 24 * 60 - 1), min_size=2, max_size=2, unique=True))
        hours = (time(start // 60, start % 60), time(end // 60, end % 60))
    every = draw(seconds(60, 90 * 60))
    # The settings refuse a pre-notice as long as the interval: it would come with the reminder before.
    notice = draw(st.just(timedelta(0)) | seconds(10, min(600, int(every.total_seconds()) - 1)))
    return ReminderSettings(
        every=every,
        snooze=tuple(draw(st.lists(seconds(60, 60 * 60), min_size=1, max_size=3))),
        max_snoozes=draw(st.integers(0, 3)),
        idle_reset=draw(st.just(timedelta(0)) | seconds(60, 30 * 60)),
        day_starts=time(draw(st.integers(0, 23)), draw(st.integers(0, 59))),
        work_hours=hours,
        work_days=draw(st.just(frozenset(range(7))) | st.frozensets(st.integers(0, 6), min_size=1)),
        repeat=draw(seconds(60, 20 * 60)),
        max_repeats=draw(st.integers(0, 3)),
        notice=notice,
    )


SIT = st.tuples(st.just("sit"), seconds(1, 90 * 60))
AWAY = st.tuples(st.just("away"), seconds(1, 90 * 60), st.just(timedelta(0)) | seconds(1, 3 * 3600))
SLEEP = st.tuples(st.just("sleep"), seconds(1, 10 * 3600))
JUMP = st.tuples(st.just("jump"), seconds(-6 * 3600, 6 * 3600).filter(bool))
SNOOZE = st.tuples(st.just("snooze"), st.integers(0, 2))
PAUSE = st.tuples(st.just("pause"), seconds(1, 3 * 3600) | st.just(timedelta(0)))  # 0 = until tomorrow
STRETCH = st.tuples(st.just("stretch"), seconds(10, 10 * 60), st.booleans())
# "reload" swaps in a core rebuilt from the saved state: the run must go on as if nothing happened.
ONE_OFF = st.sampled_from([("skip",), ("resume",), ("restart",), ("reload",)])
# Time passing is drawn most often, so that the commands act on a day with reminders in it.
STEP = st.one_of(SIT, SIT, SIT, AWAY, AWAY, SLEEP, JUMP, SNOOZE, SNOOZE, PAUSE, STRETCH, ONE_OFF)


class Trial:
    """One random run: the driver, what the model knows (pause, clock set back) and the checks."""

    def __init__(self, rules: ReminderSettings, zone: tzinfo, start: datetime, in_utc: bool) -> None:
        self.rules = rules
        self.zone = zone
        self.d = Driver(rules, start, zone, in_utc=in_utc)
        self.paused_until: datetime | None = None  # the pause the user chose, until it ends
        self.set_back = False  # the wall clock was moved backwards at some point
        self.snoozes: list[tuple[int, datetime]] = []  # (log index of a snooze, when its reminder is due)
        self.seen = 0  # log entries already checked as they came

    # -- steps ---------------------------------------------------------------------------------

    def step(self, step: tuple[Any, ...]) -> None:
        """Carry out one step, then check what must hold after it."""
        d, name = self.d, step[0]
        if name == "sit":
            d.run(step[1])
        elif name == "away":
            if step[2]:
                d.present = False
                d.run(step[1])
                d.sleep(step[2])  # the machine went to sleep while the user was gone
                d.present = True
            else:
                d.away(step[1])
        elif name == "sleep":
            d.sleep(step[1])
        elif name == "jump":
            self.set_back = self.set_back or step[1] < timedelta(0)
            d.jump(step[1])
        elif name == "restart":
            d.restart()
        elif name == "reload":
            d.reload()
        elif name == "stretch":
            d.do("stretch_started")
            d.run(step[1])
            d.do("stretch_ended", step[2], {})
        else:
            self.command(name, step[1:])
        self.check_new_events()
        self.check_state()

    def command(self, name: str, args: tuple[Any, ...]) -> None:
        """A user command; a refusal must have its reason and one line of text."""
        d, s = self.d, self.d.core.state
        now = d.now()
        paused = s.paused_until is not None
        if name == "snooze":
            length = self.rules.snooze[args[0] % len(self.rules.snooze)]
            spent = bool(self.rules.max_snoozes) and s.snoozes_today >= self.rules.max_snoozes
            due = self.snoozed_due(length)
            if self.expect(paused or spent, lambda: d.do("snooze", length)):
                self.snoozes.append((len(d.log) - 1, due))
        elif name == "skip":
            self.expect(paused, lambda: d.do("skip"))
        elif name == "resume":
            if self.expect(not paused, lambda: d.do("resume")):
                self.paused_until = None
        elif name == "pause":
            until = d.core.next_day_start(now) if not args[0] else now.astimezone(UTC) + args[0]
            if self.expect(False, lambda: d.do("pause", until)):
                self.paused_until = until

    def snoozed_due(self, length: timedelta) -> datetime:
        """The real instant a snooze of `length` now should bring the reminder back (rule 1)."""
        s, clock = self.d.core.state, self.d.clock
        if s.away_since is not None:
            # The command shows the user is back: sitting restarts now, then the snooze defers that.
            return clock.real + self.rules.every + length
        if s.shown_at is not None or s.due_at is None or clock.real_of(s.due_at) <= clock.real:
            return clock.real + length  # a reminder on screen (or overdue) comes back `length` from now
        return clock.real_of(s.due_at) + length  # a coming one moves `length` later

    def expect(self, refused: bool, act: Any) -> bool:
        """Run `act`; it must be Refused exactly when `refused`. Return whether it was carried out."""
        try:
            act()
        except Refused as exc:
            assert refused, f"refused without reason: {exc}"
            assert str(exc) and "\n" not in str(exc)
            return False
        assert not refused, "carried out a command that should have been refused"
        return True

    # -- checks as events come ---------------------------------------------------------------------

    def in_work_hours(self, wall: datetime) -> bool:
        """The model's own reading of the work hours at the local time `wall`."""
        return on_shift(self.rules, wall.astimezone(self.zone))

    def check_new_events(self) -> None:
        """No notification while paused, away or outside work hours, and at most one per tick."""
        per_tick: dict[datetime, int] = {}
        for item in self.d.log[self.seen :]:
            kind, at = item.event.kind, item.event.at
            if kind in NOTIFY:
                assert item.source == "tick"
                paused = self.paused_until is not None and at < self.paused_until
                assert not paused, f"{kind} at {at} while paused until {self.paused_until}"
                reset = self.rules.idle_reset
                assert not reset or item.idle is None or item.idle < reset, f"{kind} at {at} while away"
                assert self.in_work_hours(at), f"{kind} at {at} outside work hours"
            if kind in ("reminded", "repeated"):
                per_tick[item.real] = per_tick.get(item.real, 0) + 1
                assert per_tick[item.real] == 1, f"two notifications at one tick ({at})"
            if kind == "resumed":
                self.paused_until = None
        self.seen = len(self.d.log)

    def check_state(self) -> None:
        """Counts, today's day, next_wake, and the state's round trip after every step."""
        d = self.d
        now = d.now()
        status = d.core.status(now)
        s = d.core.state
        assert status.state in STATES  # each has its tray badge decided (tests/core/test_badges.py)
        assert s.day == now.astimezone(self.zone).date().isoformat()
        assert min(s.snoozes_today, s.completed_today, s.repeats_sent) >= 0
        assert status.breaks_today == s.completed_today
        if self.rules.max_snoozes:
            assert status.snoozes_left == max(0, self.rules.max_snoozes - s.snoozes_today)
        else:
            assert status.snoozes_left is None
        done = self.today(now, "stretch_completed")
        snoozed = self.today(now, "snoozed")
        if self.set_back:
            assert s.completed_today <= done and s.snoozes_today <= snoozed
        else:
            assert (s.completed_today, s.snoozes_today) == (done, snoozed)
        wake = d.core.next_wake(now)
        assert wake is None or wake >= now
        if d.just_ticked:
            assert wake is None or wake > now, "a tick left something due at once"
        if self.paused_until is not None and now < self.paused_until:
            assert status.state in ("paused", "stretching")
        saved = json.loads(json.dumps(s.to_dict()))
        again = ReminderState.from_dict(saved)
        assert again == s and again.to_dict() == s.to_dict()
        twin = Reminders(self.rules, self.zone, again)
        assert twin.next_wake(now) == wake and twin.status(now) == status

    def today(self, now: datetime, kind: str) -> int:
        """How many events of `kind` the log holds for the local day of `now`."""
        day = now.astimezone(self.zone).date().isoformat()
        return sum(1 for item in self.d.log if item.event.kind == kind and item.event.day == day)

    # -- checks over the whole log -------------------------------------------------------------------

    def check_log(self) -> None:
        """The properties that look at the order and spacing of events."""
        self.check_spacing()
        self.check_snoozes()
        self.check_snoozes_exact()
        self.check_notifications_apart()
        self.check_away_spells()
        if self.rules.notice:
            self.check_notices()

    def check_spacing(self) -> None:
        """After a reset, the next reminder is at least `every` of real time later (no excuse between)."""
        log = self.d.log
        for i, item in enumerate(log):
            if item.event.kind not in RESETS:
                continue
            start = end_of(item) if item.event.kind == "away" else item.real
            for later in log[i + 1 :]:
                if later.event.kind in EXCUSES:
                    break
                if later.event.kind == "reminded":
                    gap = later.real - start
                    assert gap >= self.rules.every, f"reminded {gap} after {item.event}"
                    break

    def check_snoozes(self) -> None:
        """The first reminder after a snooze of d is at least d later, unless the count restarted."""
        log = self.d.log
        for i, item in enumerate(log):
            if item.event.kind != "snoozed":
                continue
            length = timedelta(seconds=item.event.data["seconds"])
            for later in log[i + 1 :]:
                if later.event.kind in (*RESETS, *EXCUSES) and later.event.kind != "reminded":
                    break
                if later.event.kind == "reminded":
                    if not self.off_hours_between(item.real, later.real):
                        assert later.real - item.real >= length, f"snooze of {length} ended early"
                    break

    def check_snoozes_exact(self) -> None:
        """Left alone, a snoozed reminder comes exactly where the snooze put it ("exactly that long")."""
        log = self.d.log
        for index, due in self.snoozes:
            snoozed = log[index]
            for later in log[index + 1 :]:
                kind = later.event.kind
                if kind == "reminded":
                    # The alarm ticks only when something is due, so also read the hours where the snooze
                    # ends: a snooze that ends outside work hours waits for them.
                    due_wall = snoozed.event.at + (due - snoozed.real)
                    quiet = (
                        not self.off_hours_between(snoozed.real, later.real)
                        and self.in_work_hours(due_wall)
                        and not any(start < later.real and end > snoozed.real for start, end in self.d.sleeps)
                    )
                    if quiet:
                        assert later.real == due, f"snoozed reminder at {later.real}, not {due}"
                    break
                if kind == "noticed":
                    continue
                if kind == "away" and end_of(later) <= snoozed.real:
                    continue  # a return before the snooze, seen late: it must not undo the snooze
                break  # anything else the user or the machine did restarts the count

    def off_hours_between(self, first: datetime, last: datetime) -> bool:
        """Whether a tick between the two real instants came outside work hours (it restarts the count)."""
        return any(first <= real <= last and not self.in_work_hours(wall) for real, wall in self.d.ticks)

    def check_notifications_apart(self) -> None:
        """Consecutive notifications are min(every, repeat) apart, save a repeat just before a reminder."""
        least = min(self.rules.every, self.rules.repeat)
        previous: Logged | None = None
        for item in self.d.log:
            kind = item.event.kind
            if kind in EXCUSES:
                previous = None
            elif kind in ("reminded", "repeated"):
                if previous is not None and not (previous.event.kind == "repeated" and kind == "reminded"):
                    gap = item.real - previous.real
                    assert gap >= least, f"{previous.event.kind} then {kind} only {gap} apart"
                previous = item

    def check_away_spells(self) -> None:
        """Away spells the ticks saw last at least idle_reset, and no two overlap."""
        last_end: datetime | None = None
        for item in self.d.log:
            if item.event.kind != "away":
                continue
            start, end = start_of(item), end_of(item)
            assert start <= end
            if not item.event.data["sleep"]:
                assert end - start >= self.rules.idle_reset
            assert last_end is None or start >= last_end, "away spells overlap"
            last_end = end

    def check_notices(self) -> None:
        """Each reminder has a pre-notice since the last reset; no two pre-notices for one deadline.

        The deadline changes, and may get a notice of its own, at a reset, a snooze, a cancelled
        stretch, an app start, and when work hours begin again (after a tick outside them).
        """
        since_reset: list[Logged] = []
        for item in self.d.log:
            kind = item.event.kind
            if kind == "reminded":
                assert any(k.event.kind == "noticed" for k in since_reset), (
                    "a reminder without its pre-notice"
                )
            if kind in (*RESETS, "snoozed"):
                since_reset = []
                continue
            if kind == "noticed":
                notices = [k for k in since_reset if k.event.kind == "noticed"]
                if notices:
                    moved = any(k.event.kind in ("stretch_cancelled", "app_started") for k in since_reset)
                    assert moved or self.off_hours_between(notices[-1].real, item.real), "two pre-notices"
            since_reset.append(item)


def real_of(item: Logged, wall_text: str) -> datetime:
    """The real instant of a wall time written in an event, read in the wall clock of that event."""
    offset = item.event.at.astimezone(UTC) - item.real
    return datetime.fromisoformat(wall_text).astimezone(UTC) - offset


def start_of(item: Logged) -> datetime:
    """The real instant an away spell began."""
    return real_of(item, item.event.data["start"])


def end_of(item: Logged) -> datetime:
    """The real instant an away spell ended."""
    return real_of(item, item.event.data["end"])


@st.composite
def starts(draw: st.DrawFn) -> tuple[tzinfo, datetime, bool]:
    """A zone, a start up to a day and a half before one of the DST changes, and whether `now` is UTC."""
    zone = draw(st.sampled_from(ZONES))
    anchor = draw(st.sampled_from(ANCHORS))
    return zone, anchor - draw(seconds(0, 36 * 3600)), draw(st.booleans())


Where = tuple[tzinfo, datetime, bool]


def run_trial(rules: ReminderSettings, where: Where, steps: list[tuple[Any, ...]]) -> None:
    """Run the steps, checking after each, then check the whole log."""
    trial = Trial(rules, *where)
    trial.check_state()
    for step in steps:
        trial.step(step)
    trial.check_log()


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reminder_settings(), starts(), st.lists(STEP, min_size=5, max_size=30))
def test_random_days_keep_every_reminder_rule(
    rules: ReminderSettings, where: Where, steps: list[tuple[Any, ...]]
) -> None:
    """All the properties in the module docstring hold after any sequence of steps."""
    run_trial(rules, where, steps)


SLEEPY_STEP = st.one_of(
    st.tuples(st.just("sit"), seconds(1, 30 * 60)),
    st.tuples(st.just("sleep"), seconds(1, 20 * 60)),  # mostly shorter than idle_reset: no break credit
    st.tuples(st.just("sleep"), seconds(1, 3 * 3600)),
    st.tuples(st.just("jump"), seconds(-3 * 3600, 3 * 3600).filter(bool)),
    SNOOZE,
    AWAY,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reminder_settings(), starts(), st.lists(SLEEPY_STEP, min_size=5, max_size=30))
def test_sleeps_and_clock_jumps_never_bring_a_burst(
    rules: ReminderSettings, where: Where, steps: list[tuple[Any, ...]]
) -> None:
    """Runs made mostly of sleeps and clock jumps in both directions keep the same properties."""
    run_trial(rules, where, steps)


def test_the_anchors_are_dst_changes() -> None:
    """Each anchor is within an hour of a real offset change in one of the zones (the strategy's point)."""
    for anchor in ANCHORS:
        hour = timedelta(hours=1)
        assert any(
            (anchor - hour).astimezone(z).utcoffset() != (anchor + hour).astimezone(z).utcoffset()
            for z in ZONES
        )
