"""Stretch routines as data: parsing a routine from TOML text with line-aware errors, and the phase plan."""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hipbreak.core.toml_depth import MAX_NESTING, too_deep
from hipbreak.core.toml_lines import key_lines

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SIDES = ("left", "right")
PHASE_KINDS = ("prepare", "hold", "switch")
DONE_TITLE = "Done"
DEFAULT_SWITCH_SECONDS = 5.0
MAX_PHASE_SECONDS = 600.0
MAX_PHASES = 12

_TOP_KEYS = ("title", "why", "stop", "not_feeling_it", "reasons", "phase")
_PHASE_KEYS = ("kind", "title", "side", "seconds", "position", "instruction", "cues", "say", "say_cues")
# Text limits keep every routine readable in the window's fixed layout.
_LIMITS = {
    "title": 40, "why": 240, "stop": 120, "position": 48, "instruction": 200, "cue": 120, "reason": 220,
    "say": 160,
}  # fmt: skip
_SYNTAX_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


class RoutineError(ValueError):
    """A routine file that cannot be used; str() is one line naming the file and, when known, the line."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source = source
        self.line = line
        self.message = message
        where = f"{source} line {line}" if line is not None else source
        super().__init__(f"{where}: {message}")


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
    return f"{side.upper()} leg back" if side else ""


def build_plan(routine: Routine, hold: float, prepare: float) -> tuple[Phase, ...]:
    """Return the routine's phases with durations filled in, empty non-hold phases dropped, plus Done."""
    if not (math.isfinite(hold) and hold > 0):
        raise ValueError(f"hold must be a positive number of seconds, got {hold!r}")
    if not (math.isfinite(prepare) and prepare >= 0):
        raise ValueError(f"prepare must be zero or more seconds, got {prepare!r}")
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
    plan.append(Phase("done", DONE_TITLE, None, 0.0))
    return tuple(plan)


def cue_index(elapsed: float, seconds: float, count: int) -> int:
    """Return which of `count` cues shows after `elapsed` of a `seconds`-long hold (equal turns, in order)."""
    if count <= 1 or seconds <= 0:
        return 0
    return max(0, min(count - 1, int(elapsed / (seconds / count))))


def parse_routine(text: str, name: str, source: str) -> Routine:
    """Return the routine in TOML `text`; raise RoutineError naming `source` and the offending line."""
    deep = too_deep(text)
    if deep is not None:
        raise RoutineError(source, deep, f"lists or tables nest more than {MAX_NESTING} deep; flatten them")
    try:
        data = tomllib.loads(text)
    except RecursionError:  # too_deep should have caught it; never a traceback all the same
        raise RoutineError(source, None, "lists or tables nest too deeply; flatten them") from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _SYNTAX_WHERE.search(message)
        if match:
            detail = message[: match.start()].strip()
            detail = detail[:1].lower() + detail[1:]
            raise RoutineError(source, int(match.group(1)), f"{detail} (column {match.group(2)})") from None
        raise RoutineError(source, None, f"not valid TOML: {message}") from None
    return _Reader(data, key_lines(text), source).routine(name)


