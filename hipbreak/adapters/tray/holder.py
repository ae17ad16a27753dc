"""The one tray the app talks to; the tray inside may be swapped when a tray host appears late."""

from __future__ import annotations

import threading
from collections.abc import Callable

from hipbreak.adapters.tray.base import Tray
from hipbreak.core.view import TrayView


class TrayHolder:
    """Forwards to the current tray; `replace()` ends its run() and runs the next one in its place."""

    HAS_NOTIFICATION = True  # notify() raises when the tray inside cannot, so a notifier chain moves on

    def __init__(self, tray: Tray) -> None:
        """Hold `tray`; nothing runs before run(). Any thread."""
        self._lock = threading.Lock()
        self._current = tray
        self._next: Tray | None = None
        self._stopping = False
        self.view: TrayView | None = None  # the newest view shown, for a tray that comes later

    @property
    def current(self) -> Tray:
        """The tray shown now. Any thread."""
        return self._current

    @property
    def has_menu(self) -> bool:
        """Whether the current tray has a menu. Any thread."""
        return self._current.has_menu

    def run(self, on_ready: Callable[[], None]) -> None:
        """Run the current tray, then each replacement, until stop(); on_ready() once per tray shown.

        Blocks the calling thread (the main thread: pystray needs it on macOS).
        """
        while True:
            self._current.run(on_ready)
            with self._lock:
                if self._stopping or self._next is None:
                    return
                self._current, self._next = self._next, None
                view = self.view
            if view is not None:
                self._current.show(view)

    def replace(self, tray: Tray) -> None:
        """Show `tray` instead of the current one (which is stopped). Any thread; ignored after stop()."""
        with self._lock:
            if self._stopping:
                return
            self._next = tray
            current = self._current
        current.stop()

    def show(self, view: TrayView) -> None:
        """Show `view` on the current tray and keep it for the next. Any thread."""
        self.view = view
        self._current.show(view)

    def notify(self, message: str, title: str) -> bool:
        """Show a plain bubble through the current tray; raises RuntimeError when it cannot. Any thread."""
        if not self._current.notify(message, title):
            raise RuntimeError("the tray in use cannot show notifications")
        return True

    def remove_notification(self) -> None:
        """Take away the current tray's plain bubble, if any. Any thread."""
        self._current.remove_notification()

    def stop(self) -> None:
        """End run() for good. Any thread, any number of times."""
        with self._lock:
            self._stopping = True
            current = self._current
        current.stop()
