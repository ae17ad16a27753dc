"""Speech on Windows through SAPI, driven by PowerShell's System.Speech (no COM bindings needed)."""

from __future__ import annotations

from hipbreak.adapters.speech.command import CommandSpeaker
from hipbreak.language import _

# The line arrives on standard input, so no quoting of user text into the script is ever needed.
SCRIPT = (
    "Add-Type -AssemblyName System.Speech; "
    "$voice = New-Object System.Speech.Synthesis.SpeechSynthesizer; "
    "$voice.Speak([Console]::In.ReadToEnd())"  # not user text: a PowerShell script
)


class SapiSpeaker(CommandSpeaker):
    """One PowerShell per line speaking with the default SAPI voice of the user's language."""

    name = "sapi"

    def argv(self, text: str) -> list[str]:
        """PowerShell without profile or window, running SCRIPT."""
        return [self.program, "-NoProfile", "-NonInteractive", "-Command", SCRIPT]

    def stdin(self, text: str) -> bytes | None:
        """The line, as UTF-8."""
        return text.encode("utf-8")

    def describe(self) -> str:
        """SAPI through PowerShell."""
        # Translators: {program} is the path of PowerShell; keep System.Speech as it is.
        return _("sapi (System.Speech through {program})").format(program=self.program)
