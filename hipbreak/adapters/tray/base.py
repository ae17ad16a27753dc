"""The tray port: what every tray (pystray, StatusNotifier, none) offers the app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from hipbreak.core.view import TrayView


class Tray(Protocol):
    """A tray icon with a menu; `run()` blocks the thread that runs it, every other method is any-thread."""

    @property
    def has_menu(self) -> bool: ...  # whether a click can reach a menu at all

    def run(self, on_ready: Callable[[], None]) -> None: ...  # serve until stop(); on_ready() once shown
    def show(self, view: TrayView) -> None: ...  # the newest texts, flags and badge
    def notify(self, message: str, title: str) -> bool: ...  # a plain bubble; False when it cannot
    def remove_notification(self) -> None: ...  # take that bubble away, if there is one
    def stop(self) -> None: ...  # make run() return; safe before run() and more than once
