"""What the tray, the tooltip and `hipbreak status` say, worked out from the rules' status.

Every text is a whole message of the user's language: tables hold N_-marked English, translated here
where it is shown, so a catalog chosen after import still speaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from hipbreak.core.badges import Badge, badge_for
from hipbreak.core.commands import Command, GnomeBreaks, Snooze, StretchNow
from hipbreak.core.durations import describe
from hipbreak.core.gnome_breaks import GnomeBreaksChoice
from hipbreak.core.holds import HoldReason
from hipbreak.core.reminders import Status
from hipbreak.core.settings import Settings
from hipbreak.language import N_, NC_, _, clock, ngettext, pgettext, weekday

# The Pause submenu: (label, minutes; None = until the day starts). Labels are N_-marked English:
# translate them with _() where shown, or take pause_choices().
PAUSE_CHOICES: tuple[tuple[str, int | None], ...] = (
    (N_("30 min"), 30),
    (N_("1 hour"), 60),
    (N_("2 hours"), 120),
    (N_("Until tomorrow"), None),
)


def pause_choices() -> tuple[tuple[str, int | None], ...]:
    """Return PAUSE_CHOICES with their labels in the user's language."""
    return tuple((_(label), minutes) for label, minutes in PAUSE_CHOICES)


@dataclass(frozen=True)
class TrayView:
    """Every changing text and flag of the tray menu, as one immutable snapshot."""

    title: str
    breaks_line: str
    next_line: str
    snooze_choices: tuple[tuple[str, int], ...]  # (label, seconds)
    snooze_enabled: bool
    snooze_label: str
    can_skip: bool
    paused: bool
    badge: Badge | None  # the mark on the icon; the icon module draws every member
    tomorrow_label: str = N_("Until tomorrow")
    autostart_on: bool = False


# What each button of a reminder bubble asks for; "default" is a click on the bubble itself. The keys are
# fixed words the notification server hands back, looked up here, never parsed.
BUBBLE_COMMANDS: dict[str, Command] = {
    "default": StretchNow(),
    "stretch": StretchNow(),
    "snooze": Snooze(),
    # The once-only question about GNOME's movement breaks (bubble_texts.GNOME_QUESTION).
    "gnome-hipbreak": GnomeBreaks(GnomeBreaksChoice.HIPBREAK),
    "gnome-follow": GnomeBreaks(GnomeBreaksChoice.GNOME),
}


def clock_text(moment: datetime, now: datetime) -> str:
    """Return "14:30" (as the user's locale writes times), or "Mon 09:00" when `moment` is not today."""
    local_now = now.astimezone(moment.tzinfo)
    if moment.date() == local_now.date():
        return clock(moment)
    # Translators: a time on another day than today, e.g. "Mon 09:00": {day} is the short weekday name,
    # {time} the time of day.
    return _("{day} {time}").format(day=weekday(moment), time=clock(moment))


def paused_sentence(until: datetime, now: datetime) -> str:
    """Return what `hipbreak pause` answers and `hipbreak status` repeats: "Paused until 14:30."."""
    # Translators: {time} is a time of day, or a short day and a time ("Tue 06:00").
    return _("Paused until {time}.").format(time=clock_text(until, now))


class NextTexts(NamedTuple):
    """The news about the next reminder, each whole: the menu line, a sentence, and the tooltip's phrase."""

    line: str
    sentence: str
    tooltip: str  # follows "hipbreak: 2 breaks today · " in the tray's title


# While a signal holds reminders: the menu line, `hipbreak status`'s sentence and the tooltip's phrase.
HELD_TEXTS: dict[HoldReason, tuple[str, str, tuple[str, str]]] = {
    HoldReason.CALL: (
        N_("Held: in a call"),
        N_("Reminders are held while you are in a call."),
        NC_("tray tooltip", "held: in a call"),
    ),
    HoldReason.FULLSCREEN: (
        N_("Held: full screen"),
        N_("Reminders are held while a window is full screen."),
        NC_("tray tooltip", "held: full screen"),
    ),
    HoldReason.DND: (
        N_("Held: Do Not Disturb"),
        N_("Reminders are held while Do Not Disturb is on."),
        NC_("tray tooltip", "held: Do Not Disturb"),
    ),
    HoldReason.INHIBITED: (
        N_("Held: an app keeps the screen awake"),
        N_("Reminders are held while an app keeps the screen awake."),
        NC_("tray tooltip", "held: an app keeps the screen awake"),
    ),
}


