"""Speech through speech-dispatcher (`spd-say`): the Linux desktop's own voice, rate and language settings."""

from __future__ import annotations

from hipbreak.adapters.speech.command import CommandSpeaker
from hipbreak.language import _


class SpdSaySpeaker(CommandSpeaker):
    """One `spd-say --wait` per line; killing the client ends the wait (speech-dispatcher keeps the queue)."""

    name = "speech-dispatcher"

    def __init__(self, program: str, language: str = "") -> None:
        super().__init__(program)
        self.language = language

    def argv(self, text: str) -> list[str]:
        """`spd-say --wait [-l LANG] -- TEXT` (no volume: the system's volume rules)."""
        language = ["--language", self.language] if self.language else []
        return [self.program, "--wait", "--application-name", "hipbreak", *language, "--", text]

    def describe(self) -> str:
        """The program and the language asked for."""
        if not self.language:
            # Translators: {program} is the path of spd-say, which speaks in the default language.
            return _("speech-dispatcher ({program}, language default)").format(program=self.program)
        # Translators: {program} is the path of spd-say; {language} a code such as de or pt-BR.
        text = _("speech-dispatcher ({program}, language {language})")
        return text.format(program=self.program, language=self.language)
