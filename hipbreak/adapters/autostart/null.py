"""Start at login where hipbreak knows no way to do it."""

from __future__ import annotations

from hipbreak.adapters.autostart.base import AutostartError


class NullAutostart:
    """Always off; enabling explains that this platform is not supported."""

    name = "none"

    def __init__(self, platform: str) -> None:
        self.platform = platform

    def enabled(self) -> bool:
        """Return False: nothing starts hipbreak at login here."""
        return False

    def enable(self) -> None:
        """Raise AutostartError: there is no way to do it on this platform."""
        raise AutostartError(f"starting at login is not supported on {self.platform!r}")

    def disable(self) -> None:
        """Do nothing: it is already off."""

    def location(self) -> str:
        """Return a placeholder, as there is no file."""
        return "(not supported on this platform)"
