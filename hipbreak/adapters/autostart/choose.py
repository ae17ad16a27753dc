"""Picks how to start at login for this platform, at run time."""

from __future__ import annotations

from hipbreak.adapters.autostart.base import Autostart
from hipbreak.environment import Environment

_XDG_PLATFORMS = ("linux", "freebsd", "openbsd", "netbsd", "dragonfly", "sunos")


def choose_autostart(env: Environment) -> Autostart:
    """Return the start-at-login adapter for `env.platform` (the null one where none exists)."""
    if env.platform == "win32":
        from hipbreak.adapters.autostart.win32 import WindowsAutostart

        return WindowsAutostart(env)
    if env.platform == "darwin":
        from hipbreak.adapters.autostart.macos import MacosAutostart

        return MacosAutostart(env)
    if env.platform.startswith(_XDG_PLATFORMS):
        from hipbreak.adapters.autostart.xdg import XdgAutostart

        return XdgAutostart(env)
    from hipbreak.adapters.autostart.null import NullAutostart

    return NullAutostart(env.platform)
