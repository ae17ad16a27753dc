"""No tray at all: the app still runs (bubbles, the control window, the CLI) and waits for a host."""

from __future__ import annotations

import threading
from collections.abc import Callable

from hipbreak.core.view import TrayView


class NullTray:
    """A tray that shows nothing; `run()` sleeps (no wake-ups) until stop()."""

    HAS_NOTIFICATION = False

    def __init__(self) -> None:
        """Nothing to set up. Any thread."""
        self._stopped = threading.Event()

    @property
    def has_menu(self) -> bool:
        """Always False: there is no icon to click. Any thread."""
        return False

    def run(self, on_ready: Callable[[], None]) -> None:
        """Call on_ready() and block until stop(); returns at once if stop() came first."""
        on_ready()
        self._stopped.wait()

    def show(self, view: TrayView) -> None:
        """Do nothing: there is nowhere to show `view`. Any thread."""

    def notify(self, message: str, title: str) -> bool:
        """Return False: no tray, no tray bubbles. Any thread."""
        return False

    def remove_notification(self) -> None:
        """Nothing to take away. Any thread."""

    def stop(self) -> None:
        """Make run() return. Any thread, any number of times."""
        self._stopped.set()
