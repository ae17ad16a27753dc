"""The speaker used when no speech program works: says nothing, so the window falls back to chimes."""

from __future__ import annotations

from hipbreak.language import _


class NullSpeaker:
    """Speaks nothing; every line reports failure so the caller knows to chime instead."""

    name = "none"

    def say(self, text: str, deadline: float) -> bool:
        """Say nothing and report it (any thread)."""
        return False

    def stop(self) -> None:
        """Nothing to stop."""

    def describe(self) -> str:
        """Say that no speech program was found."""
        return _("none (chimes instead)")
