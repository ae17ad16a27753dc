"""What the notification bubbles say: reminders, late reminders after a hold, and GNOME's breaks.

Tables hold N_-marked English, translated where a bubble is built, so a catalog chosen after import
still speaks.
"""

from __future__ import annotations

from datetime import timedelta

from hipbreak.core.durations import describe
from hipbreak.core.holds import HoldReason
from hipbreak.core.settings import Settings
from hipbreak.language import N_, _

# (summary, body, buttons): each button is (key, label), its key one of view.BUBBLE_COMMANDS.
Bubble = tuple[str, str, tuple[tuple[str, str], ...]]

# Asked once when GNOME's own movement breaks are on.
# N_-marked English; gnome_question() gives it in the user's language.
GNOME_QUESTION: Bubble = (
    N_("GNOME's own movement breaks are on"),
    N_("Two reminders for one break are one too many. Who should remind you to move?"),
    (("gnome-hipbreak", N_("Use hipbreak's breaks")), ("gnome-follow", N_("Follow GNOME's schedule"))),
)

# When GNOME's movement break starts while hipbreak follows GNOME; Stretch now opens the guided stretch.
GNOME_BREAK_OFFER: Bubble = (
    N_("GNOME's movement break: do the hip-flexor stretch?"),
    N_("hipbreak guides you through it, and it counts like any other break."),
    (("default", N_("Stretch now")), ("stretch", N_("Stretch now"))),
)


def _translated(bubble: Bubble) -> Bubble:
    summary, body, buttons = bubble
    return _(summary), _(body), tuple((key, _(label)) for key, label in buttons)


def gnome_question() -> Bubble:
    """Return GNOME_QUESTION in the user's language."""
    return _translated(GNOME_QUESTION)


def gnome_break_offer() -> Bubble:
    """Return GNOME_BREAK_OFFER in the user's language."""
    return _translated(GNOME_BREAK_OFFER)


def reminder_buttons(settings: Settings) -> tuple[tuple[str, str], ...]:
    """Return the (key, label) buttons of a reminder bubble; the keys are those of BUBBLE_COMMANDS."""
    snooze = settings.reminders.snooze
    first = snooze[0] if snooze else None
    # Translators: a reminder bubble's button; {duration} is how long, e.g. "5 min".
    label = _("Snooze {duration}").format(duration=describe(first)) if first else _("Snooze")
    return (("default", _("Stretch now")), ("stretch", _("Stretch now")), ("snooze", label))


# The first line of a reminder that was held, by what held it; {sat} is how long the user has sat.
LATE_TEXTS: dict[HoldReason, str] = {
    HoldReason.CALL: N_("Your call is over — you have sat for {sat}."),
    HoldReason.FULLSCREEN: N_("You left full screen — you have sat for {sat}."),
    HoldReason.DND: N_("Do Not Disturb is off — you have sat for {sat}."),
    HoldReason.INHIBITED: N_("Your video or presentation is over — you have sat for {sat}."),
}
# Translators: {held} is how long a call or full screen held the reminder back, {sat} how long the user sat.
CAPPED_TEXT = N_("This reminder waited {held} for you — you have sat for {sat}.")
# Translators: how a reminder bubble tells the user to stretch; keep each posture cue exact.
STRETCH_HOW = N_("Kneel into a hip-flexor stretch: tall spine, back glute squeezed, a hold on each side.")


def late_reminder_text(reason: str, sat: timedelta, held: timedelta, capped: bool) -> tuple[str, str]:
    """Return the (summary, body) of a reminder that was held by `reason` (a HoldReason value)."""
    if capped:
        first = _(CAPPED_TEXT).format(held=describe(held), sat=describe(sat))
    else:
        try:
            pattern = _(LATE_TEXTS[HoldReason(reason)])
        except ValueError:  # a reason from a newer version in the saved data: say the plain thing
            # Translators: {sat} is how long the user has sat, e.g. "1 h 30 min".
            pattern = _("You have sat for {sat}.")
        first = pattern.format(sat=describe(sat))
    return _("Time to stand up and stretch"), _with_stretch_how(first)


def _with_stretch_how(first: str) -> str:
    """Return a reminder's body: the sentence `first`, then how to stretch."""
    # Translators: a reminder bubble's body: {news} is a sentence about the sitting, {how} the sentence
    # telling how to stretch ("Kneel into a hip-flexor stretch: ...").
    return _("{news} {how}").format(news=first, how=_(STRETCH_HOW))


def reminder_text(every: timedelta, repeat: int) -> tuple[str, str]:
    """Return the (summary, body) of a reminder, or of its `repeat`-th re-send."""
    if repeat:
        return (
            _("Still sitting? Time for your stretch"),
            _("Two minutes on the floor now beats a stiff back tonight. Stretch now, or snooze."),
        )
    # Translators: {duration} is how long the user has sat, e.g. "45 min".
    sitting = _("You have been sitting for {duration}.").format(duration=describe(every))
    return _("Time to stand up and stretch"), _with_stretch_how(sitting)
