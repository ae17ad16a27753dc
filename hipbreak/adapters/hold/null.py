"""The hold signal used when nothing on this desktop can say "not now": it never holds."""

from __future__ import annotations

from hipbreak.adapters.hold.base import OnChange
from hipbreak.adapters.idle.watch_base import with_why
from hipbreak.core.holds import HoldReason
from hipbreak.language import _


class NullHoldSignal:
    """Never holds; stands for a reason no mechanism can watch here, so `doctor` can say why."""

    name = "none"

    def __init__(self, reason: HoldReason, why: str = "") -> None:
        """`why` says why nothing watches `reason` here."""
        self.reason = reason
        self.why = why

    def start(self, on_change: OnChange) -> None:
        """Do nothing: no callback will ever run."""

    def active(self) -> bool:
        """Return False: nothing holds."""
        return False

    def describe(self) -> str:
        """Return one line saying this reason is not watched, and why."""
        # Translators: {reason} is a reason's name in the config file (call, fullscreen, dnd, inhibited).
        line = _("{reason} is not watched").format(reason=self.reason.value)
        return "none: " + with_why(line, self.why)

    def close(self) -> None:
        """Do nothing; there is nothing to release."""
