"""What the tray, the tooltip and the notifications say, worked out from the rules' status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from hipbreak.core.badges import Badge, badge_for
from hipbreak.core.commands import Command, GnomeBreaks, Snooze, StretchNow
from hipbreak.core.durations import describe
from hipbreak.core.gnome_breaks import GnomeBreaksChoice
from hipbreak.core.holds import HoldReason
from hipbreak.core.reminders import Status
from hipbreak.core.settings import Settings

PAUSE_CHOICES: tuple[tuple[str, int | None], ...] = (
    ("30 min", 30),
    ("1 hour", 60),
    ("2 hours", 120),
    ("Until tomorrow", None),
)


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
    tomorrow_label: str = "Until tomorrow"
    autostart_on: bool = False


# What each button of a reminder bubble asks for; "default" is a click on the bubble itself. The keys are
# fixed words the notification server hands back, looked up here, never parsed.
BUBBLE_COMMANDS: dict[str, Command] = {
    "default": StretchNow(),
    "stretch": StretchNow(),
    "snooze": Snooze(),
    # The once-only question about GNOME's movement breaks (GNOME_QUESTION below).
    "gnome-hipbreak": GnomeBreaks(GnomeBreaksChoice.HIPBREAK),
    "gnome-follow": GnomeBreaks(GnomeBreaksChoice.GNOME),
}

# Asked once when GNOME's own movement breaks are on: (summary, body, buttons keyed in BUBBLE_COMMANDS).
GNOME_QUESTION: tuple[str, str, tuple[tuple[str, str], ...]] = (
    "GNOME's own movement breaks are on",
    "Two reminders for one break are one too many. Who should remind you to move?",
    (("gnome-hipbreak", "Use hipbreak's breaks"), ("gnome-follow", "Follow GNOME's schedule")),
)

# When GNOME's movement break starts while hipbreak follows GNOME; Stretch now opens the guided stretch.
GNOME_BREAK_OFFER: tuple[str, str, tuple[tuple[str, str], ...]] = (
    "GNOME's movement break: do the hip-flexor stretch?",
    "hipbreak guides you through it, and it counts like any other break.",
    (("default", "Stretch now"), ("stretch", "Stretch now")),
)


def reminder_buttons(settings: Settings) -> tuple[tuple[str, str], ...]:
    """Return the (key, label) buttons of a reminder bubble; the keys are those of BUBBLE_COMMANDS."""
    snooze = settings.reminders.snooze
    first = snooze[0] if snooze else None
    label = f"Snooze {describe(first)}" if first else "Snooze"
    return (("default", "Stretch now"), ("stretch", "Stretch now"), ("snooze", label))


def clock_text(moment: datetime, now: datetime) -> str:
    """Return "14:30", or "Mon 09:00" when `moment` is not today."""
    local_now = now.astimezone(moment.tzinfo)
    if moment.date() == local_now.date():
        return moment.strftime("%H:%M")
    return moment.strftime("%a %H:%M")


def paused_sentence(until: datetime, now: datetime) -> str:
    """Return what `hipbreak pause` answers and `hipbreak status` repeats: "Paused until 14:30."."""
    return f"Paused until {clock_text(until, now)}."


# While a signal holds reminders: the menu line and tooltip, and `hipbreak status`'s sentence.
HELD_TEXTS: dict[HoldReason, tuple[str, str]] = {
    HoldReason.CALL: ("Held: in a call", "Reminders are held while you are in a call."),
    HoldReason.FULLSCREEN: ("Held: full screen", "Reminders are held while a window is full screen."),
    HoldReason.DND: ("Held: Do Not Disturb", "Reminders are held while Do Not Disturb is on."),
    HoldReason.INHIBITED: (
        "Held: an app keeps the screen awake",
        "Reminders are held while an app keeps the screen awake.",
    ),
}

# The first line of a reminder that was held, by what held it; {sat} is how long the user has sat.
LATE_TEXTS: dict[HoldReason, str] = {
    HoldReason.CALL: "Your call is over — you have sat for {sat}.",
    HoldReason.FULLSCREEN: "You left full screen — you have sat for {sat}.",
    HoldReason.DND: "Do Not Disturb is off — you have sat for {sat}.",
    HoldReason.INHIBITED: "Your video or presentation is over — you have sat for {sat}.",
}
CAPPED_TEXT = "This reminder waited {held} for you — you have sat for {sat}."


def _next_texts(status: Status, now: datetime) -> tuple[str, str]:
    """Return the next-reminder news twice, each whole: as a menu line, and as a sentence."""
    if status.hold_reason is not None and status.state in ("running", "due"):
        return HELD_TEXTS[HoldReason(status.hold_reason)]
    if status.state == "paused" and status.paused_until is not None:
        until = clock_text(status.paused_until, now)
        return f"Paused until {until}", paused_sentence(status.paused_until, now)
    if status.state == "away":
        return "Away: this counts as a break", "Away: this counts as a break."
    if status.state == "stretching":
        return "Stretching now", "Stretching now."
    if status.state == "off_hours":
        if status.resumes_at is None:
            return "Outside work hours", "Outside work hours."
        until = clock_text(status.resumes_at, now)
        return f"Outside work hours until {until}", f"Outside work hours until {until}."
    if status.state == "due":
        return "Time to stretch!", "Time to stretch!"
    if status.extra.get("following_gnome"):
        return (
            "Following GNOME's movement breaks",
            "GNOME's movement breaks remind you; hipbreak offers the stretch.",
        )
    if status.next_reminder is None:
        return "Next reminder: not scheduled", "No reminder is scheduled."
    # A clock time, not "in 12 min": the text then changes only when the plan does, so nothing has to wake
    # up every minute to refresh the menu and the tooltip.
    at = clock_text(status.next_reminder, now)
    return f"Next reminder at {at}", f"Next reminder at {at}."


def next_line(status: Status, now: datetime) -> str:
    """Return the menu's line about the next reminder."""
    return _next_texts(status, now)[0]


