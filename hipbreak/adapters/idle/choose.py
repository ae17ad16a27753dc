"""Picks the idle source for this platform and desktop at run time, and says why others were passed over."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from hipbreak.adapters.idle.base import GuardedIdleSource, IdleSource, describe
from hipbreak.adapters.idle.null import NullIdleSource
from hipbreak.environment import Environment
from hipbreak.language import _


@dataclass(frozen=True)
class Candidate:
    """One way to read idle time: how to open it, or why it is not even tried here."""

    name: str
    open: Callable[[], GuardedIdleSource] | None
    skipped: str = ""


def desktop_names(variables: Mapping[str, str]) -> set[str]:
    """Return the lower-cased names in XDG_CURRENT_DESKTOP (e.g. {"ubuntu", "gnome"})."""
    names = {part.strip().lower() for part in variables.get("XDG_CURRENT_DESKTOP", "").split(":")}
    if variables.get("KDE_FULL_SESSION", "").lower() == "true":
        names.add("kde")
    return names - {""}


def is_wayland(variables: Mapping[str, str]) -> bool:
    """Return whether the session is Wayland (XDG_SESSION_TYPE wins over WAYLAND_DISPLAY)."""
    session_type = variables.get("XDG_SESSION_TYPE", "").lower()
    if session_type in ("wayland", "x11"):
        return session_type == "wayland"
    return bool(variables.get("WAYLAND_DISPLAY"))


def idle_candidates(env: Environment) -> list[Candidate]:
    """Return the idle sources worth trying on `env`, best first."""
    if env.platform == "win32":
        return [Candidate("windows", _open_windows)]
    if env.platform == "darwin":
        return [Candidate("macos", _open_macos)]
    if not env.platform.startswith(("linux", "freebsd", "openbsd", "netbsd", "dragonfly", "sunos")):
        return []
    variables = env.variables
    desktops = desktop_names(variables)
    wayland = is_wayland(variables)
    x11 = Candidate("x11", lambda: _open_x11(variables.get("DISPLAY", "")))
    gnome = Candidate("gnome", lambda: _open_gnome(variables))
    if "kde" in desktops:
        kde = Candidate("kde", lambda: _open_kde(variables))
    else:
        # Other desktops' GetSessionIdleTime differ in units or are stubs; trust only KDE's.
        kde = Candidate("kde", None, _("not a KDE session"))
    desktop_first = [kde, gnome] if "kde" in desktops else [gnome, kde]
    if wayland:
        # XWayland's counter ignores input to Wayland windows, so it would report a busy user as idle.
        skipped_x11 = Candidate("x11", None, _("Wayland session: XWayland sees only X11 apps' input"))
        return [*desktop_first, skipped_x11]
    return [x11, *desktop_first]


def choose_idle_source(env: Environment) -> tuple[IdleSource, list[str]]:
    """Return the first candidate that answers a probe read (else the null source), plus one line per
    rejected candidate. Call from the thread that will own the source."""
    rejected: list[str] = []
    candidates = idle_candidates(env)
    if not candidates:
        # Translators: {platform} is the operating system's code, e.g. 'sunos5'.
        rejected.append(_("no idle source for platform {platform}").format(platform=repr(env.platform)))
    for candidate in candidates:
        if candidate.open is None:
            rejected.append(f"{candidate.name}: {candidate.skipped}")
            continue
        try:
            source = candidate.open()
        except Exception as error:  # any failure to open is a reason for the report
            rejected.append(f"{candidate.name}: {describe(error)}")
            continue
        try:
            source.read()
        except Exception as error:
            rejected.append(f"{candidate.name}: {describe(error)}")
            source.close()
            continue
        return source, rejected
    return NullIdleSource(), rejected


# Each opener imports its module only when called, so nothing platform-specific loads at import.
def _open_x11(display: str) -> GuardedIdleSource:
    from hipbreak.adapters.idle.x11 import X11IdleSource

    return X11IdleSource(display)


def _open_gnome(variables: Mapping[str, str]) -> GuardedIdleSource:
    from hipbreak.adapters.idle.bus_query import session_bus_address
    from hipbreak.adapters.idle.gnome import GnomeIdleSource

    return GnomeIdleSource(session_bus_address(variables))


def _open_kde(variables: Mapping[str, str]) -> GuardedIdleSource:
    from hipbreak.adapters.idle.bus_query import session_bus_address
    from hipbreak.adapters.idle.kde import KdeIdleSource

    return KdeIdleSource(session_bus_address(variables))


def _open_windows() -> GuardedIdleSource:
    from hipbreak.adapters.idle.win32 import WindowsIdleSource

    return WindowsIdleSource()


def _open_macos() -> GuardedIdleSource:
    from hipbreak.adapters.idle.macos import MacosIdleSource

    return MacosIdleSource()
