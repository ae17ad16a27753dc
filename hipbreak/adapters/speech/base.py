"""The speech port: say a line before a deadline, stop at once, and tell `doctor` what is used."""

from __future__ import annotations

from typing import Protocol


class Speaker(Protocol):
    """Speaks one line at a time through the platform's speech; volume is the system's, never ours."""

    name: str

    def say(self, text: str, deadline: float) -> bool:
        """Speak `text`, cut off at `deadline` (time.monotonic()); blocks, so only the speech thread calls it.

        Returns False when the speech program failed (missing, crashed, refused), True otherwise.
        """
        ...

    def stop(self) -> None:
        """Cut off the line being spoken now, if any; callable from any thread."""
        ...

    def describe(self) -> str:
        """One line for `hipbreak doctor`: the program and the voice it uses."""
        ...
