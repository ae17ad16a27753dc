"""Picks how to start at login for this platform, at run time."""

from __future__ import annotations

from hipbreak.autostart.base import Autostart
from hipbreak.environment import Environment

_XDG_PLATFORMS = ("linux", "freebsd", "openbsd", "netbsd", "dragonfly", "sunos")


def choose_autostart(env: Environment) -> Autostart:
    """Return the start-at-login adapter for `env.platform` (the null one where none exists)."""
    if env.platform == "win32":
        from hipbreak.autostart.windows import WindowsAutostart

        return WindowsAutostart(env)
    if env.platform == "darwin":
        from hipbreak.autostart.macos import MacosAutostart

        return MacosAutostart(env)
    if env.platform.startswith(_XDG_PLATFORMS):
        from hipbreak.autostart.xdg import XdgAutostart

        return XdgAutostart(env)
    from hipbreak.autostart.null import NullAutostart

    return NullAutostart(env.platform)
