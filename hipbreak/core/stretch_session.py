"""The guided stretch's timing: phases that count down on active (unpaused) time, skip, and an honest outcome.

Every method is handed `now` (seconds on a monotonic clock); nothing here reads the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hipbreak.core.routine import Phase, cue_index
from hipbreak.language import _

# Why a stretch was cancelled: codes kept in the history and compared, never shown as they are.
ESCAPE = "escape"
CLOSED = "closed"
ENDED_EARLY = "ended early"  # not user text
SKIPPED_HOLD = "skipped hold"  # not user text


@dataclass(frozen=True)
class PhaseEntered:
    """The session moved to phase `index`."""

    index: int
    phase: Phase


@dataclass(frozen=True)
class Paused:
    """The countdown stopped."""


@dataclass(frozen=True)
class Resumed:
    """The countdown runs again."""


@dataclass(frozen=True)
class Completed:
    """Every hold ran out in full; `seconds` is the active (unpaused) time from start to Done."""

    seconds: float


@dataclass(frozen=True)
class Cancelled:
    """The stretch did not count; `progress` is the share (0..1) of hold time done; `phase` where it ended."""

    progress: float
    phase: str
    reason: str


SessionEvent = PhaseEntered | Paused | Resumed | Completed | Cancelled


class StretchSession:
    """One run through a phase plan (ending with a "done" phase); owned by one thread."""

    def __init__(self, plan: Sequence[Phase]) -> None:
        if not plan or plan[-1].kind != "done":
            raise ValueError(_("a plan must end with a 'done' phase"))
        self.plan = tuple(plan)
        self.index = -1
        self.outcome: Completed | Cancelled | None = None
        self._active = [0.0] * len(self.plan)  # active seconds spent in each finished phase
        self._ran_out = [False] * len(self.plan)
        self._since = 0.0  # when the current stretch of unpaused time began
        self._paused = False

    @property
    def phase(self) -> Phase:
        """The current phase (the first one before start)."""
        return self.plan[max(self.index, 0)]

    @property
    def paused(self) -> bool:
        """Whether the countdown is stopped."""
        return self._paused

    @property
    def finished(self) -> bool:
        """Whether the outcome is decided (Done reached, or cancelled)."""
        return self.outcome is not None

    def start(self, now: float) -> list[SessionEvent]:
        """Enter the first phase at `now`."""
        if self.index >= 0:
            return []
        return self._enter(0, now)

    def elapsed(self, now: float) -> float:
        """Active seconds spent in the current phase."""
        if self.index < 0:
            return 0.0
        running = 0.0 if self._paused or self.finished else max(0.0, now - self._since)
        return self._active[self.index] + running

    def remaining(self, now: float) -> float:
        """Active seconds left in the current phase (0 on Done)."""
        return max(0.0, self.phase.seconds - self.elapsed(now)) if self.phase.timed else 0.0

    def cue(self, now: float) -> int:
        """Which of the current phase's cues to show."""
        return cue_index(self.elapsed(now), self.phase.seconds, len(self.phase.cues))

    def progress(self, now: float) -> float:
        """The share (0..1) of all hold time done so far."""
        total = sum(p.seconds for p in self.plan if p.kind == "hold")
        done = 0.0
        for i, p in enumerate(self.plan):
            if p.kind == "hold":
                spent = self.elapsed(now) if i == self.index else self._active[i]
                done += min(spent, p.seconds)
        return round(min(1.0, done / total), 4) if total else 0.0

    def tick(self, now: float) -> list[SessionEvent]:
        """Move on past every phase whose time ran out by `now`."""
        events: list[SessionEvent] = []
        while self.index >= 0 and not self.finished and not self._paused and self.phase.timed:
            over = self.elapsed(now) - self.phase.seconds
            if over < 0:
                break
            self._ran_out[self.index] = True
            events += self._enter(self.index + 1, now - over)  # the next phase began when this one ran out
        return events

    def toggle_pause(self, now: float) -> list[SessionEvent]:
        """Pause a running countdown or resume a paused one (no effect once finished)."""
        if self.index < 0 or self.finished:
            return []
        events = self.tick(now)
        if self.finished:
            return events
        if self._paused:
            self._paused = False
            self._since = now
            return [*events, Resumed()]
        self._active[self.index] += max(0.0, now - self._since)
        self._paused = True
        return [*events, Paused()]

    def skip(self, now: float) -> list[SessionEvent]:
        """Go to the next phase now; a skipped hold means the stretch will not count."""
        events = self.tick(now)
        if self.index < 0 or self.finished:
            return events
        return [*events, *self._enter(self.index + 1, now)]

    def end(self, now: float) -> list[SessionEvent]:
        """Enter pressed: nothing to record on Done, otherwise the stretch ends early, not completed."""
        return self.cancel(now, ENDED_EARLY)

    def cancel(self, now: float, reason: str) -> list[SessionEvent]:
        """Stop here and record a cancel for `reason` (no effect once finished)."""
        events = self.tick(now)
        if self.finished or self.index < 0:
            return events
        self.outcome = Cancelled(self.progress(now), self.phase.title, reason)
        return [*events, self.outcome]

    def _enter(self, index: int, now: float) -> list[SessionEvent]:
        if self.index >= 0:
            self._active[self.index] = self.elapsed(now)
        self.index = index
        self._since = now
        events: list[SessionEvent] = [PhaseEntered(index, self.phase)]
        if self.phase.kind == "done":
            events.append(self._decide(now))
        return events

    def _decide(self, now: float) -> Completed | Cancelled:
        skipped = [p for i, p in enumerate(self.plan) if p.kind == "hold" and not self._ran_out[i]]
        if skipped:
            self.outcome = Cancelled(self.progress(now), skipped[0].title, SKIPPED_HOLD)
        else:
            self.outcome = Completed(round(sum(self._active), 3))
        return self.outcome


