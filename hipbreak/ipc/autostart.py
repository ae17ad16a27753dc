"""Start at login, changed through the running app when there is one (so its tray stays true), else here."""

from __future__ import annotations

from hipbreak.core.commands import SetAutostart
from hipbreak.environment import Environment
from hipbreak.ipc.client import ControlError, NotRunning, send


def set_autostart(env: Environment, on: bool | None) -> tuple[bool, str]:
    """Set start at login (None toggles); return (enabled, where); raises AutostartError or ControlError."""
    try:
        reply = send(env, SetAutostart(on))
    except NotRunning:
        return _directly(env, on)
    if not reply.ok:
        raise ControlError(reply.error)
    return bool(reply.data.get("enabled")), str(reply.data.get("location", ""))


def _directly(env: Environment, on: bool | None) -> tuple[bool, str]:
    from hipbreak.adapters.autostart.choose import choose_autostart

    autostart = choose_autostart(env)
    target = (not autostart.enabled()) if on is None else on
    if target:
        autostart.enable()
    else:
        autostart.disable()
    return bool(autostart.enabled()), str(autostart.location())
