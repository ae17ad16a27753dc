"""A routine file carries translations of its texts, picked by the user's language, checked like the rest."""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources

import pytest

from hipbreak import language
from hipbreak.adapters.routine_files import load_routine
from hipbreak.core.routine import PhaseSpec, Routine, RoutineError, build_plan
from hipbreak.core.routine_schema import parse_routine
from hipbreak.core.routine_translations import GROWTH

LANGUAGES = ("de", "es", "fr", "pt_BR")
# The words that name each side in each language: a hold must name its own side and never the other.
SIDE_WORDS = {
    "de": ("link", "recht"),
    "es": ("izquierd", "derech"),
    "fr": ("gauche", "droit"),
    "pt_BR": ("esquerd", "direit"),
}


def builtin_text() -> str:
    return resources.files("hipbreak").joinpath("routines/hip-flexor.toml").read_text("utf-8")


def texts_of(phase: PhaseSpec) -> list[str]:
    return [phase.title, phase.position, phase.instruction, phase.say, *phase.cues, *phase.say_cues]


def all_texts(routine: Routine) -> list[str]:
    found = [routine.title, routine.why, routine.stop, *routine.not_feeling_it, *routine.reasons]
    for phase in routine.phases:
        found += texts_of(phase)
    return [text for text in found if text]


@pytest.fixture
def speaking() -> Iterator[None]:
    """Let a test choose the process's language; English again afterwards, as the other tests expect."""
    yield
    language.choose({"LANGUAGE": "en"})


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_builtin_routine_is_translated_whole(code: str) -> None:
    english = parse_routine(builtin_text(), "hip-flexor", "hip-flexor.toml")
    translated = parse_routine(builtin_text(), "hip-flexor", "hip-flexor.toml", [code])
    assert translated.language == code and english.language == ""
    pairs = list(zip(all_texts(english), all_texts(translated), strict=True))
    assert all(ours != theirs for ours, theirs in pairs), [p for p in pairs if p[0] == p[1]]
    # The same facts in every language: the numbers of the stretch are kept.
    assert "90°" in translated.phases[0].instruction and "90°" in translated.phases[2].instruction
    assert re.search(r"\b3\D{1,3}7 cm\b", translated.not_feeling_it[2])  # 1–3 inches, never more
    assert "30" in translated.reasons[4]
    assert [(p.kind, p.side, p.seconds) for p in translated.phases] == [
        (p.kind, p.side, p.seconds) for p in english.phases
    ]


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_hold_names_its_own_side_and_never_the_other(code: str) -> None:
    routine = parse_routine(builtin_text(), "hip-flexor", "hip-flexor.toml", [code])
    left, right = SIDE_WORDS[code]
    for phase in routine.phases:
        if phase.kind != "hold":
            continue
        own, other = (left, right) if phase.side == "left" else (right, left)
        for text in (phase.title, phase.position, phase.say, phase.cues[2], phase.say_cues[2]):
            assert own in text.lower() and other not in text.lower(), (code, text)
    # Getting ready for a side: that knee down, the other foot in front, said and shown.
    prepare, switch = routine.phases[0], routine.phases[2]
    for phase, knee, foot in ((prepare, left, right), (switch, right, left)):
        for text in (phase.instruction, phase.say):
            words = text.lower()
            assert words.index(knee) < words.index(foot), (code, text)


def test_the_translation_follows_the_users_languages_in_order() -> None:
    text = builtin_text()

    def title(*languages: str) -> str:
        return parse_routine(text, "hip-flexor", "hip-flexor.toml", languages).title

    assert title() == "Hip-flexor stretch"
    assert title("de") == "Hüftbeuger-Dehnung"
    assert title("pt_BR", "pt") == "Alongamento dos flexores do quadril"
    assert title("pt") == "Hip-flexor stretch"  # no Portuguese of Portugal: the routine's own words
    assert title("it", "fr") == "Étirement des fléchisseurs de la hanche"


