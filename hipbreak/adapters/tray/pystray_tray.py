"""The tray icon and menu on pystray; menu clicks only post commands to the app."""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable
from typing import Any

from hipbreak.core import commands as c
from hipbreak.core.menu import MenuEntry, menu_items
from hipbreak.core.view import TrayView

log = logging.getLogger(__name__)

Post = Callable[[c.Command], None]


class TrayIcon:
    """A pystray icon whose menu reads the newest TrayView; `run()` on the main thread."""

    # Every backend we pick can show bubbles but xorg; notify() then returns False and the chain moves on.
    HAS_NOTIFICATION = True

    def __init__(
        self,
        backend: str,
        post: Post,
        draw_icon: Callable[[int, str | None], Any],
        view: TrayView,
    ) -> None:
        self.backend = backend
        self._post = post
        self._draw_icon = draw_icon
        self._view = view
        self._badge: str | None = "unset"
        self._shown: TrayView | None = None  # what show() last put on the icon
        self._icon: Any = None
        self._ready = threading.Event()

    def _build(self) -> Any:
        # The backend is chosen before pystray is first imported: it decides at import time.
        os.environ["PYSTRAY_BACKEND"] = self.backend
        os.environ.setdefault("GDK_GL", "disable")  # keeps Mesa out of the process (~25 MB)
        os.environ.setdefault("NO_AT_BRIDGE", "1")
        import pystray

        # One dynamic menu: pystray calls it on every update_menu(), and it reads the newest view through
        # the same menu model as the StatusNotifier tray (core/menu.py).
        the_menu = pystray.Menu(lambda: self._items(menu_items(self._view), pystray))
        return pystray.Icon(
            "hipbreak", self._draw_icon(64, self._view.badge), self._view.title, menu=the_menu
        )

    def _items(self, entries: tuple[MenuEntry, ...], pystray: Any) -> list[Any]:
        """Turn menu entries into pystray items (the tray's thread, when pystray rebuilds its menu)."""
        items = []
        for entry in entries:
            if entry.separator:
                items.append(pystray.Menu.SEPARATOR)
                continue
            if entry.is_submenu:
                action: Any = pystray.Menu(*self._items(entry.children, pystray))
            elif entry.command is not None:
                action = self._poster(entry.command)
            else:
                action = _inform  # an information line: clicking it does nothing
            checked = None if entry.checked is None else (lambda _i, on=entry.checked: on)
            items.append(
                pystray.MenuItem(
                    entry.label,
                    action,
                    checked=checked,
                    default=entry.default,
                    visible=entry.visible,
                    enabled=entry.enabled,
                )
            )
        return items

    def _poster(self, command: c.Command) -> Callable[[], None]:
        return lambda: self._post(command)

    @property
    def has_menu(self) -> bool:
        """Whether the backend can show a menu."""
        return self._icon is not None and bool(getattr(self._icon, "HAS_MENU", False))

    def run(self, on_ready: Callable[[], None]) -> None:
        """Show the icon and run the tray's loop until stop() (main thread)."""
        self._icon = self._build()

        def setup(icon: Any) -> None:
            icon.visible = True
            self._ready.set()
            on_ready()

        self._icon.run(setup=setup)

    def remove_temp_files(self) -> None:
        """Remove the PNG files pystray wrote for the icon, when an exit skips its clean-up; any thread."""
        # pystray (0.19.5) writes the icon to a mktemp() file for GTK and AppIndicator, and copies it to
        # another for its own bubbles; it removes them when its loop ends and at exit.
        icon = self._icon
        paths = [getattr(icon, "_icon_path", None), getattr(getattr(icon, "_notifier", None), "_icon", None)]
        for path in paths:
            if isinstance(path, str):
                with contextlib.suppress(OSError):
                    os.unlink(path)

    def show(self, view: TrayView) -> None:
        """Show `view` in the title and menu (any thread; gtk backends marshal onto their loop)."""
        self._view = view
        icon = self._icon
        if icon is None or not self._ready.is_set():
            return
        # The state thread shows the view after every command, heartbeats included; an unchanged one would
        # only wake GTK's loop.
        if view == self._shown:
            return
        self._shown = view
        if self.backend in ("gtk", "appindicator"):
            from gi.repository import GLib

            # One hop onto GTK's loop: each pystray setter queues a callback of its own, and queued from
            # this thread every one of them would wake the loop again.
            GLib.idle_add(self._apply, view)
        else:
            self._apply(view)

    def _apply(self, view: TrayView) -> bool:
        """Put `view` on the icon (GTK's loop on gtk backends); False, so GLib runs it once."""
        icon = self._icon
        try:
            if view.badge != self._badge:
                self._badge = view.badge
                icon.icon = self._draw_icon(64, view.badge)
            icon.title = view.title
            icon.update_menu()
        except Exception:  # a tray host that went away must not stop reminders
            log.exception("could not update the tray icon")
        return False

    def notify(self, message: str, title: str) -> bool:
        """Show a plain notification through the tray backend; False when it cannot."""
        if self._icon is None or not getattr(self._icon, "HAS_NOTIFICATION", False):
            return False
        try:
            self._icon.notify(message, title)
        except Exception:
            return False
        return True

    def remove_notification(self) -> None:
        """Take away the backend's plain bubble, if it shows one (any thread)."""
        if self._icon is None or not getattr(self._icon, "HAS_NOTIFICATION", False):
            return
        with contextlib.suppress(Exception):  # a backend without the bubble has nothing to take away
            self._icon.remove_notification()

    def stop(self) -> None:
        """End the tray loop (any thread)."""
        if self._icon is not None:
            self._icon.stop()


def _inform() -> None:
    """The action of a menu line that only informs."""
