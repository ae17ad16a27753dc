"""Full screen on X11: the active window (`_NET_ACTIVE_WINDOW` on the root) has `_NET_WM_STATE_FULLSCREEN`.

The window manager keeps both properties (EWMH), so the signal asks for PropertyNotify on the root and
on the active window and sleeps in select() until one changes: no polling. python-xlib is pure Python
(pystray installs it on Linux) and raises on a lost server, where Xlib's C library would exit.
"""

from __future__ import annotations

import contextlib
import select
from typing import Any

from hipbreak.adapters.hold.base import HoldUnavailable, ThreadedHoldSignal
from hipbreak.core.holds import HoldReason
from hipbreak.language import _


def _open(display_name: str) -> Any:
    try:
        from Xlib import display
    except ImportError as error:
        raise HoldUnavailable(_("python-xlib is not installed")) from error
    try:
        return display.Display(display_name)
    except Exception as error:  # DisplayNameError, ConnectionClosedError, OSError: all mean "no display"
        text = _("cannot open display {display} ({error})")
        raise HoldUnavailable(text.format(display=repr(display_name), error=error)) from error


class X11Fullscreen(ThreadedHoldSignal):
    """Holds while the window the window manager calls active is full screen."""

    name = "x11-fullscreen"
    reason = HoldReason.FULLSCREEN

    def __init__(self, display_name: str, why: str = "") -> None:
        """Check that `display_name` opens; HoldUnavailable otherwise."""
        super().__init__(why)
        if not display_name:
            raise HoldUnavailable(_("DISPLAY is not set"))
        self.display_name = display_name
        _open(display_name).close()
        self._display: Any = None
        self._watched = 0  # the window whose _NET_WM_STATE we listen to
        self.window_manager = True

    def _property(self, window: Any, atom: int) -> list[int]:
        from Xlib import X, error

        try:
            prop = window.get_full_property(atom, X.AnyPropertyType)
        except error.XError:  # the window went away between the event and the question
            return []
        return list(prop.value) if prop is not None else []

    def _reading(self) -> bool:
        from Xlib import X

        d = self._display
        root = d.screen().root
        supported = self._property(root, self._atoms["_NET_SUPPORTED"])
        self.window_manager = self._atoms["_NET_ACTIVE_WINDOW"] in supported
        active = self._property(root, self._atoms["_NET_ACTIVE_WINDOW"])
        window_id = active[0] if active else 0
        if window_id != self._watched:
            if self._watched:
                # Stop listening to the old window; it may be gone, which is fine.
                d.create_resource_object("window", self._watched).change_attributes(
                    event_mask=X.NoEventMask, onerror=lambda *_: None
                )
            if window_id:
                d.create_resource_object("window", window_id).change_attributes(
                    event_mask=X.PropertyChangeMask, onerror=lambda *_: None
                )
            self._watched = window_id
            d.flush()
        if not window_id:
            return False
        window = d.create_resource_object("window", window_id)
        return self._atoms["_NET_WM_STATE_FULLSCREEN"] in self._property(window, self._atoms["_NET_WM_STATE"])

    def _watch(self) -> None:
        from Xlib import X

        self._display = d = _open(self.display_name)
        names = ("_NET_SUPPORTED", "_NET_ACTIVE_WINDOW", "_NET_WM_STATE", "_NET_WM_STATE_FULLSCREEN")
        self._atoms = {name: d.intern_atom(name) for name in names}
        d.screen().root.change_attributes(event_mask=X.PropertyChangeMask)
        self._first(self._reading())
        interesting = {self._atoms["_NET_ACTIVE_WINDOW"], self._atoms["_NET_WM_STATE"]}
        while True:
            changed = False
            while d.pending_events():
                event = d.next_event()
                if event.type == X.PropertyNotify and event.atom in interesting:
                    changed = True
            if changed:
                self._set(self._reading())
                continue  # events that came with the replies wait in the queue, not on the socket
            readable = select.select([d.fileno(), self.wake.read_fd], [], [])[0]
            if self.wake.read_fd in readable:
                return

    def _release(self) -> None:
        display, self._display = self._display, None
        if display is not None:
            with contextlib.suppress(Exception):
                display.close()

    def _mechanism(self) -> str:
        if self.window_manager:
            # Translators: {display} is an X display such as :0; keep the X11 names as they are.
            text = _("_NET_ACTIVE_WINDOW and _NET_WM_STATE_FULLSCREEN on {display}, PropertyNotify")
        else:
            # Translators: {display} is an X display such as :0; keep the X11 names and EWMH as they are.
            text = _(
                "_NET_ACTIVE_WINDOW and _NET_WM_STATE_FULLSCREEN on {display}, PropertyNotify; "
                "no EWMH window manager answers yet"
            )
        return text.format(display=self.display_name)
