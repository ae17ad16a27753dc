"""The notifier port: what a reminder bubble is, and what every way of showing one promises."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class Notification:
    """One bubble; `actions` are (key, label) pairs and the key "default" means a click on the bubble."""

    summary: str
    body: str
    actions: tuple[tuple[str, str], ...] = ()
    replace_key: str | None = None
    urgency: str = "normal"
    timeout_s: float | None = None


@runtime_checkable
class Notifier(Protocol):
    """Shows bubbles; pressed buttons reach the callback the notifier was built with, if it has any."""

    name: str
    supports_actions: bool

    def show(self, note: Notification) -> bool:
        """Hand the bubble to the server; True when it took it. Never raises; any thread."""
        ...

    def withdraw(self, replace_key: str) -> None:
        """Close the bubble last shown under `replace_key`, if any. Never raises; any thread."""
        ...

    def close(self) -> None:
        """Release connections and threads; later calls show nothing. Safe to call twice; any thread."""
        ...
