"""Stretch routines as data: the routine, its phases, and the plan of one stretch with durations filled in.

Reading a routine from its TOML file is in `routine_schema`; its translations in `routine_translations`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hipbreak.language import _, pgettext

SIDES = ("left", "right")
PHASE_KINDS = ("prepare", "hold", "switch")
DEFAULT_SWITCH_SECONDS = 5.0
MAX_PHASE_SECONDS = 600.0
MAX_PHASES = 12
MAX_LIST = 8  # entries of a list of texts: cues, tips, reasons
# Text limits keep every routine readable in the window's fixed layout.
TEXT_LIMITS = {
    "title": 40, "why": 240, "stop": 120, "position": 48, "instruction": 200, "cue": 120, "reason": 220,
    "say": 160,
}  # fmt: skip


class RoutineError(ValueError):
    """A routine file that cannot be used; str() is one line naming the file and, when known, the line."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source = source
        self.line = line
        self.message = message
        if line is not None:
            # Translators: where a routine file is wrong, then what is wrong ("mine.toml line 8: ...").
            text = _("{file} line {line}: {problem}").format(file=source, line=line, problem=message)
        else:
            # Translators: a routine file, then what is wrong with it ("mine.toml: ...").
            text = _("{file}: {problem}").format(file=source, problem=message)
        super().__init__(text)


@dataclass(frozen=True)
class PhaseSpec:
    """One phase as the routine file describes it; `seconds` None means "use the user's duration"."""

    kind: str
    title: str
    side: str | None = None
    seconds: float | None = None
    position: str = ""
    instruction: str = ""
    cues: tuple[str, ...] = ()
    say: str = ""  # the spoken form of the phase's opening line; "" = built from its words
    say_cues: tuple[str, ...] = ()  # the spoken form of each cue; () = the cues as written


@dataclass(frozen=True)
class Routine:
    """A named sequence of phases plus the lines shown alongside them."""

    name: str
    title: str
    phases: tuple[PhaseSpec, ...]
    why: str = ""
    stop: str = ""
    not_feeling_it: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()  # the "Why?" panel: why the stretch is done this way
    language: str = ""  # the translation these texts come from ("de", "pt_BR"); "" = the file's own


@dataclass(frozen=True)
class Phase:
    """One step of a planned stretch; `kind` "done" is the closing screen and has no duration."""

    kind: str
    title: str
    side: str | None
    seconds: float
    position: str = ""
    instruction: str = ""
    cues: tuple[str, ...] = ()
    say: str = ""
    say_cues: tuple[str, ...] = ()

    @property
    def timed(self) -> bool:
        """Whether this phase counts down (every kind except "done")."""
        return self.kind != "done"


def position_text(side: str | None) -> str:
    """Return the default words naming which leg is back, e.g. "LEFT leg back"."""
    if side == "left":
        return _("LEFT leg back")
    if side == "right":
        return _("RIGHT leg back")
    return ""


def done_title() -> str:
    """Return the title of the closing screen, "Done"."""
    return pgettext("title of the screen after a stretch", "Done")


def build_plan(routine: Routine, hold: float, prepare: float) -> tuple[Phase, ...]:
    """Return the routine's phases with durations filled in, empty non-hold phases dropped, plus Done."""
    if not (math.isfinite(hold) and hold > 0):
        raise ValueError(
            _("the hold must be a positive number of seconds, got {value}").format(value=repr(hold))
        )
    if not (math.isfinite(prepare) and prepare >= 0):
        raise ValueError(
            _("the time to get into position must be 0 or more seconds, got {value}").format(
                value=repr(prepare)
            )
        )
    plan: list[Phase] = []
    for spec in routine.phases:
        if spec.seconds is not None:
            seconds = spec.seconds
        elif spec.kind == "hold":
            seconds = float(hold)
        elif spec.kind == "prepare":
            seconds = float(prepare)
        else:
            seconds = DEFAULT_SWITCH_SECONDS
        if seconds <= 0 and spec.kind != "hold":
            continue
        position = spec.position or position_text(spec.side)
        plan.append(
            Phase(
                spec.kind,
                spec.title,
                spec.side,
                seconds,
                position,
                spec.instruction,
                spec.cues,
                say=spec.say,
                say_cues=spec.say_cues,
            )
        )
    plan.append(Phase("done", done_title(), None, 0.0))
    return tuple(plan)


def cue_index(elapsed: float, seconds: float, count: int) -> int:
    """Return which of `count` cues shows after `elapsed` of a `seconds`-long hold (equal turns, in order)."""
    if count <= 1 or seconds <= 0:
        return 0
    return max(0, min(count - 1, int(elapsed / (seconds / count))))
