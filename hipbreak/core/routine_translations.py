"""A routine file's translations of its own texts: `[translations.<lang>]` tables, checked, picked, applied.

A translation has the text keys of the top level and one `[[translations.<lang>.phase]]` per `[[phase]]`,
in the same order; any key may be left out, and that text stays in the routine's own language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from hipbreak.core.routine import TEXT_LIMITS, PhaseSpec, Routine, RoutineError
from hipbreak.language import _, ngettext

# Other languages say the same in more letters than English: up to half as long again.
GROWTH = 1.5
TEXT_KEYS = ("title", "why", "stop", "not_feeling_it", "reasons", "phase")
PHASE_TEXT_KEYS = ("title", "position", "instruction", "cues", "say", "say_cues")
_CODE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2}|_[A-Z][a-z]{3})?$")  # de, pt_BR, sr_Latn: catalog names

Texts = Mapping[str, Any]  # key -> a text or a tuple of texts


class Checks(Protocol):
    """The schema reader's checks, which a translation's texts pass like the routine's own."""

    def fail(self, path: tuple[Any, ...], message: str) -> RoutineError: ...

    def text(
        self, table: Mapping[str, Any], path: tuple[Any, ...], limit: int, required: bool = False
    ) -> str: ...

    def text_list(self, table: Mapping[str, Any], path: tuple[Any, ...], limit: int) -> tuple[str, ...]: ...

    def unknown_keys(self, table: Mapping[str, Any], path: tuple[Any, ...], known: Sequence[str]) -> None: ...

    def one_per_cue(self, say_cues: Sequence[str], cues: int, path: tuple[Any, ...]) -> None: ...


@dataclass(frozen=True)
class Translation:
    """One language's texts, by key, and each phase's; a key left out keeps the routine's own text."""

    texts: Texts
    phases: tuple[Texts, ...] = ()


def limit(key: str) -> int:
    """The longest a translated text under `key` may be ("cue", "title", …)."""
    return round(TEXT_LIMITS[key] * GROWTH)


def read_translations(checks: Checks, data: Mapping[str, Any], routine: Routine) -> dict[str, Translation]:
    """Return every translation in the document `data` of `routine`, by language code, each checked."""
    raw = data.get("translations", {})
    if not isinstance(raw, Mapping):
        raise checks.fail(
            ("translations",), _("'translations' must hold one table per language, like [translations.de]")
        )
    found: dict[str, Translation] = {}
    for code, table in raw.items():
        path = ("translations", code)
        if not _CODE.match(code):
            raise checks.fail(path, _("'{code}' is not a language code like de or pt_BR").format(code=code))
        if not isinstance(table, Mapping):
            raise checks.fail(path, _("[translations.{code}] must be a table of texts").format(code=code))
        found[code] = _translation(checks, table, path, routine)
    return found


def pick_translation(translations: Mapping[str, Translation], languages: Sequence[str]) -> str | None:
    """Return the first of `languages` (most wanted first, "pt_BR" before "pt") translated, else None."""
    return next((code for code in languages if code in translations), None)


def translated(routine: Routine, code: str, translation: Translation) -> Routine:
    """Return `routine` with the texts of `translation` (language `code`) in place of its own."""
    phases = routine.phases
    if translation.phases:
        phases = tuple(_phase_in(spec, texts) for spec, texts in zip(phases, translation.phases, strict=True))
    return replace(routine, **dict(translation.texts), phases=phases, language=code)


def _phase_in(spec: PhaseSpec, texts: Texts) -> PhaseSpec:
    changes = dict(texts)
    # The voice says what the window shows: a spoken form left out follows the translated words.
    if "say" not in texts and texts.keys() & {"title", "position", "instruction"}:
        changes["say"] = ""
    if "say_cues" not in texts and "cues" in texts:
        changes["say_cues"] = ()
    return replace(spec, **changes)


def _translation(
    checks: Checks, table: Mapping[str, Any], path: tuple[Any, ...], routine: Routine
) -> Translation:
    checks.unknown_keys(table, path, TEXT_KEYS)
    texts: dict[str, Any] = {}
    for key in ("title", "why", "stop"):
        text = checks.text(table, (*path, key), limit(key))
        if text:
            texts[key] = text
    for key, kind, entries in (
        ("not_feeling_it", "cue", routine.not_feeling_it),
        ("reasons", "reason", routine.reasons),
    ):
        if key in table:
            texts[key] = _same_count(
                checks, (*path, key), checks.text_list(table, (*path, key), limit(kind)), entries
            )
    if "phase" not in table:
        return Translation(texts)
    raw = table["phase"]
    code = path[-1]
    if not isinstance(raw, list) or not all(isinstance(item, Mapping) for item in raw):
        message = _("each phase of a translation must be a [[translations.{code}.phase]] table")
        raise checks.fail((*path, "phase"), message.format(code=code))
    own = len(routine.phases)
    if len(raw) != own:
        where = (*path, "phase", own if len(raw) > own else len(raw) - 1)  # the first extra, or the last
        message = ngettext(
            "needs one [[translations.{code}.phase]] per [[phase]], in order: {own} phase, {given} given",
            "needs one [[translations.{code}.phase]] per [[phase]], in order: {own} phases, {given} given",
            own,
        )
        raise checks.fail(where, message.format(code=code, own=own, given=len(raw)))
    phases = tuple(
        _phase(checks, item, (*path, "phase", index), spec)
        for index, (item, spec) in enumerate(zip(raw, routine.phases, strict=True))
    )
    return Translation(texts, phases)


def _phase(checks: Checks, raw: Mapping[str, Any], path: tuple[Any, ...], spec: PhaseSpec) -> Texts:
    checks.unknown_keys(raw, path, PHASE_TEXT_KEYS)
    texts: dict[str, Any] = {}
    for key in ("title", "position", "instruction", "say"):
        text = checks.text(raw, (*path, key), limit(key))
        if text:
            texts[key] = text
    if "cues" in raw:
        texts["cues"] = _same_count(
            checks, (*path, "cues"), checks.text_list(raw, (*path, "cues"), limit("cue")), spec.cues
        )
    if "say_cues" in raw:
        say_cues = checks.text_list(raw, (*path, "say_cues"), limit("say"))
        checks.one_per_cue(say_cues, len(spec.cues), (*path, "say_cues"))
        texts["say_cues"] = say_cues
    return texts


def _same_count(
    checks: Checks, path: tuple[Any, ...], given: tuple[str, ...], own: tuple[str, ...]
) -> tuple[str, ...]:
    if len(given) != len(own):
        # Translators: {key} is a key of the routine file, kept in English ("cues", "reasons").
        message = _(
            "'{key}' needs one translation per entry of the routine's own '{key}': {own} there, {given} given"
        )
        raise checks.fail(path, message.format(key=path[-1], own=len(own), given=len(given)))
    return given
