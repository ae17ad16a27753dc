"""How the running app stops when told from outside: signals, the session bus gone, the display gone."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import Any

from hipbreak.core import commands as c
from hipbreak.language import _

log = logging.getLogger("hipbreak")


class Stopping:
    """Turns what the session does to the app into commands; built by the composition root.

    `tell` shows one line to the user and logs it; `finish` closes what the app opened (socket, lock,
    files) and may be called more than once.
    """

    def __init__(
        self,
        post: Callable[[c.Command], None],
        tell: Callable[[str], None],
        finish: Callable[[], None],
        state_thread: threading.Thread,
    ) -> None:
        self._post = post
        self._tell = tell
        self._finish = finish
        self._state_thread = state_thread
        self._kept: list[Any] = []  # callbacks C code holds by a bare pointer must live as long as we do

    def catch_signals(self) -> None:
        """Handle SIGTERM, SIGINT and SIGHUP in Python; the main thread, before the tray runs."""
        from hipbreak.adapters.session_watch import catch_signals_in_python

        catch_signals_in_python(self.on_signal)

    def watch_gtk(self) -> None:
        """Once pystray's GTK loop runs: GLib's own signal handlers, its session bus and its display.

        Any thread; the second and later calls do nothing.
        """
        if self._kept:
            return
        from hipbreak.adapters.session_watch import catch_signals_in_glib, watch_display, watch_session_bus

        catch_signals_in_glib(self.on_signal)
        watch_session_bus(self.bus_lost)
        self._kept.append(watch_display(self.display_lost))

    def on_signal(self, name: str) -> None:
        """SIGHUP reads the settings again; SIGTERM and SIGINT stop the app (a stretch window goes on)."""
        if name == "SIGHUP":
            log.info("SIGHUP: reading the settings again")
            self._post(c.Reload())
        else:
            self._post(c.Stop(name))

    def bus_lost(self, reason: str) -> None:
        """GLib's session connection closed (on the GLib loop); the GTK icon is XEmbed, so it stays."""
        # Translators: {problem} says how the connection to the session bus (D-Bus) was lost.
        message = _("{problem}; reminders go on, and bubbles come back once a session bus does")
        self._tell(message.format(problem=reason))

    def display_lost(self, reason: str) -> None:
        """GTK's display connection broke: stop cleanly and exit. Called by Xlib on the main thread.

        It never returns: Xlib would exit the process right after, without our clean-up.
        """
        # Translators: {problem} says how the connection to the display was lost.
        self._tell(_("{problem}; hipbreak stops").format(problem=reason))
        self._post(c.Stop(reason))
        self._state_thread.join(timeout=5)
        self._finish()
        logging.shutdown()
        os._exit(0)