def test_the_loader_reads_the_users_languages(speaking: None) -> None:
    language.choose({"LANGUAGE": "pt_BR.UTF-8:de"})
    assert language.wanted_languages() == ("pt_BR", "pt", "de")
    assert load_routine("hip-flexor").language == "pt_BR"
    language.choose({"LANG": "de_AT.UTF-8"})
    assert load_routine("hip-flexor").title == "Hüftbeuger-Dehnung"
    language.choose({"LANGUAGE": "en:de"})
    assert language.wanted_languages() == ()
    assert load_routine("hip-flexor").language == ""
    assert load_routine("hip-flexor", languages=["es"]).title == "Estiramiento de flexores de cadera"


MINE = """\
title = "Mine"
stop = "Stop if it hurts."
not_feeling_it = ["Reach up.", "Press down."]

[[phase]]
kind = "prepare"
title = "Get set"
instruction = "Kneel down."
say = "Get set now."

[[phase]]
kind = "hold"
title = "Hold left"
side = "left"
cues = ["Stay tall.", "Squeeze."]
say_cues = ["Tall.", "Squeeze."]

[translations.de]
title = "Meins"
not_feeling_it = ["Streck dich.", "Drück nach unten."]

[[translations.de.phase]]
title = "Bereit machen"

[[translations.de.phase]]
cues = ["Bleib aufrecht.", "Anspannen."]
"""


def test_a_translation_may_leave_texts_out_and_the_voice_follows_what_is_shown() -> None:
    routine = parse_routine(MINE, "mine", "mine.toml", ["de"])
    assert routine.title == "Meins" and routine.stop == "Stop if it hurts."  # left out: the own words
    prepare, hold = routine.phases
    assert prepare.title == "Bereit machen" and prepare.instruction == "Kneel down."
    assert prepare.say == ""  # the spoken form of the English title would not match: built from the words
    assert hold.title == "Hold left" and hold.cues == ("Bleib aufrecht.", "Anspannen.")
    assert hold.say_cues == ()  # the translated cues are said as shown
    plan = build_plan(routine, 30, 5)
    assert plan[1].position == "LEFT leg back" and plan[-1].title == "Done"  # the catalog's words


def with_line(text: str, line: int, new: str) -> str:
    lines = text.splitlines()
    lines[line - 1] = new
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (MINE + "kind = 'hold'\n", "line 27: unknown key 'kind'; known keys: title, position, instruction"),
        (
            MINE.replace("[translations.de]", "[translations.de-DE]"),
            "line 18: 'de-DE' is not a language code",
        ),
        (
            MINE + "\n[[translations.de.phase]]\ntitle = 'x'\n",
            "line 28: needs one [[translations.de.phase]] per [[phase]], in order: 2 phases, 3 given",
        ),
        (
            with_line(MINE, 26, 'cues = ["Bleib aufrecht."]'),
            "line 26: 'cues' needs one translation per entry of the routine's own 'cues': 2 there, 1 given",
        ),
        (
            with_line(MINE, 20, 'not_feeling_it = ["Streck dich."]'),
            "line 20: 'not_feeling_it' needs one translation per entry of the routine's own",
        ),
        (
            with_line(MINE, 19, 'title = "' + "T" * (round(40 * GROWTH) + 1) + '"'),
            "line 19: 'title' is 61 characters long; keep it to 60",
        ),
        (
            MINE + "say_cues = ['Eins.']\n",
            "line 27: 'say_cues' needs one spoken form per cue: 2 cues, 1 given",
        ),
        (
            "translations = 3\n" + MINE[: MINE.index("[translations.de]")],
            "line 1: 'translations' must hold one",
        ),
        (with_line(MINE, 19, "titel = 'Meins'"), "line 19: unknown key 'titel'; known keys: title, why"),
    ],
)
def test_each_mistake_in_a_translation_gets_one_line_naming_the_file_and_line(text: str, error: str) -> None:
    with pytest.raises(RoutineError) as caught:
        parse_routine(text, "mine", "mine.toml")  # checked even when nobody reads that language
    message = str(caught.value)
    assert "\n" not in message and message.startswith("mine.toml")
    assert error in message, message
