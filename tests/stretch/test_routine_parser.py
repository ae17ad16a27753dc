"""Routines as data: the built-in file, the phase plan, and one clear line-numbered error per mistake."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from hipbreak.adapters.routine_files import builtin_names, load_routine
from hipbreak.core.routine import DEFAULT_SWITCH_SECONDS, RoutineError, build_plan, cue_index
from hipbreak.core.routine_schema import parse_routine
from hipbreak.core.toml_lines import key_lines

GOOD = """\
title = "Mine"
why = "Because."
stop = "Stop if it hurts."
not_feeling_it = ["Reach up."]

[[phase]]
kind = "prepare"
title = "Get set"
side = "left"

[[phase]]
kind = "hold"
title = "Hold left"
side = "left"
cues = [
    "One = two",
    "Two",
]

[[phase]]
kind = "switch"
title = "Swap"

[[phase]]
kind = "hold"
title = "Hold right"
side = "right"
seconds = 12
"""


def builtin_text() -> str:
    return resources.files("hipbreak").joinpath("routines").joinpath("hip-flexor.toml").read_text("utf-8")


def test_the_builtin_routine_ships_and_holds_the_hip_flexor_stretch() -> None:
    assert "hip-flexor" in builtin_names()
    routine = load_routine("hip-flexor")
    assert routine.title == "Hip-flexor stretch"
    assert [(p.kind, p.title, p.side) for p in routine.phases] == [
        ("prepare", "Get into position", "left"),
        ("hold", "Left side hold", "left"),
        ("switch", "Switch sides", "right"),
        ("hold", "Right side hold", "right"),
    ]
    left = routine.phases[1]
    assert len(left.cues) == 4 and "(left)" in left.cues[2] and "(right)" in routine.phases[3].cues[2]
    assert left.position == "LEFT knee down, left leg back"
    assert len(routine.not_feeling_it) == 3 and "1–3 inches" in routine.not_feeling_it[2]
    assert "pelvis forward" in routine.why and routine.stop.startswith("Stop if it hurts")


def test_the_plan_fills_in_durations_and_ends_with_done() -> None:
    plan = build_plan(load_routine("hip-flexor"), hold=30, prepare=10)
    assert [(p.title, p.seconds) for p in plan] == [
        ("Get into position", 10.0),
        ("Left side hold", 30.0),
        ("Switch sides", 5.0),
        ("Right side hold", 30.0),
        ("Done", 0.0),
    ]
    assert plan[-1].kind == "done" and not plan[-1].timed and plan[-1].side is None


def test_a_zero_prepare_is_left_out_and_fixed_seconds_win() -> None:
    plan = build_plan(parse_routine(GOOD, "mine", "mine.toml"), hold=20, prepare=0)
    assert [(p.title, p.seconds) for p in plan] == [
        ("Hold left", 20.0),
        ("Swap", DEFAULT_SWITCH_SECONDS),
        ("Hold right", 12.0),
        ("Done", 0.0),
    ]
    assert plan[0].position == "LEFT leg back" and plan[1].position == ""


@pytest.mark.parametrize(
    ("hold", "prepare"), [(0, 5), (-1, 5), (float("nan"), 5), (10, -1), (10, float("inf"))]
)
def test_the_plan_refuses_impossible_durations(hold: float, prepare: float) -> None:
    with pytest.raises(ValueError):
        build_plan(load_routine("hip-flexor"), hold, prepare)


def test_cues_take_equal_turns_in_order() -> None:
    assert [cue_index(t, 30, 4) for t in (0, 7.4, 7.5, 15, 22.5, 29.9, 31)] == [0, 0, 1, 2, 3, 3, 3]
    assert cue_index(5, 30, 1) == 0 and cue_index(5, 30, 0) == 0


def with_line(text: str, line: int, new: str) -> str:
    lines = text.splitlines()
    lines[line - 1] = new
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (with_line(GOOD, 14, ""), "line 11: phase 'hold' needs a 'side' of left/right"),
        (
            with_line(GOOD, 14, 'side = "middle"'),
            "line 14: phase 'hold' needs a 'side' of left/right, got 'middle'",
        ),
        (
            with_line(GOOD, 7, 'kind = "jump"'),
            "line 7: phase needs a 'kind' of prepare/hold/switch, got 'jump'",
        ),
        (with_line(GOOD, 28, "seconds = 0"), "line 28: 'seconds' must be a number above 0 and at most 600"),
        (with_line(GOOD, 28, 'seconds = "12"'), "line 28: 'seconds' must be a number"),
        (with_line(GOOD, 28, "sekonds = 12"), "line 28: unknown key 'sekonds'; known keys: kind, title"),
        (with_line(GOOD, 2, 'wy = "x"'), "line 2: unknown key 'wy'; known keys: title, why"),
        (with_line(GOOD, 1, "title = 3"), "line 1: 'title' must be text, got 3"),
        (with_line(GOOD, 1, ""), "mine.toml: missing 'title' (text)"),
        (with_line(GOOD, 4, "not_feeling_it = [1]"), "line 4: 'not_feeling_it' must be a list of texts"),
        (with_line(GOOD, 22, 'title = "Swap"\ncues = ["x"]'), "line 23: only 'hold' phases show cues"),
        (
            with_line(GOOD, 17, '    "Two",\n    "' + "x" * 121 + '",'),
            "line 15: an entry of 'cues' is 121 characters",
        ),
        (
            with_line(GOOD, 13, 'title = "' + "T" * 41 + '"'),
            "line 13: 'title' is 41 characters long; keep it to 40",
        ),
        (with_line(GOOD, 16, '    "One = two",,'), "line 16: "),
        (with_line(GOOD, 8, "title = Get set"), "line 8: invalid value (column 9)"),
        (
            GOOD.replace('kind = "hold"', 'kind = "prepare"').replace("cues = [", "x = ["),
            "line 15: unknown key 'x'",
        ),
        ('title = "x"\n', "mine.toml: needs at least one [[phase]] table"),
        (
            'title = "x"\n\n[[phase]]\nkind = "prepare"\ntitle = "a"\n',
            "line 3: needs at least one phase with kind",
        ),
    ],
)
def test_each_mistake_gets_one_line_naming_the_file_and_line(text: str, error: str) -> None:
    with pytest.raises(RoutineError) as caught:
        parse_routine(text, "mine", "mine.toml")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("mine.toml")
    assert error in message, message


def test_the_line_map_skips_over_values_that_span_lines() -> None:
    text = (
        'a = """\nb = 1\n"""\nc = [\n  "d = 2", { e = 3 },\n]\n"f.g" = 1\nh.i = 2 # j = 3\n'
        "[t]\nk = 'l = ['\n[[p]]\n[[p]]\nm = 1\n"
    )
    assert key_lines(text) == {
        ("a",): 1,
        ("c",): 4,
        ("f.g",): 7,
        ("h", "i"): 8,
        ("t",): 9,
        ("t", "k"): 10,
        ("p", 0): 11,
        ("p", 1): 12,
        ("p", 1, "m"): 13,
    }


def test_the_line_map_matches_the_builtin_file() -> None:
    text = builtin_text()
    lines = text.splitlines()
    for path, number in key_lines(text).items():
        line = lines[number - 1].strip()
        if isinstance(path[-1], int):
            assert line == f"[[{path[0]}]]"
        elif line.startswith("["):
            assert path == (line.strip("[]"),)  # a table of its own, like [translations.de]
        else:
            assert line.startswith(f"{path[-1]} =")


def test_a_users_routine_comes_from_their_folder_first(tmp_path: Path) -> None:
    (tmp_path / "hip-flexor.toml").write_text(GOOD, "utf-8")
    (tmp_path / "broken.toml").write_text(with_line(GOOD, 14, ""), "utf-8")
    assert load_routine("hip-flexor", tmp_path).title == "Mine"
    assert load_routine("hip-flexor").title == "Hip-flexor stretch"
    with pytest.raises(RoutineError, match=r"broken\.toml line 11: phase 'hold' needs"):
        load_routine("broken", tmp_path)
    with pytest.raises(
        RoutineError, match=r"no routine named 'absent' in .* or among the built-ins \(hip-flexor"
    ):
        load_routine("absent", tmp_path)
    with pytest.raises(RoutineError, match="only letters, digits"):
        load_routine("../hip-flexor", tmp_path)