def _next_texts(status: Status, now: datetime) -> NextTexts:
    """Return the next-reminder news as a menu line, a sentence and the tooltip's phrase."""
    if status.hold_reason is not None and status.state in ("running", "due"):
        line, sentence, tooltip = HELD_TEXTS[HoldReason(status.hold_reason)]
        return NextTexts(_(line), _(sentence), pgettext(*tooltip))
    if status.state == "paused" and status.paused_until is not None:
        until = clock_text(status.paused_until, now)
        return NextTexts(
            # Translators: {time} is a time of day, or a short day and a time ("Tue 06:00").
            _("Paused until {time}").format(time=until),
            paused_sentence(status.paused_until, now),
            pgettext("tray tooltip", "paused until {time}").format(time=until),
        )
    if status.state == "away":
        return NextTexts(
            _("Away: this counts as a break"),
            _("Away: this counts as a break."),
            pgettext("tray tooltip", "away: this counts as a break"),
        )
    if status.state == "stretching":
        return NextTexts(
            _("Stretching now"), _("Stretching now."), pgettext("tray tooltip", "stretching now")
        )
    if status.state == "off_hours":
        if status.resumes_at is None:
            return NextTexts(
                _("Outside work hours"),
                _("Outside work hours."),
                pgettext("tray tooltip", "outside work hours"),
            )
        until = clock_text(status.resumes_at, now)
        return NextTexts(
            _("Outside work hours until {time}").format(time=until),
            _("Outside work hours until {time}.").format(time=until),
            pgettext("tray tooltip", "outside work hours until {time}").format(time=until),
        )
    if status.state == "due":
        return NextTexts(
            _("Time to stretch!"), _("Time to stretch!"), pgettext("tray tooltip", "time to stretch!")
        )
    if status.extra.get("following_gnome"):
        return NextTexts(
            _("Following GNOME's movement breaks"),
            _("GNOME's movement breaks remind you; hipbreak offers the stretch."),
            pgettext("tray tooltip", "following GNOME's movement breaks"),
        )
    if status.next_reminder is None:
        return NextTexts(
            _("Next reminder: not scheduled"),
            _("No reminder is scheduled."),
            pgettext("tray tooltip", "next reminder: not scheduled"),
        )
    # A clock time, not "in 12 min": the text then changes only when the plan does, so nothing has to wake
    # up every minute to refresh the menu and the tooltip.
    at = clock_text(status.next_reminder, now)
    return NextTexts(
        _("Next reminder at {time}").format(time=at),
        _("Next reminder at {time}.").format(time=at),
        pgettext("tray tooltip", "next reminder at {time}").format(time=at),
    )


def next_line(status: Status, now: datetime) -> str:
    """Return the menu's line about the next reminder."""
    return _next_texts(status, now).line


def status_message(status: Status, now: datetime) -> str:
    """Return `hipbreak status`'s answer while the app runs: "Breaks today: 2. Next reminder at 14:30."."""
    breaks = _("Breaks today: {count}.").format(count=status.breaks_today)
    # Translators: `hipbreak status`'s answer: {breaks} is "Breaks today: 2." and {next} a sentence about
    # the next reminder ("Next reminder at 14:30.").
    return _("{breaks} {next}").format(breaks=breaks, next=_next_texts(status, now).sentence)


def tray_view(
    status: Status,
    settings: Settings,
    now: datetime,
    tomorrow: datetime | None = None,
    autostart_on: bool = False,
) -> TrayView:
    """Return the tray's snapshot for `status` at `now`."""
    count = status.breaks_today
    texts = _next_texts(status, now)
    # Translators: the tray icon's tooltip; {next} is one of the phrases marked "tray tooltip", such as
    # "next reminder at 14:30".
    title = ngettext(
        "hipbreak: {count} break today · {next}", "hipbreak: {count} breaks today · {next}", count
    )
    choices = tuple((describe(d), int(d.total_seconds())) for d in settings.reminders.snooze)
    spent = status.snoozes_left == 0
    active = status.state in ("running", "due")
    if spent:
        label = _("Snooze (none left today)")
    elif status.snoozes_left is not None:
        left = status.snoozes_left
        label = ngettext("Snooze ({count} left today)", "Snooze ({count} left today)", left).format(
            count=left
        )
    else:
        label = _("Snooze")
    if tomorrow is not None:
        # Translators: the last choice of the Pause submenu; {time} is when the next day starts ("06:00").
        tomorrow_label = _("Until tomorrow {time}").format(time=clock(tomorrow))
    else:
        tomorrow_label = _("Until tomorrow")
    return TrayView(
        title=title.format(count=count, next=texts.tooltip),
        breaks_line=_("Breaks today: {count}").format(count=count),
        next_line=texts.line,
        snooze_choices=choices,
        snooze_enabled=active and not spent,
        snooze_label=label,
        can_skip=active,
        paused=status.state == "paused",
        badge=badge_for(status.state),
        tomorrow_label=tomorrow_label,
        autostart_on=autostart_on,
    )
