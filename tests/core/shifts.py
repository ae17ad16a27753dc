"""The tests' own reading of work hours, written apart from the core's: shifts laid out on the wall clock."""

from __future__ import annotations

from datetime import datetime, timedelta

from hipbreak.core.settings import ReminderSettings


def on_shift(settings: ReminderSettings, moment: datetime) -> bool:
    """Whether the local wall time of `moment` (an aware time in the user's zone) lies in a shift that
    began on a work day; a shift whose end is before its start ends on the next day."""
    wall = moment.replace(tzinfo=None, fold=0)
    if settings.work_hours is None:
        return wall.weekday() in settings.work_days
    start, end = settings.work_hours
    for first in (wall.date(), wall.date() - timedelta(days=1)):
        if first.weekday() not in settings.work_days:
            continue
        begin = datetime.combine(first, start)
        finish = datetime.combine(first + timedelta(days=1) if end < start else first, end)
        if begin <= wall < finish:
            return True
    return False