class _Reader:
    """Checks the parsed mapping against the schema, pointing each error at its line."""

    def __init__(self, data: Mapping[str, Any], lines: Mapping[tuple[Any, ...], int], source: str) -> None:
        self.data = data
        self.lines = lines
        self.source = source

    def fail(self, path: tuple[Any, ...], message: str) -> RoutineError:
        # Fall back to the enclosing table's header when the key itself is missing.
        while path and path not in self.lines:
            path = path[:-1]
        return RoutineError(self.source, self.lines.get(path), message)

    def text(
        self, table: Mapping[str, Any], path: tuple[Any, ...], limit: int, required: bool = False
    ) -> str:
        key = path[-1]
        if key not in table:
            if required:
                raise self.fail(path, f"missing '{key}' (text)")
            return ""
        value = table[key]
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(path, f"'{key}' must be text, got {value!r}")
        if len(value) > limit:
            raise self.fail(path, f"'{key}' is {len(value)} characters long; keep it to {limit}")
        return value.strip()

    def text_list(self, table: Mapping[str, Any], path: tuple[Any, ...], limit: int) -> tuple[str, ...]:
        key = path[-1]
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            raise self.fail(path, f"'{key}' must be a list of texts like [\"Stay tall.\"], got {value!r}")
        if len(value) > 8:
            raise self.fail(path, f"'{key}' has {len(value)} entries; keep it to 8")
        for item in value:
            if len(item) > limit:
                raise self.fail(
                    path, f"an entry of '{key}' is {len(item)} characters long; keep it to {limit}"
                )
        return tuple(item.strip() for item in value)

    def unknown_keys(self, table: Mapping[str, Any], path: tuple[Any, ...], known: tuple[str, ...]) -> None:
        for key in table:
            if key not in known:
                raise self.fail((*path, key), f"unknown key '{key}'; known keys: {', '.join(known)}")

    def routine(self, name: str) -> Routine:
        data = self.data
        self.unknown_keys(data, (), _TOP_KEYS)
        title = self.text(data, ("title",), _LIMITS["title"], required=True)
        raw_phases = data.get("phase")
        if not isinstance(raw_phases, list) or not raw_phases:
            raise self.fail(("phase",), "needs at least one [[phase]] table")
        if len(raw_phases) > MAX_PHASES:
            raise self.fail(("phase", MAX_PHASES), f"has {len(raw_phases)} phases; keep it to {MAX_PHASES}")
        phases = tuple(self.phase(raw, index) for index, raw in enumerate(raw_phases))
        if not any(spec.kind == "hold" for spec in phases):
            raise self.fail(("phase", 0), 'needs at least one phase with kind = "hold"')
        return Routine(
            name=name,
            title=title,
            phases=phases,
            why=self.text(data, ("why",), _LIMITS["why"]),
            stop=self.text(data, ("stop",), _LIMITS["stop"]),
            not_feeling_it=self.text_list(data, ("not_feeling_it",), _LIMITS["cue"]),
            reasons=self.text_list(data, ("reasons",), _LIMITS["reason"]),
        )

    def phase(self, raw: Any, index: int) -> PhaseSpec:
        path: tuple[Any, ...] = ("phase", index)
        if not isinstance(raw, Mapping):
            raise self.fail(path, "each phase must be a [[phase]] table")
        self.unknown_keys(raw, path, _PHASE_KEYS)
        kind = raw.get("kind")
        if kind not in PHASE_KINDS:
            choices = "/".join(PHASE_KINDS)
            raise self.fail((*path, "kind"), f"phase needs a 'kind' of {choices}, got {kind!r}")
        side = raw.get("side")
        if (side is not None and side not in SIDES) or (kind == "hold" and side is None):
            needs = "needs" if kind == "hold" else "may have"
            got = "" if side is None else f", got {side!r}"
            raise self.fail((*path, "side"), f"phase '{kind}' {needs} a 'side' of left/right{got}")
        seconds = raw.get("seconds")
        if seconds is not None and (
            isinstance(seconds, bool)
            or not isinstance(seconds, int | float)
            or not 0 < seconds <= MAX_PHASE_SECONDS
        ):
            raise self.fail(
                (*path, "seconds"),
                f"'seconds' must be a number above 0 and at most {MAX_PHASE_SECONDS:g}, got {seconds!r}",
            )
        cues = self.text_list(raw, (*path, "cues"), _LIMITS["cue"])
        if cues and kind != "hold":
            raise self.fail((*path, "cues"), f"only 'hold' phases show cues; this phase is '{kind}'")
        say_cues = self.text_list(raw, (*path, "say_cues"), _LIMITS["say"])
        if say_cues and len(say_cues) != len(cues):
            raise self.fail(
                (*path, "say_cues"),
                f"'say_cues' needs one spoken form per cue: {len(cues)} cue(s), {len(say_cues)} given",
            )
        return PhaseSpec(
            kind=kind,
            title=self.text(raw, (*path, "title"), _LIMITS["title"], required=True),
            side=side,
            seconds=float(seconds) if seconds is not None else None,
            position=self.text(raw, (*path, "position"), _LIMITS["position"]),
            instruction=self.text(raw, (*path, "instruction"), _LIMITS["instruction"]),
            cues=cues,
            say=self.text(raw, (*path, "say"), _LIMITS["say"]),
            say_cues=say_cues,
        )
