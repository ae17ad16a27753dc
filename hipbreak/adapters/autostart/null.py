"""Start at login where hipbreak knows no way to do it."""

from __future__ import annotations

from hipbreak.adapters.autostart.base import AutostartError
from hipbreak.language import _


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
        # Translators: {platform} is the operating system's code, e.g. 'sunos5'.
        text = _("starting at login is not supported on {platform}")
        raise AutostartError(text.format(platform=repr(self.platform)))

    def disable(self) -> None:
        """Do nothing: it is already off."""

    def location(self) -> str:
        """Return a placeholder, as there is no file."""
        return _("(not supported on this platform)")