def status_message(status: Status, now: datetime) -> str:
    """Return `hipbreak status`'s answer while the app runs: "Breaks today: 2. Next reminder at 14:30."."""
    return f"Breaks today: {status.breaks_today}. {_next_texts(status, now)[1]}"


def tray_view(
    status: Status,
    settings: Settings,
    now: datetime,
    tomorrow: datetime | None = None,
    autostart_on: bool = False,
) -> TrayView:
    """Return the tray's snapshot for `status` at `now`."""
    breaks = f"Breaks today: {status.breaks_today}"
    line = next_line(status, now)
    noun = "break" if status.breaks_today == 1 else "breaks"
    title = f"hipbreak: {status.breaks_today} {noun} today · {line[0].lower()}{line[1:]}"
    choices = tuple((describe(d), int(d.total_seconds())) for d in settings.reminders.snooze)
    spent = status.snoozes_left == 0
    active = status.state in ("running", "due")
    if spent:
        label = "Snooze (none left today)"
    elif status.snoozes_left is not None:
        label = f"Snooze ({status.snoozes_left} left today)"
    else:
        label = "Snooze"
    tomorrow_label = f"Until tomorrow {tomorrow.strftime('%H:%M')}" if tomorrow else "Until tomorrow"
    return TrayView(
        title=title,
        breaks_line=breaks,
        next_line=line,
        snooze_choices=choices,
        snooze_enabled=active and not spent,
        snooze_label=label,
        can_skip=active,
        paused=status.state == "paused",
        badge=badge_for(status.state),
        tomorrow_label=tomorrow_label,
        autostart_on=autostart_on,
    )


def late_reminder_text(reason: str, sat: timedelta, held: timedelta, capped: bool) -> tuple[str, str]:
    """Return the (summary, body) of a reminder that was held by `reason` (a HoldReason value)."""
    try:
        first = LATE_TEXTS[HoldReason(reason)]
    except ValueError:  # a reason from a newer version in the saved data: say the plain thing
        first = "You have sat for {sat}."
    if capped:
        first = CAPPED_TEXT.replace("{held}", describe(held))
    return (
        "Time to stand up and stretch",
        first.replace("{sat}", describe(sat)) + " Kneel into a hip-flexor stretch: tall spine, back glute "
        "squeezed, a hold on each side.",
    )


def reminder_text(every: timedelta, repeat: int) -> tuple[str, str]:
    """Return the (summary, body) of a reminder, or of its `repeat`-th re-send."""
    if repeat:
        return (
            "Still sitting? Time for your stretch",
            "Two minutes on the floor now beats a stiff back tonight. Stretch now, or snooze.",
        )
    return (
        "Time to stand up and stretch",
        f"You have been sitting for {describe(every)}. Kneel into a hip-flexor stretch: "
        "tall spine, back glute squeezed, a hold on each side.",
    )
