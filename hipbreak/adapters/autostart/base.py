"""The start-at-login port and its error."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


class AutostartError(Exception):
    """Starting at login could not be read or changed; the message is one line for the user."""


@runtime_checkable
class Autostart(Protocol):
    """Whether hipbreak starts when the user logs in, and the switch for it."""

    name: str

    def enabled(self) -> bool:
        """Return whether hipbreak will start at the next login; raises AutostartError if unreadable."""
        ...

    def enable(self) -> None:
        """Make hipbreak start at login; raises AutostartError on failure."""
        ...

    def disable(self) -> None:
        """Stop hipbreak from starting at login; raises AutostartError on failure."""
        ...

    def location(self) -> str:
        """Return where the setting lives (a file or registry path), for messages."""
        ...
