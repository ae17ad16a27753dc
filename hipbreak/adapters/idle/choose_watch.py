"""Picks the idle watch for this platform and desktop at run time, and says why others were passed over.

Event-driven watches come first (Mutter, XSync, ext-idle-notify); polling an idle source is the
fallback where a desktop offers no idle signal (KDE over D-Bus, Windows, macOS).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from hipbreak.adapters.idle.base import GuardedIdleSource, describe
from hipbreak.adapters.idle.choose import desktop_names, is_wayland
from hipbreak.adapters.idle.watch_base import IdleWatch, NullIdleWatch
from hipbreak.environment import Environment
from hipbreak.language import _

_UNIX = ("linux", "freebsd", "openbsd", "netbsd", "dragonfly", "sunos")


@dataclass(frozen=True)
class WatchCandidate:
    """One way to watch idleness: how to open it (given why it was chosen), or why it is not tried."""

    name: str
    open: Callable[[str], IdleWatch] | None
    why: str = ""


def watch_candidates(env: Environment) -> list[WatchCandidate]:
    """Return the idle watches worth trying on `env`, best first; `why` is the reason or the skip."""
    if env.platform == "win32":
        return [WatchCandidate("windows-poll", _poll(_open_windows), _("Windows has no idle signal"))]
    if env.platform == "darwin":
        return [WatchCandidate("macos-poll", _poll(_open_macos), _("macOS: no idle signal used"))]
    if not env.platform.startswith(_UNIX):
        return []
    variables = env.variables
    desktops = desktop_names(variables)
    wayland = is_wayland(variables)
    display = variables.get("DISPLAY", "")
    if "gnome" in desktops:
        mutter = WatchCandidate("mutter", lambda why: _open_mutter(variables, why), _("GNOME session"))
    else:
        mutter = WatchCandidate("mutter", None, _("not a GNOME session"))
    if "kde" in desktops:
        # Plasma has no idle signal on D-Bus (KIdleTime is in-process), so its idle time is polled.
        kde = WatchCandidate(
            "kde-poll", _poll(lambda: _open_kde(variables)), _("KDE has no idle signal on D-Bus")
        )
    else:
        kde = WatchCandidate("kde-poll", None, _("not a KDE session"))
    if wayland:
        # ext-idle-notify-v1 (sway >= 1.8, Hyprland, river, KWin) comes before KDE's poll, which wakes.
        socket = wayland_socket(variables)
        if socket:
            compositor = _("Wayland compositor")
            ext_idle = WatchCandidate("wayland", lambda why: _open_wayland(socket, why), compositor)
        elif not variables.get("WAYLAND_DISPLAY"):
            ext_idle = WatchCandidate("wayland", None, _("WAYLAND_DISPLAY is not set"))
        else:
            ext_idle = WatchCandidate(
                "wayland", None, _("XDG_RUNTIME_DIR is not set, so the Wayland socket is unknown")
            )
        return [
            mutter,
            # XWayland's counter ignores input to Wayland windows, so it would report a busy user as idle.
            WatchCandidate("xsync", None, _("Wayland session: XWayland sees only X11 apps' input")),
            ext_idle,
            kde,
        ]
    return [
        mutter,
        WatchCandidate(
            "xsync", lambda why: _open_xsync(display, why), _("X11 session with the SYNC extension")
        ),
        kde,
        WatchCandidate("x11-poll", _poll(lambda: _open_x11(display)), _("X11 session without SYNC")),
    ]


def wayland_socket(variables: Mapping[str, str]) -> str:
    """Return the compositor's socket path from WAYLAND_DISPLAY (relative to XDG_RUNTIME_DIR), or ""."""
    name = variables.get("WAYLAND_DISPLAY", "")
    if name.startswith("/"):
        return name
    runtime_dir = variables.get("XDG_RUNTIME_DIR", "")
    return str(PurePosixPath(runtime_dir, name)) if name and runtime_dir.startswith("/") else ""


def choose_idle_watch(
    env: Environment, openers: Mapping[str, Callable[[str], IdleWatch]] | None = None
) -> tuple[IdleWatch, list[str]]:
    """Return the first watch that opens and answers a probe (else the null watch), plus one line per
    candidate passed over. `openers` replaces the opener of a candidate that is tried, by name (tests).
    Nothing is started; call from the thread that will own the watch."""
    notes: list[str] = []
    candidates = watch_candidates(env)
    if not candidates:
        # Translators: {platform} is the operating system's code, e.g. 'sunos5'.
        notes.append(_("no idle watch for platform {platform}").format(platform=repr(env.platform)))
    for candidate in candidates:
        if candidate.open is None:
            notes.append(f"{candidate.name}: {candidate.why}")
            continue
        open_watch = (openers or {}).get(candidate.name, candidate.open)
        try:
            return open_watch(candidate.why), notes
        except Exception as error:  # any failure to open is a reason for the report
            notes.append(f"{candidate.name}: {describe(error)}")
    return NullIdleWatch(_("nothing else answered")), notes


def _poll(open_source: Callable[[], GuardedIdleSource]) -> Callable[[str], IdleWatch]:
    """Return an opener that probes the source `open_source` makes, then wraps it in a polling watch."""

    def open_watch(why: str) -> IdleWatch:
        from hipbreak.adapters.idle.polling_watch import PollingIdleWatch

        source = open_source()
        try:
            source.read()  # the probe: raises IdleUnavailable with the reason
        except Exception:
            source.close()
            raise
        return PollingIdleWatch(source, why)

    return open_watch


# Each opener imports its module only when called, so nothing platform-specific loads at import.
def _open_mutter(variables: Mapping[str, str], why: str) -> IdleWatch:
    from hipbreak.adapters.idle.bus_query import session_bus_address
    from hipbreak.adapters.idle.mutter_watch import MutterIdleWatch

    return MutterIdleWatch(session_bus_address(variables), why)


def _open_xsync(display: str, why: str) -> IdleWatch:
    from hipbreak.adapters.idle.xsync import XSyncIdleWatch

    return XSyncIdleWatch(display, why)


def _open_wayland(display_name: str, why: str) -> IdleWatch:
    from hipbreak.adapters.idle.wayland_watch import WaylandIdleWatch

    return WaylandIdleWatch(display_name, why)


def _open_kde(variables: Mapping[str, str]) -> GuardedIdleSource:
    from hipbreak.adapters.idle.bus_query import session_bus_address
    from hipbreak.adapters.idle.kde import KdeIdleSource

    return KdeIdleSource(session_bus_address(variables))


def _open_x11(display: str) -> GuardedIdleSource:
    from hipbreak.adapters.idle.x11 import X11IdleSource

    return X11IdleSource(display)


def _open_windows() -> GuardedIdleSource:
    from hipbreak.adapters.idle.win32 import WindowsIdleSource

    return WindowsIdleSource()


def _open_macos() -> GuardedIdleSource:
    from hipbreak.adapters.idle.macos import MacosIdleSource

    return MacosIdleSource()
