"""The hold signal used when nothing on this desktop can say "not now": it never holds."""

from __future__ import annotations

from hipbreak.adapters.hold.base import OnChange
from hipbreak.core.holds import HoldReason


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
        return f"none: {self.reason.value} is not watched" + (f" ({self.why})" if self.why else "")

    def close(self) -> None:
        """Do nothing; there is nothing to release."""
