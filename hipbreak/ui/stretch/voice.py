"""Spoken coaching for one stretch window: the coach picks what is due, the speech thread says it."""

from __future__ import annotations

from collections.abc import Callable

from hipbreak.adapters.speech.base import Speaker
from hipbreak.adapters.speech.voice_queue import SpeechQueue
from hipbreak.core.coaching import DONE_SECONDS, Coach
from hipbreak.core.routine import Phase


class VoiceCoach:
    """Says the routine's lines on the session's clock without ever waiting for speech; Tk thread only.

    `voice` is the setting (on, cues-only, off); with "off" the V key can still turn it on.
    """

    def __init__(self, voice: str, speaker: Speaker, on_failure: Callable[[], None]) -> None:
        self.mode = voice if voice != "off" else "on"
        self.coach = Coach(self.mode)
        self.speaker = speaker
        self.speech = SpeechQueue(speaker, on_failure)
        self.on = voice != "off" and speaker.name != "none"

    @property
    def available(self) -> bool:
        """Whether a speech program is there and has not failed."""
        return self.speaker.name != "none" and not self.speech.failed

    def speaks_phases(self) -> bool:
        """Whether the voice announces the phases now (then it, not a chime, marks each change)."""
        return self.on and self.mode == "on" and self.available

    def enter(self, phase: Phase) -> None:
        """A new phase began: cut off what was being said, and start on its lines."""
        self.speech.interrupt()
        self.coach.enter(phase)

    def tick(self, elapsed: float) -> None:
        """Hand the line due by `elapsed` (the phase's active seconds) to the speech thread."""
        # The coach walks on even while the voice is off, so turning it on never replays old lines.
        due = self.coach.due(elapsed)
        if due is not None and self.on and self.available:
            line, seconds = due
            self.speech.say(line.text, seconds)

    def done(self, text: str) -> None:
        """Say the closing line, when the phases are spoken."""
        if self.speaks_phases():
            self.speech.say(text, DONE_SECONDS)

    def toggle(self) -> None:
        """Turn the voice off (cutting it short) or back on."""
        if self.speaker.name == "none":
            return
        self.on = not self.on
        if not self.on:
            self.speech.interrupt()

    def close(self) -> None:
        """Stop speaking for good."""
        self.speech.close()
