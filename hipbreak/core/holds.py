"""Holding reminders while the desktop says "not now" (a call, full screen, Do Not Disturb, an inhibitor).

A reminder that comes due while a signal holds is held, not dropped and not repeated; the interval keeps
running, so held time counts as sitting. When every signal has ended, the held reminder comes after a
grace and says why it is late; it never waits longer than the cap, and then comes once, quietly. A
break (away, a skip, a snooze, a completed stretch) restarts the interval, and the held reminder is gone.
`Reminders` asks `verdict()` on every tick (the one hook in its "a reminder comes due" path).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from hipbreak.core.events import Event


class HoldReason(str, enum.Enum):
    """Why reminders are held; the value is the name in the config, the history and `status --json`."""

    CALL = "call"
    FULLSCREEN = "fullscreen"
    DND = "dnd"
    INHIBITED = "inhibited"


# When several signals hold at once, the tray names the first of these that is active.
PRIORITY = (HoldReason.CALL, HoldReason.FULLSCREEN, HoldReason.DND, HoldReason.INHIBITED)


@dataclass(frozen=True)
class HoldSettings:
    """Which signals may hold reminders, the grace after they end, the longest a reminder waits, and who
    reminds beside GNOME's own movement breaks."""

    call: bool = True  # the microphone, a camera or a screen cast is in use
    fullscreen: bool = True
    dnd: bool = True
    inhibited: bool = True
    grace: timedelta = timedelta(minutes=1)
    cap: timedelta = timedelta(hours=2)
    gnome_breaks: str = "ask"  # one of settings.GNOME_BREAKS_CHOICES

    def enabled(self, reason: HoldReason) -> bool:
        """Return whether the config lets `reason` hold reminders."""
        return bool(getattr(self, reason.value))


@dataclass(frozen=True)
class Verdict:
    """What the holds say at a tick: `hold` = show nothing now; `late` = data for a late "reminded"."""

    hold: bool
    events: list[Event] = field(default_factory=list)
    late: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class HoldNow:
    """The hold in force: the reason the tray names, and since when reminders have been held."""

    reason: HoldReason
    since: datetime


def _utc(moment: datetime) -> datetime:
    # Two datetimes sharing a ZoneInfo compare on the wall clock; UTC is exact across DST.
    return moment.astimezone(timezone.utc)


class Holds:
    """The holding rules; used only from the thread that owns the app's state, handed `now` each time."""

    def __init__(self, settings: HoldSettings | None = None) -> None:
        self.settings = settings or HoldSettings()
        self._active: dict[HoldReason, datetime] = {}  # each reason holding now, since when
        self._sources: dict[HoldReason, set[str]] = {}  # the signals that hold for each reason
        self._last_reason: HoldReason | None = None  # the signal that ended last (the "why late")
        self._released_at: datetime | None = None  # when the last signal ended
        self._held_for: datetime | None = None  # the due time of the reminder held back
        self._held_at: datetime | None = None
        self._held_reason: HoldReason | None = None

    # -- signals ------------------------------------------------------------------------------------

    def change(self, now: datetime, reason: HoldReason, active: bool, source: str = "") -> list[Event]:
        """Signal `source` started (`active`) or stopped holding for `reason` at `now`.

        A reason holds while any of its signals does (dunst and GNOME may both say DND); when the last
        one stops, the hold for that reason is recorded with its length.
        """
        sources = self._sources.setdefault(reason, set())
        if active:
            if self.settings.enabled(reason):
                sources.add(source)
                self._active.setdefault(reason, now)
            return []
        sources.discard(source)
        if sources or reason not in self._active:
            return []
        since = self._active.pop(reason)
        self._last_reason = reason
        if not self._active:
            self._released_at = now
        seconds = max(0.0, (_utc(now) - _utc(since)).total_seconds())
        data: dict[str, Any] = {"reason": reason.value, "start": since.isoformat(), "end": now.isoformat()}
        data["seconds"] = seconds
        return [Event("hold_ended", now, data)]

    def adopt(self, settings: HoldSettings, now: datetime) -> list[Event]:
        """Switch to new settings; a signal now turned off ends its hold at `now`."""
        self.settings = settings
        events: list[Event] = []
        for reason in [r for r in self._active if not settings.enabled(r)]:
            for source in list(self._sources.get(reason, ())):
                events += self.change(now, reason, False, source)
        return events

    def current(self) -> HoldNow | None:
        """Return the hold in force (the most telling active reason, the earliest start), or None."""
        if not self._active:
            return None
        reason = next(r for r in PRIORITY if r in self._active)
        return HoldNow(reason, min(self._active.values(), key=_utc))

    # -- the hook in Reminders ------------------------------------------------------------------------

    def _in_grace(self, now: datetime) -> bool:
        released = self._released_at
        return released is not None and _utc(now) < _utc(released) + self.settings.grace

    def verdict(self, now: datetime, due_at: datetime, every: timedelta) -> Verdict:
        """Say whether to hold what would show at `now` for the reminder due at `due_at`."""
        if self._held_for is not None and _utc(self._held_for) != _utc(due_at):
            self._forget()  # the interval restarted (a break, a skip, a snooze): that reminder is gone
        holding = bool(self._active) or self._in_grace(now)
        if self._held_for is not None:
            assert self._held_at is not None
            capped = _utc(now) >= _utc(self._held_at) + self.settings.cap
            if holding and not capped:
                return Verdict(True)
            reason = self._held_reason if capped else (self._last_reason or self._held_reason)
            late = {
                "late": (reason or HoldReason.CALL).value,
                "held_seconds": round((_utc(now) - _utc(self._held_at)).total_seconds()),
                "sat_seconds": round((_utc(now) - _utc(due_at) + every).total_seconds()),
                "capped": capped,
            }
            self._forget()
            return Verdict(False, late=late)
        if not holding:
            return Verdict(False)
        if _utc(now) < _utc(due_at):
            return Verdict(True)  # nothing due: no heads-up and no repeat while held
        current = self.current()
        reason = current.reason if current is not None else self._last_reason or HoldReason.CALL
        self._held_for, self._held_at, self._held_reason = due_at, now, reason
        return Verdict(True, [Event("held", now, {"reason": reason.value, "due": due_at.isoformat()})])

    def wake_for(self, now: datetime, due_at: datetime) -> datetime:
        """Return when the rules need a tick for the reminder due at `due_at`, holds considered."""
        if self._held_for is None or _utc(self._held_for) != _utc(due_at):
            if self._in_grace(now) and self._released_at is not None and _utc(due_at) <= _utc(now):
                return self._released_at + self.settings.grace
            return due_at
        assert self._held_at is not None
        cap = self._held_at + self.settings.cap
        if self._active:
            return cap
        released = self._released_at or now
        return min(released + self.settings.grace, cap, key=_utc)

    def replanned(self, due_at: datetime | None) -> None:
        """The interval restarted at `due_at`: a reminder held back for another deadline is gone."""
        # verdict() notices this at the next tick too, but with no heartbeat that may be an interval away,
        # and until then held() would keep the polling signals looking.
        if self._held_for is not None and (due_at is None or _utc(self._held_for) != _utc(due_at)):
            self._forget()

    def held(self) -> bool:
        """Return whether a reminder is being held back now."""
        return self._held_for is not None

    def _forget(self) -> None:
        self._held_for = self._held_at = None
        self._held_reason = None
