"""Plain bubbles through plyer, for systems where neither D-Bus nor the tray icon can show one.

plyer 2.1 has no buttons and cannot replace or close a bubble. On Linux it uses dbus-python when that is
importable (our timeout is honoured) and otherwise `notify-send`, which drops the timeout and icon and sends
expire_timeout=0, so those bubbles stay until the user closes them: one per reminder. That is why the chooser
puts plyer after the tray icon.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil

from hipbreak.adapters.notify.base import Notification
from hipbreak.environment import Environment
from hipbreak.error_text import describe_error
from hipbreak.language import _

log = logging.getLogger(__name__)

# plyer's own default; a reminder should not outstay the pre-notice that follows it.
DEFAULT_TIMEOUT_S = 10


def plyer_problem(env: Environment) -> str | None:
    """Return why plyer cannot show a bubble in `env`, or None when a backend looks usable; any thread."""
    if env.platform == "win32":
        return None  # a balloon from a temporary tray icon, through ctypes
    if env.platform == "darwin":
        if importlib.util.find_spec("pyobjus") is None:
            return _("plyer needs pyobjus on macOS, which is not installed")
        return None
    from hipbreak.adapters.session_bus import session_bus_address

    if session_bus_address(env.variables) is None:
        return _("no session bus for plyer to reach a notification server")
    if importlib.util.find_spec("dbus") is not None:
        return None
    if shutil.which("notify-send", path=env.variables.get("PATH", os.defpath)):
        return None
    # Translators: dbus-python is a Python library and notify-send a program; keep both names.
    return _("plyer finds neither dbus-python nor notify-send")


class PlyerNotifier:
    """Bubbles without buttons through `plyer.notification.notify`."""

    name = "plyer"
    supports_actions = False

    def __init__(
        self,
        app_name: str = "hipbreak",
        icon_path: str | None = None,
        *,
        env: Environment | None = None,
        default_timeout_s: int = DEFAULT_TIMEOUT_S,
    ) -> None:
        """Check once (when `env` is given) that plyer has a backend; no plyer import yet. Any thread."""
        self.last_error: str | None = plyer_problem(env) if env is not None else None
        self._unusable = self.last_error is not None
        self._app_name = app_name
        self._default_timeout_s = default_timeout_s
        # On Windows plyer wants an .ico file and fails on anything else; there, no icon beats no bubble.
        windows = env is not None and env.platform == "win32"
        usable_icon = icon_path is not None and (not windows or icon_path.lower().endswith(".ico"))
        self._icon = icon_path if usable_icon and icon_path else ""

    def show(self, note: Notification) -> bool:
        """Hand the bubble to plyer; True when plyer took it without an error. Never raises; any thread."""
        if self._unusable:
            return False
        seconds = self._default_timeout_s if note.timeout_s is None else max(1, round(note.timeout_s))
        try:
            from plyer import notification

            notification.notify(
                title=note.summary,
                message=note.body,
                app_name=self._app_name,
                app_icon=self._icon,
                timeout=seconds,
            )
        except Exception as error:  # NotImplementedError when plyer has no backend, D-Bus errors, ...
            reason = describe_error(error)
            if reason != self.last_error:
                log.warning("plyer notification failed: %s", reason)
            self.last_error = reason
            return False
        self.last_error = None
        return True

    def withdraw(self, replace_key: str) -> None:
        """Do nothing: plyer cannot close a bubble. Any thread."""

    def close(self) -> None:
        """Do nothing: plyer holds nothing open between bubbles. Any thread."""
