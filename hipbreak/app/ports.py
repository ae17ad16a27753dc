"""What the app's state thread talks to: the answer slot of a command, the clock, and the ports."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from hipbreak.core.commands import Command, WindowKind
from hipbreak.core.settings import Settings
from hipbreak.core.view import TrayView


class ReplySlot:
    """Where the state thread leaves its answer to one command, for the thread waiting on it."""

    def __init__(self) -> None:
        self._done = threading.Event()
        self.ok = False
        self.message = ""
        self.data: dict[str, Any] = {}

    def set(self, ok: bool, message: str, data: dict[str, Any] | None = None) -> None:
        """Store the answer and wake the waiter (state thread)."""
        self.ok, self.message, self.data = ok, message, data or {}
        self._done.set()

    def wait(self, timeout: float) -> bool:
        """Wait for the answer; False on timeout (any thread)."""
        return self._done.wait(timeout)


class Clock(Protocol):
    """The time, as the app sees it."""

    def now(self) -> datetime: ...  # an aware datetime in the user's zone

    # (seconds slept, seconds the wall clock jumped) since the last call
    def changes(self) -> tuple[float, float]: ...


class Ports(Protocol):
    """The outside world the app acts on; every method may be called from the state thread only."""

    def show_tray(self, view: TrayView) -> None: ...
    def notify(self, kind: str, summary: str, body: str, actions: tuple[tuple[str, str], ...]) -> None: ...
    def tell_problems(self, problems: list[str]) -> None: ...
    def withdraw_notification(self) -> None: ...
    def wake_at(self, when: datetime | None) -> None: ...
    def watch_idle(self, settings: Settings) -> None: ...  # watch for idle_reset of idleness (again)
    def open_stretch(self, args: dict[str, Any], post: Callable[[Command], None]) -> bool: ...
    def stretch_running(self) -> bool: ...
    def routine_problem(self, name: str) -> str | None: ...  # None, or where routine `name` is broken
    # Close our stretch window, cancelled for `reason` unless it already ended; its final outcome record.
    def close_stretch(self, reason: str) -> dict[str, Any] | None: ...
    # Hand each outcome left in the outcome file to `take`; True from it means recorded (drop the line).
    def collect_stretch_outcomes(self, take: Callable[[dict[str, Any]], bool]) -> None: ...
    def open_window(self, kind: WindowKind, settings: Settings) -> None: ...
    def close_window(self, kind: WindowKind) -> None: ...  # only a window this app opened
    def window_problem(self) -> str | None: ...  # None, or why no window can open here
    def use_tray_host(self, kind: str) -> bool: ...  # show the icon on a host that came late
    def set_autostart(self, on: bool | None) -> bool: ...  # None = toggle; returns the new state
    def autostart_enabled(self) -> bool: ...
    def autostart_location(self) -> str: ...
    def hold_interest(self, interested: bool) -> None: ...  # polling hold signals look only while true
    def gnome_movement_on(self) -> bool | None: ...  # GNOME's own movement breaks; None = unknown, no GNOME
    def switch_gnome_movement_off(self) -> str | None: ...  # None when done, else why not (one line)
    def follow_gnome(self, on: bool) -> None: ...  # post GnomeMovementBreak when GNOME's break starts
    def save_gnome_breaks(self, choice: str) -> str | None: ...  # write [hold] gnome_breaks; None or why not
    def stop(self) -> None: ...
