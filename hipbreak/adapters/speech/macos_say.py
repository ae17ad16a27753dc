"""Speech on macOS through `say`, in the voice chosen in System Settings."""

from __future__ import annotations

from hipbreak.adapters.speech.command import CommandSpeaker


class MacSaySpeaker(CommandSpeaker):
    """One `say -f -` per line, the text on standard input."""

    name = "say"

    def argv(self, text: str) -> list[str]:
        """`say -f -`: read the line from standard input."""
        return [self.program, "-f", "-"]

    def stdin(self, text: str) -> bytes | None:
        """The line, as UTF-8."""
        return text.encode("utf-8")
