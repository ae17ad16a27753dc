"""The built-in routine carries every fact of the stretch it teaches, in its own words; spoken forms parse."""

from __future__ import annotations

from importlib import resources

import pytest

from hipbreak.adapters.routine_files import load_routine
from hipbreak.core.routine import RoutineError, build_plan
from hipbreak.core.routine_schema import parse_routine

# Each fact, and words that must all appear (case-insensitive) in one text of the routine that says it.
FACTS: dict[str, tuple[str, ...]] = {
    "sitting shortens the hip flexors": ("sitting", "shortens", "hip flexors"),
    "they tip the top of the pelvis forward": ("tip", "top of the pelvis", "forward"),
    "the thigh bone moves forward in the socket": ("thigh bone", "forward", "socket"),
    "tight hip flexors keep the glutes from working": ("hip flexors", "glutes", "working"),
    "with tight thighs that leads to back, knee, joint and nerve trouble": ("back", "knee", "nerve"),
    "stay tall, do not lean": ("stay tall", "lean"),
    "why not: leaning pushes the thigh bone forward in the socket": (
        "leaning",
        "thigh bone",
        "front",
        "socket",
    ),
    "why not: the hip flexors tighten to protect the joint": ("tighten", "protect", "joint"),
    "why not: so the stretch makes them worse": ("leaning stretch", "tighter"),
    "both knees at 90 degrees": ("both knees", "90°"),
    "brace as if for a punch, do not suck in": ("brace", "punch", "suck"),
    "squeeze the glute of the back leg": ("squeeze", "glute", "back"),
    "tip the pelvis back": ("tip", "pelvis back"),
    "tipping back moves the thigh bone back so the flexors relax and glutes work": (
        "thigh bone back",
        "let go",
        "glutes",
    ),
    "progression 1: arm up and squeeze the glute even harder": ("arm", "straight up", "even harder"),
    "progression 2: hands press on the front knee, core not arms": (
        "hands",
        "front knee",
        "core",
        "not your arms",
    ),
    "progression 3: lean 1–3 inches only while the tilt holds": (
        "lean",
        "1–3 inches",
        "only while",
        "tipped back",
    ),
    "hold 30 seconds a side": ("30 seconds", "each side"),
    "then switch": ("switch",),
    "do it often, tied to the daily goal": ("often", "sit for work", "daily goal"),
    "stop if it hurts": ("stop if it hurts",),
}


def routine_texts() -> list[str]:
    routine = load_routine("hip-flexor", None)
    texts = [routine.title, routine.why, routine.stop, *routine.not_feeling_it, *routine.reasons]
    for phase in routine.phases:
        texts += [phase.title, phase.position, phase.instruction, *phase.cues, phase.say, *phase.say_cues]
    return [text.lower() for text in texts if text]


@pytest.mark.parametrize(("fact", "words"), FACTS.items(), ids=list(FACTS))
def test_the_routine_says_each_fact(fact: str, words: tuple[str, ...]) -> None:
    assert any(all(word.lower() in text for word in words) for text in routine_texts()), fact


def test_the_why_panel_has_the_reason_for_not_leaning_and_the_progressions_are_in_order() -> None:
    routine = load_routine("hip-flexor", None)
    assert any("leaning" in reason.lower() and "protect" in reason for reason in routine.reasons)
    arm, hands, lean = routine.not_feeling_it
    assert "arm" in arm and "even harder" in arm
    assert "front knee" in hands and "core" in hands
    assert "1–3 inches" in lean


def test_every_phase_of_the_builtin_routine_has_a_spoken_form() -> None:
    routine = load_routine("hip-flexor", None)
    for phase in build_plan(routine, 30, 10)[:-1]:
        assert phase.say, phase.title
        if phase.kind == "hold":
            assert len(phase.say_cues) == len(phase.cues)
    assert [p.say for p in routine.phases if p.kind == "hold"] == ["Left knee down.", "Right knee down."]


def test_the_file_has_no_sentence_of_the_source_article() -> None:
    text = resources.files("hipbreak").joinpath("routines/hip-flexor.toml").read_text("utf-8").lower()
    for phrase in (
        "back of the bus",
        "flying out of the joint",
        "resist the urge",
        "beautiful and functional",
    ):
        assert phrase not in text


BASE = """\
title = "Mine"

[[phase]]
kind = "hold"
title = "Hold"
side = "left"
cues = ["One", "Two"]
"""


def test_a_routine_of_ones_own_may_give_spoken_forms_and_reasons() -> None:
    text = BASE + 'say = "Go."\nsay_cues = ["Uno.", "Dos."]\n'
    routine = parse_routine('reasons = ["Because."]\n' + text, "mine", "mine.toml")
    assert routine.reasons == ("Because.",)
    assert routine.phases[0].say == "Go." and routine.phases[0].say_cues == ("Uno.", "Dos.")


def test_spoken_cues_must_match_the_cues_one_for_one() -> None:
    with pytest.raises(RoutineError) as caught:
        parse_routine(BASE + 'say_cues = ["Uno."]\n', "mine", "mine.toml")
    assert str(caught.value) == "mine.toml line 8: 'say_cues' needs one spoken form per cue: 2 cues, 1 given"
