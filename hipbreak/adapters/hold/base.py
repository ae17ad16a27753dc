"""What may hold a reminder: one port, one module per signal, chosen at run time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from hipbreak.core.holds import HoldReason


class HoldSignal(Protocol):
    """Something that says "not now"; on_change is called from the signal's own thread."""

    name: str
    reason: HoldReason

    def start(self, on_change: Callable[[bool], None]) -> None: ...
    def active(self) -> bool: ...
    def describe(self) -> str: ...
    def close(self) -> None: ...
