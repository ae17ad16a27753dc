"""Speech through espeak-ng (or the older espeak): small, offline, in many languages."""

from __future__ import annotations

from hipbreak.adapters.speech.command import CommandSpeaker
from hipbreak.language import _


class EspeakSpeaker(CommandSpeaker):
    """One `espeak-ng --stdin` per line; the text goes on standard input, so no line is read as an option."""

    name = "espeak-ng"

    def __init__(self, program: str, voice: str = "") -> None:
        super().__init__(program)
        self.voice = voice

    def argv(self, text: str) -> list[str]:
        """`espeak-ng [-v VOICE] --stdin` (no amplitude option: the system's volume rules)."""
        voice = ["-v", self.voice] if self.voice else []
        return [self.program, *voice, "--stdin"]

    def stdin(self, text: str) -> bytes | None:
        """The line, as UTF-8."""
        return text.encode("utf-8")

    def describe(self) -> str:
        """The program and its voice."""
        if not self.voice:
            # Translators: {program} is the path of espeak-ng, which speaks with its default voice.
            return _("espeak-ng ({program}, voice default)").format(program=self.program)
        # Translators: {program} is the path of espeak-ng; {voice} a voice's name such as de or pt-BR.
        return _("espeak-ng ({program}, voice {voice})").format(program=self.program, voice=self.voice)
