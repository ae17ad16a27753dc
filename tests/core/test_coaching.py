"""The coach: what is said in each phase and when, on the phase's own clock, never behind it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hipbreak.core.coaching import COUNTDOWN_TEXT, Coach, done_line, opening, phase_lines
from hipbreak.core.routine import Phase, cue_index

CUES = ("Stay tall. Don't lean.", "Brace your belly.", "Squeeze the back glute.", "Tip the pelvis back.")
SPOKEN = ("Stay tall.", "Brace as if for a punch.", "Squeeze your left glute.", "Tip your pelvis back.")


def hold(seconds: float = 30.0, say: str = "Left knee down.", say_cues: tuple[str, ...] = SPOKEN) -> Phase:
    return Phase("hold", "Left side hold", "left", seconds, "LEFT", "", CUES, say=say, say_cues=say_cues)


def test_a_hold_speaks_its_opening_with_the_first_cue_then_each_cue_and_ten_seconds() -> None:
    lines = phase_lines(hold(30.0), "on")
    assert [(line.at, line.text) for line in lines] == [
        (0.0, "Left knee down. Stay tall."),
        (7.5, "Brace as if for a punch."),
        (15.0, "Squeeze your left glute."),
        (20.0, COUNTDOWN_TEXT),
        (22.5, "Tip your pelvis back."),
    ]


def test_cues_only_speaks_the_cues_and_nothing_else() -> None:
    assert [line.text for line in phase_lines(hold(30.0), "cues-only")] == list(SPOKEN)
    switch = Phase("switch", "Switch sides", "right", 5.0, "", "Swap legs.", say="Switch sides.")
    assert phase_lines(switch, "cues-only") == ()


def test_off_speaks_nothing_and_a_bad_mode_is_refused() -> None:
    assert phase_lines(hold(), "off") == ()
    with pytest.raises(ValueError, match="on, cues-only, off"):
        phase_lines(hold(), "loud")


def test_without_spoken_forms_the_written_texts_are_spoken() -> None:
    lines = phase_lines(hold(30.0, say="", say_cues=()), "on")
    assert lines[0].text == f"Left side hold. {CUES[0]}"
    assert [line.text for line in lines if line.kind == "cue"] == list(CUES[1:])
    prepare = Phase("prepare", "Get into position", "left", 10.0, "", "Kneel on your left knee.")
    assert opening(prepare) == "Get into position. Kneel on your left knee."


def test_the_countdown_is_left_out_of_a_short_hold_or_where_a_cue_starts() -> None:
    assert COUNTDOWN_TEXT not in [line.text for line in phase_lines(hold(11.0), "on")]
    assert COUNTDOWN_TEXT not in [line.text for line in phase_lines(hold(20.0), "on")]  # cue 3 at 10 s


def test_the_done_line_counts_the_break_only_when_it_counted() -> None:
    assert done_line(True, 3, 8) == "Done. Break 4 of 8 today."
    assert "did not count" in done_line(False, 3, 8)


@given(
    seconds=st.floats(min_value=0.5, max_value=600, allow_nan=False),
    count=st.integers(min_value=1, max_value=8),
)
def test_each_cue_is_spoken_no_earlier_than_the_window_shows_it(seconds: float, count: int) -> None:
    phase = Phase("hold", "Hold", "left", seconds, "", "", tuple(f"cue {i}" for i in range(count)))
    cue_lines = [line for line in phase_lines(phase, "cues-only")]
    assert len(cue_lines) == count
    for index, line in enumerate(cue_lines):
        assert cue_index(line.at, seconds, count) == index


@given(
    seconds=st.floats(min_value=1.0, max_value=120, allow_nan=False),
    ticks=st.lists(st.floats(min_value=0.0, max_value=5.0, allow_nan=False), min_size=1, max_size=60),
)
def test_the_coach_never_runs_behind_the_clock(seconds: float, ticks: list[float]) -> None:
    """However late and uneven the ticks, a line is only said once it is due, at most once, and the
    time it is given ends when the next line is due; lines that came due together give way to the newest."""
    coach = Coach("on")
    phase = hold(seconds)
    coach.enter(phase)
    lines = phase_lines(phase, "on")
    said = []
    elapsed = 0.0
    for step in ticks:
        elapsed += step
        due = coach.due(elapsed)
        if due is None:
            continue
        line, budget = due
        assert line.at <= elapsed
        later = [other.at for other in lines if other.at > line.at]
        assert budget == pytest.approx(max(0.0, (later[0] if later else seconds) - elapsed))
        newer_due = [other for other in lines if line.at < other.at <= elapsed]
        assert not newer_due
        said.append(line)
    assert said == sorted(set(said), key=lambda line: line.at)


def test_entering_a_phase_drops_what_the_last_one_had_left() -> None:
    coach = Coach("on")
    coach.enter(hold(30.0))
    assert coach.due(0.0) is not None
    coach.enter(Phase("switch", "Switch sides", "right", 5.0, "", "", say="Switch sides."))
    line, budget = coach.due(0.1) or (None, 0.0)
    assert line is not None and line.text == "Switch sides." and budget == pytest.approx(4.9)
    assert coach.due(4.0) is None
