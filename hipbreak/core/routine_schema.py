"""Reading a routine from TOML text: the schema, checked with one line-numbered error per mistake."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from hipbreak.core.routine import (
    MAX_LIST,
    MAX_PHASE_SECONDS,
    MAX_PHASES,
    PHASE_KINDS,
    SIDES,
    PhaseSpec,
    Routine,
    RoutineError,
)
from hipbreak.core.routine import TEXT_LIMITS as LIMITS
from hipbreak.core.routine_translations import pick_translation, read_translations, translated
from hipbreak.core.toml_depth import MAX_NESTING, too_deep
from hipbreak.core.toml_lines import key_lines
from hipbreak.language import _, ngettext

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

TOP_KEYS = ("title", "why", "stop", "not_feeling_it", "reasons", "phase", "translations")
PHASE_KEYS = ("kind", "title", "side", "seconds", "position", "instruction", "cues", "say", "say_cues")
_SYNTAX_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")

Path = tuple[Any, ...]


def parse_routine(text: str, name: str, source: str, languages: Sequence[str] = ()) -> Routine:
    """Return the routine in TOML `text`, in the first of `languages` it is translated into (else its own).

    Every translation is checked, chosen or not; raise RoutineError naming `source` and the offending line.
    """
    deep = too_deep(text)
    if deep is not None:
        raise RoutineError(
            source,
            deep,
            _("lists or tables nest more than {limit} deep; flatten them").format(limit=MAX_NESTING),
        )
    try:
        data = tomllib.loads(text)
    except RecursionError:  # too_deep should have caught it; never a traceback all the same
        raise RoutineError(source, None, _("lists or tables nest too deeply; flatten them")) from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _SYNTAX_WHERE.search(message)
        if match:
            detail = message[: match.start()].strip()
            detail = detail[:1].lower() + detail[1:]
            # Translators: {detail} is the TOML reader's own description of the mistake, in English.
            problem = _("{detail} (column {column})").format(detail=detail, column=match.group(2))
            raise RoutineError(source, int(match.group(1)), problem) from None
        raise RoutineError(source, None, _("not valid TOML: {detail}").format(detail=message)) from None
    reader = Reader(data, flat_lines(key_lines(text)), source)
    routine = reader.routine(name)
    translations = read_translations(reader, data, routine)
    code = pick_translation(translations, languages)
    return translated(routine, code, translations[code]) if code is not None else routine


def flat_lines(lines: Mapping[Path, int]) -> dict[Path, int]:
    """Return the line map with dotted table names split: ("translations.de", "title") becomes
    ("translations", "de", "title"), the path the reader asks for."""
    return {_flat(path): number for path, number in lines.items()}


def _flat(path: Path) -> Path:
    if path and isinstance(path[0], str) and "." in path[0]:
        return (*path[0].split("."), *path[1:])
    return path


class Reader:
    """Checks the parsed mapping against the schema, pointing each error at its line."""

    def __init__(self, data: Mapping[str, Any], lines: Mapping[Path, int], source: str) -> None:
        self.data = data
        self.lines = lines
        self.source = source

    def fail(self, path: Path, message: str) -> RoutineError:
        """Return the error for `path`, at its line or, when the key itself is missing, its table's."""
        path = _flat(path)
        while path and path not in self.lines:
            path = path[:-1]
        return RoutineError(self.source, self.lines.get(path), message)

    def text(self, table: Mapping[str, Any], path: Path, limit: int, required: bool = False) -> str:
        """Return the text at `path` in `table` ("" when left out), checked against `limit` characters."""
        key = path[-1]
        if key not in table:
            if required:
                raise self.fail(path, _("missing '{key}' (text)").format(key=key))
            return ""
        value = table[key]
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(path, _("'{key}' must be text, got {value}").format(key=key, value=repr(value)))
        if len(value) > limit:
            raise self.fail(
                path,
                ngettext(
                    "'{key}' is {length} character long; keep it to {limit}",
                    "'{key}' is {length} characters long; keep it to {limit}",
                    len(value),
                ).format(key=key, length=len(value), limit=limit),
            )
        return value.strip()

    def text_list(self, table: Mapping[str, Any], path: Path, limit: int) -> tuple[str, ...]:
        """Return the list of texts at `path` in `table` (() when left out), each checked against `limit`."""
        key = path[-1]
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            raise self.fail(
                path,
                _("'{key}' must be a list of texts like [\"Stay tall.\"], got {value}").format(
                    key=key, value=repr(value)
                ),
            )
        if len(value) > MAX_LIST:
            raise self.fail(
                path,
                ngettext(
                    "'{key}' has {count} entry; keep it to {limit}",
                    "'{key}' has {count} entries; keep it to {limit}",
                    len(value),
                ).format(key=key, count=len(value), limit=MAX_LIST),
            )
        for item in value:
            if len(item) > limit:
                raise self.fail(
                    path,
                    ngettext(
                        "an entry of '{key}' is {length} character long; keep it to {limit}",
                        "an entry of '{key}' is {length} characters long; keep it to {limit}",
                        len(item),
                    ).format(key=key, length=len(item), limit=limit),
                )
        return tuple(item.strip() for item in value)

    def unknown_keys(self, table: Mapping[str, Any], path: Path, known: Sequence[str]) -> None:
        """Refuse the first key of `table` that is not in `known`."""
        for key in table:
            if key not in known:
                raise self.fail(
                    (*path, key),
                    _("unknown key '{key}'; known keys: {known}").format(key=key, known=", ".join(known)),
                )

    def routine(self, name: str) -> Routine:
        """Return the routine the whole document describes, in the file's own language."""
        data = self.data
        self.unknown_keys(data, (), TOP_KEYS)
        title = self.text(data, ("title",), LIMITS["title"], required=True)
        raw_phases = data.get("phase")
        if not isinstance(raw_phases, list) or not raw_phases:
            raise self.fail(("phase",), _("needs at least one [[phase]] table"))
        if len(raw_phases) > MAX_PHASES:
            raise self.fail(
                ("phase", MAX_PHASES),
                ngettext(
                    "has {count} phase; keep it to {limit}",
                    "has {count} phases; keep it to {limit}",
                    len(raw_phases),
                ).format(count=len(raw_phases), limit=MAX_PHASES),
            )
        phases = tuple(self.phase(raw, index) for index, raw in enumerate(raw_phases))
        if not any(spec.kind == "hold" for spec in phases):
            raise self.fail(("phase", 0), _('needs at least one phase with kind = "hold"'))
        return Routine(
            name=name,
            title=title,
            phases=phases,
            why=self.text(data, ("why",), LIMITS["why"]),
            stop=self.text(data, ("stop",), LIMITS["stop"]),
            not_feeling_it=self.text_list(data, ("not_feeling_it",), LIMITS["cue"]),
            reasons=self.text_list(data, ("reasons",), LIMITS["reason"]),
        )

    def phase(self, raw: Any, index: int) -> PhaseSpec:
        """Return [[phase]] number `index` (from 0), checked."""
        path: Path = ("phase", index)
        if not isinstance(raw, Mapping):
            raise self.fail(path, _("each phase must be a [[phase]] table"))
        self.unknown_keys(raw, path, PHASE_KEYS)
        kind = raw.get("kind")
        if kind not in PHASE_KINDS:
            raise self.fail(
                (*path, "kind"),
                _("phase needs a 'kind' of {choices}, got {value}").format(
                    choices="/".join(PHASE_KINDS), value=repr(kind)
                ),
            )
        self.side(raw.get("side"), kind, (*path, "side"))
        seconds = raw.get("seconds")
        if seconds is not None and (
            isinstance(seconds, bool)
            or not isinstance(seconds, int | float)
            or not 0 < seconds <= MAX_PHASE_SECONDS
        ):
            raise self.fail(
                (*path, "seconds"),
                _("'seconds' must be a number above 0 and at most {limit}, got {value}").format(
                    limit=f"{MAX_PHASE_SECONDS:g}", value=repr(seconds)
                ),
            )
        cues = self.text_list(raw, (*path, "cues"), LIMITS["cue"])
        if cues and kind != "hold":
            raise self.fail(
                (*path, "cues"), _("only 'hold' phases show cues; this phase is '{kind}'").format(kind=kind)
            )
        say_cues = self.text_list(raw, (*path, "say_cues"), LIMITS["say"])
        self.one_per_cue(say_cues, len(cues), (*path, "say_cues"))
        return PhaseSpec(
            kind=kind,
            title=self.text(raw, (*path, "title"), LIMITS["title"], required=True),
            side=raw.get("side"),
            seconds=float(seconds) if seconds is not None else None,
            position=self.text(raw, (*path, "position"), LIMITS["position"]),
            instruction=self.text(raw, (*path, "instruction"), LIMITS["instruction"]),
            cues=cues,
            say=self.text(raw, (*path, "say"), LIMITS["say"]),
            say_cues=say_cues,
        )

    def side(self, side: Any, kind: str, path: Path) -> None:
        """Refuse a side other than left/right, and a hold without one."""
        if side is None and kind == "hold":
            raise self.fail(path, _("phase 'hold' needs a 'side' of left/right"))
        if side is not None and side not in SIDES:
            if kind == "hold":
                message = _("phase 'hold' needs a 'side' of left/right, got {value}")
            else:
                message = _("phase '{kind}' may have a 'side' of left/right, got {value}")
            raise self.fail(path, message.format(kind=kind, value=repr(side)))

    def one_per_cue(self, say_cues: Sequence[str], cues: int, path: Path) -> None:
        """Refuse spoken cues that are not one for each cue shown."""
        if say_cues and len(say_cues) != cues:
            raise self.fail(
                path,
                ngettext(
                    "'say_cues' needs one spoken form per cue: {cues} cue, {given} given",
                    "'say_cues' needs one spoken form per cue: {cues} cues, {given} given",
                    cues,
                ).format(cues=cues, given=len(say_cues)),
            )
