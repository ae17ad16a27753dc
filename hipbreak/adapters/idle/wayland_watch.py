"""Idle watch on wlroots compositors and KWin through the `ext-idle-notify-v1` Wayland protocol (pywayland).

The compositor sends `idled` once the seat has had no input for the timeout and `resumed` on the
next input, then re-arms by itself, so the thread sleeps in select() with no timeout. The protocol
has no idle-time query: the idle time is known only while idle. sway >= 1.8, Hyprland, river and
KWin offer it; GNOME does not (Mutter has its own watch). pywayland is the optional extra
`hipbreak[wayland]`. https://wayland.app/protocols/ext-idle-notify-v1
"""

from __future__ import annotations

import select
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hipbreak.adapters.idle.base import IdleUnavailable
from hipbreak.adapters.idle.watch_base import ThreadedIdleWatch
from hipbreak.language import N_, _

PROTOCOL = "ext_idle_notifier_v1"
COMPOSITORS = N_("sway >= 1.8, Hyprland, river and KWin have it")


@dataclass(frozen=True)
class WaylandClient:
    """The parts of pywayland the watch uses: a Display factory and the two interfaces it binds."""

    display: Callable[[str], Any]
    seat: Any
    notifier: Any


def load_client() -> WaylandClient:
    """Import pywayland and its ext-idle-notify-v1 bindings; IdleUnavailable saying what to install."""
    try:
        from pywayland.client import Display
        from pywayland.protocol.wayland import WlSeat
    except ImportError as error:
        # Translators: keep hipbreak[wayland] (what to install) as it is.
        text = _("pywayland is not installed ({error}); install hipbreak[wayland]")
        raise IdleUnavailable(text.format(error=error)) from error
    try:
        from pywayland.protocol.ext_idle_notify_v1 import ExtIdleNotifierV1
    except ImportError as error:
        raise IdleUnavailable(
            _(
                "this pywayland has no ext-idle-notify-v1 bindings; "
                "install hipbreak[wayland] (pywayland >= 0.4.17)"
            )
        ) from error
    return WaylandClient(Display, WlSeat, ExtIdleNotifierV1)


class WaylandIdleWatch(ThreadedIdleWatch):
    """One idle notification at the threshold on the first seat; `idled`/`resumed` become the callbacks."""

    name = "wayland"

    def __init__(
        self,
        display_name: str,
        reason: str = "",
        client: WaylandClient | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Connect to `display_name` and bind the seat and the notifier; IdleUnavailable with the reason."""
        super().__init__(reason)
        self.display_name = display_name
        self._client = client if client is not None else load_client()
        self._clock = clock
        self._idle_since: float | None = None
        self._notification: Any = None
        try:
            self._display = self._client.display(display_name)
            self._display.connect()
        except (ValueError, OSError, RuntimeError) as error:
            self.wake.close()
            text = _("cannot connect to the Wayland display {display}")
            raise IdleUnavailable(text.format(display=repr(display_name))) from error
        try:
            self._seat, self._notifier = self._bind()
        except BaseException:
            self._disconnect()
            self.wake.close()
            raise

    def _bind(self) -> tuple[Any, Any]:
        """Read the registry in one round trip; bind the first seat and the idle notifier."""
        offered: dict[str, tuple[int, int]] = {}

        def on_global(registry: Any, global_id: int, interface: str, version: int) -> None:
            offered.setdefault(interface, (global_id, version))

        registry = self._display.get_registry()
        registry.dispatcher["global"] = on_global
        self._display.roundtrip()
        if PROTOCOL not in offered:
            # Translators: {protocol} is ext_idle_notifier_v1; {which} says which compositors have it.
            text = _("the compositor does not offer {protocol} ({which})")
            raise IdleUnavailable(text.format(protocol=PROTOCOL, which=_(COMPOSITORS)))
        if "wl_seat" not in offered:
            raise IdleUnavailable(_("the compositor offers no wl_seat to watch"))
        seat_id, seat_version = offered["wl_seat"]
        notifier_id, notifier_version = offered[PROTOCOL]
        seat = registry.bind(seat_id, self._client.seat, min(seat_version, 1))
        # Version 1 is enough: get_idle_notification honours idle inhibitors (a playing video is not a break).
        notifier = registry.bind(notifier_id, self._client.notifier, min(notifier_version, 1))
        return seat, notifier

    def idle_seconds(self) -> float | None:
        """Return the idle time while idle, else None (no query in the protocol); never raises. Any thread."""
        since = self._idle_since
        return None if since is None else max(0.0, self._clock() - since)

    def _on_idled(self, _notification: Any) -> None:
        self._idle_since = self._clock() - self.threshold
        self._went_idle(self.threshold)

    def _on_resumed(self, _notification: Any) -> None:
        self._idle_since = None
        self._came_back()

    def _watch(self) -> None:
        display = self._display
        timeout_ms = max(1, round(self.threshold * 1000))
        self._notification = notification = self._notifier.get_idle_notification(timeout_ms, self._seat)
        notification.dispatcher["idled"] = self._on_idled
        notification.dispatcher["resumed"] = self._on_resumed
        fd = display.get_fd()
        while True:
            display.dispatch(block=False)  # events already queued (by the round trip, or the last read)
            display.flush()
            readable = select.select([fd, self.wake.read_fd], [], [])[0]
            if self.wake.read_fd in readable:
                return
            display.read()  # prepare_read + read_events; raises when the compositor has gone
            if self.closing:
                return

    def _disconnect(self) -> None:
        display, self._display = getattr(self, "_display", None), None
        if display is not None:
            display.disconnect()

    def _release(self) -> None:
        notification, self._notification = self._notification, None
        if notification is not None and self._display is not None:
            try:
                notification.destroy()
                self._display.flush()
            except (RuntimeError, OSError):
                pass  # the compositor is gone; disconnecting frees the rest
        self._disconnect()

    def _mechanism(self) -> str:
        return _(
            "ext-idle-notify-v1 from the Wayland compositor (no polling; "
            "the protocol has no idle-time query, so the idle time is known only while idle)"
        )
