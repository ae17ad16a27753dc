"""Speech programs run for real (shell stand-ins, espeak-ng): cut at the deadline, stopped, failures told."""

from __future__ import annotations

import shutil
import stat
import threading
import time
import wave
from pathlib import Path

import pytest

from hipbreak.adapters.speech.command import CommandSpeaker
from hipbreak.adapters.speech.espeak import EspeakSpeaker


class Script(CommandSpeaker):
    """Runs a shell script with the text as its argument."""

    name = "script"

    def argv(self, text: str) -> list[str]:
        return [self.program, text]


def script(tmp_path: Path, body: str) -> Script:
    path = tmp_path / "speak"
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return Script(str(path))


def test_a_line_that_ends_in_time_is_spoken(tmp_path: Path) -> None:
    out = tmp_path / "said.txt"
    speaker = script(tmp_path, f'printf "%s\\n" "$1" >> {out}')
    assert speaker.say("Stay tall.", time.monotonic() + 10) is True
    assert out.read_text() == "Stay tall.\n"


def test_a_line_still_running_at_its_deadline_is_cut_short(tmp_path: Path) -> None:
    speaker = script(tmp_path, "exec sleep 30")
    deadline = time.monotonic() + 0.3
    assert speaker.say("A very long line.", deadline) is True  # cut short is not a failure
    assert time.monotonic() < deadline + 5  # the program was killed, not waited for


def test_stop_from_another_thread_ends_the_line_at_once(tmp_path: Path) -> None:
    speaker = script(tmp_path, "exec sleep 30")
    result: list[bool] = []
    thread = threading.Thread(target=lambda: result.append(speaker.say("x", time.monotonic() + 60)))
    thread.start()
    deadline = time.monotonic() + 10
    while speaker._process is None and time.monotonic() < deadline:
        time.sleep(0.01)
    speaker.stop()
    thread.join(timeout=10)
    assert not thread.is_alive() and result == [True]


def test_a_failing_or_missing_program_is_a_failure(tmp_path: Path) -> None:
    assert script(tmp_path, "exit 3").say("x", time.monotonic() + 10) is False
    assert Script(str(tmp_path / "missing")).say("x", time.monotonic() + 10) is False


def test_espeak_ng_speaks_the_text_from_stdin_even_when_it_starts_with_a_dash(tmp_path: Path) -> None:
    program = shutil.which("espeak-ng")
    if program is None:
        pytest.skip("espeak-ng is not installed (scripts/setup.sh --test installs it)")
    wav = tmp_path / "out.wav"

    class ToFile(EspeakSpeaker):
        def argv(self, text: str) -> list[str]:
            return [*super().argv(text), "-w", str(wav)]

    assert ToFile(program).say("-5 seconds. Stay tall.", time.monotonic() + 20) is True
    with wave.open(str(wav)) as sound:
        assert sound.getnframes() / sound.getframerate() > 0.5  # real speech, not an option error
