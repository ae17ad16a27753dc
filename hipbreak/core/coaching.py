"""What the coach says during a stretch, and when: lines timed on a phase's active seconds.

The phase clock (StretchSession) stays the one truth: the coach only answers "what is due by this
elapsed time, and how long may it take before the next line". Nothing here reads the clock.
"""

from __future__ import annotations

from dataclasses import dataclass

from hipbreak.core.routine import Phase, cue_index
from hipbreak.language import N_, _

VOICE_MODES = ("on", "cues-only", "off")
COUNTDOWN_AT = 10.0  # seconds left in a hold when "Ten seconds." is said
# Translators: spoken aloud when ten seconds of a stretch's hold are left.
COUNTDOWN_TEXT = N_("Ten seconds.")
MIN_GAP = 2.0  # the countdown is left out when a cue starts closer than this to it
DONE_SECONDS = 8.0  # how long the closing line may take


@dataclass(frozen=True)
class Line:
    """One thing to say `at` active seconds into a phase; `kind` is "phase", "cue" or "countdown"."""

    at: float
    text: str
    kind: str


def opening(phase: Phase) -> str:
    """The phase's spoken opening: its `say`, else its title (and, outside a hold, its instruction)."""
    if phase.say:
        return phase.say
    title = phase.title.rstrip(".!") + "."
    if phase.kind != "hold" and phase.instruction:
        return f"{title} {phase.instruction}"
    return title


def phase_lines(phase: Phase, voice: str) -> tuple[Line, ...]:
    """Return what is said during `phase` under `voice` (on, cues-only, off), in order of time."""
    _check_voice(voice)
    if voice == "off" or not phase.timed:
        return ()
    lines: list[Line] = []
    if phase.kind == "hold":
        spoken = phase.say_cues or phase.cues
        count = len(spoken)
        for index, text in enumerate(spoken):
            # Each cue starts where the window starts showing it.
            at = 0.0 if index == 0 else _cue_start(index, phase.seconds, count)
            lines.append(Line(at, text, "cue"))
    if voice == "on":
        first = opening(phase)
        if lines and lines[0].at == 0.0:
            lines[0] = Line(0.0, f"{first} {lines[0].text}", "phase")  # one breath, not two lines racing
        else:
            lines.insert(0, Line(0.0, first, "phase"))
        countdown = phase.seconds - COUNTDOWN_AT
        if (
            phase.kind == "hold"
            and countdown >= MIN_GAP
            and all(abs(line.at - countdown) >= MIN_GAP for line in lines)
        ):
            lines.append(Line(countdown, _(COUNTDOWN_TEXT), "countdown"))
    return tuple(sorted(lines, key=lambda line: line.at))


def _check_voice(voice: str) -> None:
    if voice not in VOICE_MODES:
        # Translators: {choices} are the config values "on, cues-only, off": keep them as they are.
        message = _("voice must be one of {choices}, got {value}")
        raise ValueError(message.format(choices=", ".join(VOICE_MODES), value=repr(voice)))


def _cue_start(index: int, seconds: float, count: int) -> float:
    at = seconds * index / count
    # Float rounding must not put a cue's line a hair before the window shows that cue.
    while cue_index(at, seconds, count) < index:
        at = at + 1e-9 * max(1.0, seconds)
    return at


def done_line(completed: bool, done_today: int, daily_goal: int) -> str:
    """The spoken closing line: the day's count when the break counted, else why it did not."""
    if not completed:
        return _("Done. This one did not count: a hold was skipped.")
    # Translators: spoken at the end of a stretch; {count} is today's break count with this one, {goal}
    # the daily goal.
    return _("Done. Break {count} of {goal} today.").format(count=done_today + 1, goal=daily_goal)


class Coach:
    """Walks through one phase's lines as its active time passes; owned by the window's thread."""

    def __init__(self, voice: str) -> None:
        _check_voice(voice)
        self.voice = voice
        self.lines: tuple[Line, ...] = ()
        self.seconds = 0.0
        self._next = 0

    def enter(self, phase: Phase) -> None:
        """Start on `phase`'s lines; lines of the phase before are dropped."""
        self.lines = phase_lines(phase, self.voice)
        self.seconds = phase.seconds
        self._next = 0

    def due(self, elapsed: float) -> tuple[Line, float] | None:
        """Return the line due by `elapsed` and the seconds it may take before the next is due, or None.

        When several came due at once (a slow tick, a skip) only the newest is returned; the others are
        stale and dropped, so speech never runs behind the clock.
        """
        found: Line | None = None
        while self._next < len(self.lines) and self.lines[self._next].at <= elapsed:
            found = self.lines[self._next]
            self._next += 1
        if found is None:
            return None
        following = self.lines[self._next].at if self._next < len(self.lines) else self.seconds
        return found, max(0.0, following - elapsed)