class ProgressMirror:
    """Follows a session from outside (phase, pause and resume reports) to estimate how far it got."""

    def __init__(self, plan: Sequence[Phase] | None) -> None:
        self.plan = tuple(plan or ())
        self.index = -1
        self.phase_name = ""
        self._spent: dict[int, float] = {}
        self._since = 0.0
        self._paused = False

    def phase(self, index: int, name: str, now: float) -> None:
        """The session reported entering phase `index` called `name` at `now`."""
        self._settle(now)
        self.index = index  # a skip while paused stays paused, as in the session
        self.phase_name = name

    def pause(self, now: float) -> None:
        """The session reported a pause at `now`."""
        self._settle(now)
        self._paused = True

    def resume(self, now: float) -> None:
        """The session reported a resume at `now`."""
        self._settle(now)
        self._paused = False

    def progress(self, now: float) -> float:
        """The estimated share (0..1) of hold time done by `now`; 0 when the plan is unknown."""
        self._settle(now)
        holds = [(i, p.seconds) for i, p in enumerate(self.plan) if p.kind == "hold"]
        total = sum(seconds for _, seconds in holds)
        if not total:
            return 0.0
        done = sum(min(self._spent.get(i, 0.0), seconds) for i, seconds in holds)
        return round(min(1.0, done / total), 4)

    def _settle(self, now: float) -> None:
        if self.index >= 0 and not self._paused:
            self._spent[self.index] = self._spent.get(self.index, 0.0) + max(0.0, now - self._since)
        self._since = now


def done_summary(completed: bool, done_today: int, daily_goal: int) -> tuple[str, str, int]:
    """Return the Done screen's headline, detail line and the break count it shows."""
    if not completed:
        # Translators: {count} breaks done today out of the daily goal {goal}.
        still = _("Still {count} of your {goal} today. Hold both sides in full to count a break.")
        return (
            _("Not counted: a hold was skipped"),
            still.format(count=done_today, goal=daily_goal),
            done_today,
        )
    count = done_today + 1
    if count < daily_goal:
        # Translators: the Done screen's headline; {count} is this break's number today, {goal} the daily
        # goal.
        headline = _("Break {count} of your {goal} today")
    elif count == daily_goal:
        headline = _("Break {count} of your {goal} today: goal reached!")
    else:
        # Translators: the Done screen's headline when the daily goal {goal} was already reached.
        headline = _("Break {count} today, past your goal of {goal}")
    well_done = _("Well done. Doing this often through the day is what helps most.")
    return headline.format(count=count, goal=daily_goal), well_done, count
