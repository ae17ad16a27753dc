"""The idle source used when no desktop can tell us anything."""

from __future__ import annotations


class NullIdleSource:
    """Never knows the idle time; the app then counts all time as sitting time."""

    name = "none"

    def idle_seconds(self) -> float | None:
        """Return None: the idle time is unknown."""
        return None

    def close(self) -> None:
        """Do nothing; there is nothing to release."""
