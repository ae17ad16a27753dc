"""Picks the ways of showing a bubble that work here, best first, and says why the others were left out."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from hipbreak.adapters.notify.base import Notification, Notifier
from hipbreak.adapters.notify.null import NullNotifier
from hipbreak.environment import Environment
from hipbreak.error_text import describe_error
from hipbreak.language import _

log = logging.getLogger(__name__)

# How long the notification server may take to say who it is before we look elsewhere.
PROBE_TIMEOUT = 1.0


class ChainNotifier:
    """Tries its notifiers in order until one takes the bubble, starting again from the first each time."""

    def __init__(self, notifiers: Sequence[Notifier]) -> None:
        """Chain `notifiers`, best first (at least one); any thread."""
        if not notifiers:
            raise ValueError("a chain needs at least one notifier")  # not user text: a caller's mistake
        self.notifiers = tuple(notifiers)
        self.name = ">".join(notifier.name for notifier in self.notifiers)
        self.supports_actions = self.notifiers[0].supports_actions
        self.last_used: Notifier | None = None

    def show(self, note: Notification) -> bool:
        """Show through the first notifier that takes the bubble; False if none did. Never raises; any thread.

        Afterwards `supports_actions` tells whether the bubble that went out can have buttons.
        """
        for notifier in self.notifiers:
            try:
                shown = notifier.show(note)
            except Exception as error:  # a notifier breaking its promise must not stop the others
                log.warning("%s notifier raised: %s", notifier.name, describe_error(error))
                shown = False
            if shown:
                self.last_used = notifier
                self.supports_actions = notifier.supports_actions
                return True
        self.last_used = None
        return False

    def withdraw(self, replace_key: str) -> None:
        """Withdraw the bubble from every notifier, since any of them may have shown it. Never raises."""
        for notifier in self.notifiers:
            try:
                notifier.withdraw(replace_key)
            except Exception as error:
                log.warning("%s notifier raised: %s", notifier.name, describe_error(error))

    def close(self) -> None:
        """Close every notifier. Never raises; any thread."""
        for notifier in self.notifiers:
            try:
                notifier.close()
            except Exception as error:
                log.warning("%s notifier raised: %s", notifier.name, describe_error(error))


def choose_notifier(
    env: Environment,
    on_action: Callable[[str], None],
    tray_icon: object | None = None,
    *,
    app_name: str = "hipbreak",
    icon_path: str | None = None,
    probe_timeout: float = PROBE_TIMEOUT,
) -> tuple[Notifier, list[str]]:
    """Return the notifier to use (a chain when several work) and one line per rejected candidate.

    Probes the notification server, so it may take up to `probe_timeout`; call it from the composition
    root's thread. `on_action` is called on the freedesktop notifier's own thread.
    """
    usable: list[Notifier] = []
    rejected: list[str] = []
    if env.platform not in ("win32", "darwin"):
        freedesktop, reason = _freedesktop(env, on_action, app_name, icon_path, probe_timeout)
        if freedesktop is not None:
            usable.append(freedesktop)
        else:
            rejected.append(f"freedesktop: {reason}")
    tray, reason = _tray(tray_icon, app_name)
    if tray is not None:
        usable.append(tray)
    else:
        rejected.append(f"tray: {reason}")
    from hipbreak.adapters.notify.plyer_bubbles import PlyerNotifier, plyer_problem

    problem = plyer_problem(env)
    if problem is None:
        usable.append(PlyerNotifier(app_name, icon_path, env=env))
    else:
        rejected.append(f"plyer: {problem}")
    if not usable:
        return NullNotifier(), rejected
    if len(usable) == 1:
        return usable[0], rejected
    return ChainNotifier(usable), rejected


def _freedesktop(
    env: Environment,
    on_action: Callable[[str], None],
    app_name: str,
    icon_path: str | None,
    probe_timeout: float,
) -> tuple[Notifier | None, str]:
    from hipbreak.adapters.notify.freedesktop import FreedesktopNotifier
    from hipbreak.adapters.session_bus import session_bus_address

    address = session_bus_address(env.variables)
    if address is None:
        return None, _("no session bus (DBUS_SESSION_BUS_ADDRESS is not set)")
    notifier = FreedesktopNotifier(on_action, app_name, icon_path, bus_address=address)
    reason = notifier.probe(probe_timeout)
    if reason is not None:
        notifier.close()
        return None, reason
    log.info("notification server: %s (buttons: %s)", notifier.server_info, notifier.supports_actions)
    return notifier, ""


def _tray(tray_icon: object | None, app_name: str) -> tuple[Notifier | None, str]:
    from hipbreak.adapters.notify.tray_bubbles import TrayNotifier, tray_notify_problem

    if tray_icon is None:
        return None, _("no tray icon")
    reason = tray_notify_problem(tray_icon)
    if reason is not None:
        return None, reason
    return TrayNotifier(tray_icon, app_name), ""
