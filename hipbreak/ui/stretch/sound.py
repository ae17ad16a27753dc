"""Short generated chimes played through whatever audio player the system has, never blocking the window."""

from __future__ import annotations

import contextlib
import io
import math
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import wave
from array import array
from collections.abc import Callable

CHIMES = ("hold", "switch", "done")
RATE = 22050
PLAYER_TIMEOUT = 4.0

# Notes (Hz, start s, length s) of each chime: rising for a hold, falling for the switch, a chord at the end.
_NOTES: dict[str, tuple[tuple[float, float, float], ...]] = {
    "hold": ((659.3, 0.0, 0.35), (880.0, 0.16, 0.5)),
    "switch": ((880.0, 0.0, 0.3), (659.3, 0.16, 0.3), (880.0, 0.32, 0.3), (659.3, 0.48, 0.45)),
    "done": ((523.3, 0.0, 0.9), (659.3, 0.12, 0.8), (784.0, 0.24, 0.7), (1046.5, 0.36, 0.7)),
}
# Linux players that read a WAV file from standard input, most likely to work first.
_LINUX_PLAYERS = (("paplay",), ("pw-play", "-"), ("aplay", "-q"))


def chime_wav(name: str) -> bytes:
    """Return the chime `name` (one of CHIMES) as a 16-bit mono WAV file."""
    notes = _NOTES[name]
    length = max(start + seconds for _, start, seconds in notes) + 0.05
    samples = [0.0] * int(length * RATE)
    for freq, start, seconds in notes:
        first = int(start * RATE)
        for i in range(int(seconds * RATE)):
            t = i / RATE
            # A soft bell: quick attack, exponential decay, a quiet octave overtone.
            envelope = min(1.0, t / 0.006) * math.exp(-t * 6.0 / seconds)
            wave_value = math.sin(2 * math.pi * freq * t) + 0.25 * math.sin(4 * math.pi * freq * t)
            samples[first + i] += 0.22 * envelope * wave_value
    pcm = array("h", (max(-32767, min(32767, int(v * 32767))) for v in samples))
    if sys.byteorder == "big":
        pcm.byteswap()
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(pcm.tobytes())
    return out.getvalue()


class ChimePlayer:
    """Plays chimes on a background thread; calls `on_silent` (from that thread) when no player works."""

    def __init__(
        self,
        enabled: bool,
        on_silent: Callable[[], None],
        platform: str = sys.platform,
        which: Callable[[str], str | None] = shutil.which,
    ) -> None:
        self.enabled = enabled
        self.on_silent = on_silent
        self.platform = platform
        self.which = which
        self._queue: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._wavs: dict[str, bytes] = {}
        self._working: list[str] | None = None

    def play(self, name: str) -> None:
        """Queue chime `name`; returns at once (callable from the UI thread)."""
        if not self.enabled:
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="chimes", daemon=True)
            self._thread.start()
        self._queue.put(name)

    def _run(self) -> None:
        while True:
            name = self._queue.get()
            try:
                played = self._play_now(name)
            except Exception:  # a sound must never take the window down
                played = False
            if not played:
                self.on_silent()

    def _play_now(self, name: str) -> bool:
        wav = self._wavs.get(name)
        if wav is None:
            wav = self._wavs[name] = chime_wav(name)
        if self.platform == "win32":
            import winsound  # only exists on Windows

            winsound.PlaySound(wav, winsound.SND_MEMORY)  # type: ignore[attr-defined]
            return True
        if self.platform == "darwin":
            return self._play_file(wav)
        candidates = [self._working] if self._working else []
        for name, *options in _LINUX_PLAYERS:
            path = self.which(name)
            if path and [path, *options] != self._working:
                candidates.append([path, *options])
        for command in candidates:
            if _run_quietly(command, wav):
                self._working = command  # try it first next time
                return True
        return False

    def _play_file(self, wav: bytes) -> bool:
        # afplay needs a file; it lives only while it plays.
        afplay = self.which("afplay")
        if not afplay:
            return False
        handle, path = tempfile.mkstemp(suffix=".wav", prefix="hipbreak-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(wav)
            return _run_quietly([afplay, path], None)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(path)


def _run_quietly(command: list[str], stdin: bytes | None) -> bool:
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return False
    try:
        process.communicate(stdin, timeout=PLAYER_TIMEOUT)
    except subprocess.TimeoutExpired:
        # A player stuck on a dead audio device: stop it and call the sound played rather than stack more.
        process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=1.0)
        return True
    except OSError:
        return False
    return process.returncode == 0
