"""Speech through plyer's tts facade: a last resort, since it blocks until done and cannot be cut short."""

from __future__ import annotations

import importlib
from typing import Any

from hipbreak.language import _


class PlyerSpeaker:
    """plyer.tts.speak per line; `stop` cannot interrupt it, so only used when nothing better exists."""

    name = "plyer"

    def __init__(self, tts: Any) -> None:
        self.tts = tts

    def say(self, text: str, deadline: float) -> bool:
        """Speak `text` to the end (the deadline cannot be kept); speech thread only."""
        try:
            self.tts.speak(message=text)
        except (NotImplementedError, OSError):
            return False
        return True

    def stop(self) -> None:
        """plyer offers no way to stop a line."""

    def describe(self) -> str:
        """Name the facade's implementation."""
        # Translators: {kind} is the name of plyer's speech class, e.g. EspeakTextToSpeech.
        return _("plyer ({kind}; lines are never cut short)").format(kind=type(self.tts).__name__)


def plyer_tts() -> Any | None:
    """Return plyer's tts implementation for this platform, or None when plyer has none that works here."""
    try:
        from plyer.facades import TTS
        from plyer.utils import platform
    except ImportError:
        return None
    try:
        # Loaded directly: plyer's proxy prints a traceback when the platform module fails to load.
        module = importlib.import_module(f"plyer.platforms.{platform}.tts")
        implementation = module.instance()
    except Exception:  # a missing platform module, or one that fails on import
        return None
    if type(implementation) is TTS:  # the bare facade: plyer found no program to speak with
        return None
    return implementation
