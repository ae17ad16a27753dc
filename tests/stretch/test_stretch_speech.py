"""End to end: the stretch window speaks the routine's phases and cues, in order, through real espeak-ng.

espeak-ng is found on PATH as a stand-in that notes each line it is given and then runs the real
espeak-ng writing a WAV file (no sound card needed), so what was spoken can be read back.
"""

from __future__ import annotations

import shutil
import stat
import wave
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
from desktop import require_tools, wait_for
from stretch_harness import StretchRun

from hipbreak.adapters.routine_files import load_routine
from hipbreak.core.coaching import done_line, phase_lines
from hipbreak.core.routine import build_plan

pytestmark = pytest.mark.desktop

HOLD, PREPARE, SWITCH = 6.0, 2.0, 2.0


def speech_folder(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A PATH folder whose espeak-ng records its text in said.txt and its voice in NNN.wav."""
    require_tools("espeak-ng")
    real = shutil.which("espeak-ng")
    folder = tmp_path / "bin"
    wavs = tmp_path / "wavs"
    folder.mkdir()
    wavs.mkdir()
    log = tmp_path / "said.txt"
    shim = folder / "espeak-ng"
    shim.write_text(
        "#!/bin/sh\n"
        "PATH=/usr/bin:/bin\n"
        f'n=$(ls "{wavs}" | wc -l)\n'
        "text=$(cat)\n"
        f'printf \'%s\\n\' "$text" >> "{log}"\n'
        f'printf \'%s\' "$text" | exec "{real}" -w "{wavs}/$(printf %03d $n).wav" "$@"\n'
    )
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
    # The test drives the window with these; nothing else is on PATH, so no other speech program is found.
    for tool in ("xdotool", "import"):
        found = shutil.which(tool)
        assert found is not None
        (folder / tool).symlink_to(found)
    return folder, log, wavs


def slow_switch_routines(tmp_path: Path) -> Path:
    text = resources.files("hipbreak").joinpath("routines/hip-flexor.toml").read_text("utf-8")
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "spoken.toml").write_text(text.replace("seconds = 5", f"seconds = {SWITCH:g}"), "utf-8")
    return folder


def expected_lines(routines: Path, voice: str) -> list[str]:
    plan = build_plan(load_routine("spoken", routines), HOLD, PREPARE)
    lines = [line.text for phase in plan for line in phase_lines(phase, voice)]
    return [*lines, done_line(True, 3, 8)] if voice == "on" else lines


def said(log: Path) -> list[str]:
    return log.read_text("utf-8").splitlines() if log.exists() else []


def test_every_phase_and_cue_is_spoken_in_order(stretch: Callable[..., StretchRun], tmp_path: Path) -> None:
    folder, log, wavs = speech_folder(tmp_path)
    routines = slow_switch_routines(tmp_path)
    run = stretch(
        "--hold", str(HOLD), "--prepare", str(PREPARE), "--daily-goal", "8", "--done-today", "3",
        "--no-sound", "--voice", "on", "--routine", "spoken", "--routines-dir", str(routines),
        env={"PATH": str(folder)},
    )  # fmt: skip
    assert run.outcome(timeout=40)["event"] == "completed"
    expected = expected_lines(routines, "on")
    assert expected[:2] == [
        "Get into position. Left knee down, right foot in front. Both knees at ninety degrees.",
        "Left knee down. Stay tall.",
    ]
    assert "Switch sides. Right knee down, left foot in front." in expected
    assert expected[-1] == "Done. Break 4 of 8 today."
    wait_for(lambda: len(said(log)) == len(expected), 15, f"{len(expected)} spoken lines, got {said(log)}")
    assert said(log) == expected
    for path in sorted(wavs.iterdir()):
        with wave.open(str(path)) as sound:
            assert sound.getnframes() / sound.getframerate() > 0.3, path.name  # real speech in each
    assert any("V Mute" in screen["hints"] for screen in run.screens())  # the speaker toggle was offered
    run.wait_screen(title="Done")
    run.key("Return")
    assert run.exit_code() == 0


def test_cues_only_speaks_the_hold_cues_and_v_silences_them(
    stretch: Callable[..., StretchRun], tmp_path: Path
) -> None:
    folder, log, _wavs = speech_folder(tmp_path)
    routines = slow_switch_routines(tmp_path)
    run = stretch(
        "--hold", str(HOLD), "--prepare", "0", "--daily-goal", "8", "--done-today", "3",
        "--no-sound", "--voice", "cues-only", "--routine", "spoken", "--routines-dir", str(routines),
        env={"PATH": str(folder)},
    )  # fmt: skip
    left_cues = expected_lines(routines, "cues-only")[:4]
    assert left_cues == [
        "Stay tall.",
        "Brace as if for a punch.",
        "Squeeze your left glute.",
        "Tip your pelvis back.",
    ]
    wait_for(lambda: said(log)[:2] == left_cues[:2], 15, "the first two cues")
    run.key("v")
    run.wait_screen(hints=lambda hints: "V Speak" in hints)
    run.wait_screen(title="Right side hold")
    assert said(log) == left_cues[:2]  # nothing after V, not even the right side's cues
    run.key("Escape")
    assert run.outcome()["reason"] == "escape"
