"""Chimes: generated WAVs, played through whatever player exists, never blocking and never fatal."""

from __future__ import annotations

import io
import os
import shutil
import stat
import threading
import time
import wave
from array import array
from collections.abc import Callable
from pathlib import Path

import pytest
from stretch_harness import StretchRun

from hipbreak.ui.stretch.sound import CHIMES, ChimePlayer, chime_wav


def fake_player(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.mark.parametrize("name", CHIMES)
def test_each_chime_is_a_short_clean_wav(name: str) -> None:
    with wave.open(io.BytesIO(chime_wav(name))) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 22050)
        seconds = wav.getnframes() / wav.getframerate()
        samples = array("h", wav.readframes(wav.getnframes()))
    assert 0.4 <= seconds <= 1.2
    assert 3000 < max(abs(s) for s in samples) < 32767  # audible, not clipped


def test_the_chimes_differ() -> None:
    assert len({chime_wav(name) for name in CHIMES}) == len(CHIMES)


def player(which: Callable[[str], str | None]) -> tuple[ChimePlayer, threading.Semaphore]:
    silent = threading.Semaphore(0)
    return ChimePlayer(True, on_silent=silent.release, platform="linux", which=which), silent


def test_a_working_player_gets_the_wav_on_stdin(tmp_path: Path) -> None:
    log = tmp_path / "log"
    paplay = fake_player(tmp_path / "bin", "paplay", f'wc -c >> "{log}"')
    chimes, silent = player(lambda name: str(paplay) if name == "paplay" else None)
    chimes.play("hold")
    chimes.play("done")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and len(log.read_text().split() if log.exists() else []) < 2:
        time.sleep(0.02)
    assert [int(n) for n in log.read_text().split()] == [len(chime_wav("hold")), len(chime_wav("done"))]
    assert not silent.acquire(timeout=0.1)


def test_the_next_player_is_tried_and_the_bell_is_the_last_resort(tmp_path: Path) -> None:
    log = tmp_path / "log"
    tools = {
        "paplay": fake_player(tmp_path / "bin", "paplay", "exit 1"),
        "aplay": fake_player(tmp_path / "bin", "aplay", f'echo "$@" >> "{log}"; cat > /dev/null'),
    }
    chimes, silent = player(lambda name: str(tools[name]) if name in tools else None)
    chimes.play("switch")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not log.exists():
        time.sleep(0.02)
    assert log.read_text().split() == ["-q"]
    assert not silent.acquire(timeout=0.2)
    nothing, nothing_silent = player(lambda name: None)
    nothing.play("hold")
    assert nothing_silent.acquire(timeout=5)  # no player at all: the window rings Tk's bell instead


def test_a_hung_player_never_blocks_the_caller(tmp_path: Path) -> None:
    hung = fake_player(tmp_path / "bin", "paplay", "sleep 30")
    chimes, _silent = player(lambda name: str(hung) if name == "paplay" else None)
    began = time.monotonic()
    for name in CHIMES:
        chimes.play(name)
    assert time.monotonic() - began < 0.05


def test_sound_off_plays_nothing() -> None:
    calls: list[str] = []

    def which(name: str) -> str | None:
        calls.append(name)
        return None

    chimes = ChimePlayer(False, on_silent=lambda: calls.append("bell"), which=which)
    chimes.play("hold")
    time.sleep(0.1)
    assert calls == []


@pytest.mark.desktop
@pytest.mark.parametrize("voice", ["off", "on"], ids=["voice-off", "voice-on-but-no-speech-program"])
def test_the_window_chimes_at_each_hold_the_switch_and_the_end(
    stretch: Callable[..., StretchRun], quick_routines: Path, tmp_path: Path, voice: str
) -> None:
    log = tmp_path / "played"
    folder = tmp_path / "bin"
    fake_player(folder, "paplay", f'PATH=/usr/bin:/bin; wc -c >> "{log}"')
    if voice == "off":
        path = f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"
    else:
        # No speech program on PATH: the voice falls back to the chimes.
        for tool in ("xdotool", "import"):
            (folder / tool).symlink_to(shutil.which(tool) or tool)
        path = str(folder)
    run = stretch(
        "--hold", "0.6", "--prepare", "0.3", "--daily-goal", "8", "--done-today", "0", "--sound",
        "--voice", voice, "--routine", "quick", "--routines-dir", str(quick_routines), env={"PATH": path},
    )  # fmt: skip
    assert run.outcome()["event"] == "completed"
    expected = [len(chime_wav(name)) for name in ("hold", "switch", "hold", "done")]
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and len(log.read_text().split() if log.exists() else []) < 4:
        time.sleep(0.05)
    assert [int(n) for n in log.read_text().split()] == expected
    run.key("Return")
    assert run.exit_code() == 0


@pytest.mark.desktop
def test_a_hung_player_does_not_hold_up_the_window(
    stretch: Callable[..., StretchRun], quick_routines: Path, tmp_path: Path
) -> None:
    fake_player(tmp_path / "bin", "paplay", "sleep 30")
    path = f"{tmp_path / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
    run = stretch(
        "--hold", "0.6", "--prepare", "0", "--daily-goal", "8", "--done-today", "0", "--sound",
        "--voice", "off",
        "--routine", "quick", "--routines-dir", str(quick_routines), env={"PATH": path},
    )  # fmt: skip
    outcome = run.outcome(timeout=6)
    assert outcome["event"] == "completed"
    assert time.monotonic() - run.started_at < 5.0
