"""Plain bubbles through the tray icon's own `notify()`: a balloon on Windows, osascript on macOS, and
a D-Bus bubble on pystray's gtk and appindicator backends. No buttons anywhere.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from hipbreak.adapters.notify.base import Notification
from hipbreak.error_text import describe_error
from hipbreak.language import _

log = logging.getLogger(__name__)


def tray_notify_problem(icon: object) -> str | None:
    """Return why `icon` cannot show bubbles, or None when its backend can; any thread."""
    if not callable(getattr(icon, "notify", None)):
        # Translators: {kind} is a Python class's name; keep notify() as it is.
        return _("{kind} has no notify()").format(kind=type(icon).__name__)
    # pystray sets HAS_NOTIFICATION per backend class; its xorg backend has none.
    if not getattr(type(icon), "HAS_NOTIFICATION", False):
        # Translators: {backend} is a Python module's name, e.g. pystray._xorg.
        return _("the tray backend {backend} cannot show notifications").format(backend=type(icon).__module__)
    return None


class TrayNotifier:
    """Bubbles through a pystray Icon; each one replaces the last on backends that keep one bubble."""

    name = "tray"
    supports_actions = False

    def __init__(self, icon: Any, app_name: str = "hipbreak") -> None:
        """Wrap a pystray Icon (or anything with `notify(message, title)`); any thread."""
        self.last_error: str | None = None
        self._icon = icon
        self._app_name = app_name
        self._lock = threading.Lock()
        self._shown_key: str | None = None

    def show(self, note: Notification) -> bool:
        """Hand the bubble to the icon; True when it took it. Never raises; any thread the tray allows.

        On gtk and appindicator pystray runs the call later on its GLib thread, so True means "queued".
        """
        # pystray's macOS backend crashes on a missing title, so there is always one.
        title = note.summary or self._app_name
        with self._lock:
            try:
                self._icon.notify(note.body, title)
            except Exception as error:
                self.last_error = describe_error(error)
                log.warning("tray notification failed: %s", self.last_error)
                return False
            self._shown_key = note.replace_key
        self.last_error = None
        return True

    def withdraw(self, replace_key: str) -> None:
        """Remove the icon's bubble if the last one came under `replace_key`. Never raises; any thread."""
        with self._lock:
            if self._shown_key != replace_key:
                return
            self._shown_key = None
            try:
                self._icon.remove_notification()
            except Exception as error:
                log.warning("removing the tray notification failed: %s", describe_error(error))

    def close(self) -> None:
        """Do nothing: the icon belongs to the tray, which stops it. Any thread."""
