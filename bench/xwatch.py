"""Timing what appears on a headless desktop's X display: a docked tray icon, a mapped window.

One python-xlib connection per desktop: a poll costs a few round trips on a local socket (well under a
millisecond), where the test harness's helpers start `xwininfo` each time (~10 ms).
"""

from __future__ import annotations

import re
import select
import time
from typing import Any

from Xlib import X, Xatom
from Xlib import display as xdisplay
from Xlib import error as xerror

# How often the tight loops look again; small against every figure they time.
POLL_SECONDS = 0.002


class Screen:
    """An X connection to one display; not thread-safe."""

    def __init__(self, name: str) -> None:
        """Connect to display `name` (e.g. ":7")."""
        self._display = xdisplay.Display(name)
        self._root = self._display.screen().root
        self._net_wm_name = self._display.intern_atom("_NET_WM_NAME")
        self._utf8 = self._display.intern_atom("UTF8_STRING")
        self._panel: Any = None
        self._watching = False

    def close(self) -> None:
        """Drop the connection."""
        self._display.close()

    # -- the tray -------------------------------------------------------------------------------------

    def docked_icons(self) -> int:
        """How many icons trayer's panel holds (slots bigger than 1x1, as tests/desktop.py counts them)."""
        if self._panel is None:
            self._panel = next((w for w in self._children(self._root) if self.name(w) == "panel"), None)
            if self._panel is None:
                return 0
        return sum(1 for slot in self._children(self._panel) if self._bigger_than_a_pixel(slot))

    def wait_docked(self, count: int, deadline: float) -> float | None:
        """Return time.monotonic() when the panel first holds `count` icons; None at `deadline`."""
        while True:
            now = time.monotonic()
            if self.docked_icons() >= count:
                return now
            if now >= deadline:
                return None
            time.sleep(POLL_SECONDS)

    # -- windows --------------------------------------------------------------------------------------

    def watch_maps(self) -> None:
        """Start hearing about top-level windows being mapped; call before the action you time."""
        self._root.change_attributes(event_mask=X.SubstructureNotifyMask)
        self._display.sync()
        while self._display.pending_events():
            self._display.next_event()
        self._watching = True

    def wait_mapped(
        self, title: str | None, deadline: float, min_height: int = 0
    ) -> tuple[float, int] | None:
        """Return (time.monotonic(), window id) when a top-level window whose name matches the regex `title`
        (any name when None) and at least `min_height` tall is mapped; None at `deadline`.

        Needs watch_maps() first. A window mapped before its name was set is checked again on every pass.
        """
        assert self._watching, "call watch_maps() before the action"
        pattern = re.compile(title) if title is not None else None
        unnamed: list[Any] = []
        while True:
            ready = select.select([self._display.fileno()], [], [], POLL_SECONDS)[0]
            now = time.monotonic()
            if ready or self._display.pending_events():
                while self._display.pending_events():
                    event = self._display.next_event()
                    if event.type == X.MapNotify:
                        unnamed.append(event.window)
            for window in list(unnamed):
                verdict = self._matches(window, pattern, min_height)
                if verdict is None:
                    unnamed.remove(window)  # gone again
                elif verdict:
                    return now, window.id
            if now >= deadline:
                return None

    def _matches(self, window: Any, pattern: re.Pattern[str] | None, min_height: int) -> bool | None:
        try:
            if window.get_attributes().map_state != X.IsViewable:
                return None
            if min_height and window.get_geometry().height < min_height:
                return False
        except xerror.XError:
            return None
        return pattern is None or bool(pattern.search(self.name(window)))

    def name(self, window: Any) -> str:
        """The window's title (_NET_WM_NAME, else WM_NAME); "" when it has none or is gone."""
        try:
            prop = window.get_full_property(self._net_wm_name, self._utf8)
            if prop is not None and prop.value:
                value = prop.value
                return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
            prop = window.get_full_property(Xatom.WM_NAME, X.AnyPropertyType)
        except xerror.XError:
            return ""
        if prop is None or not prop.value:
            return ""
        value = prop.value
        return value.decode("latin-1") if isinstance(value, bytes) else str(value)

    def _children(self, window: Any) -> list[Any]:
        try:
            return list(window.query_tree().children)
        except xerror.XError:
            return []

    def _bigger_than_a_pixel(self, window: Any) -> bool:
        try:
            geometry = window.get_geometry()
        except xerror.XError:
            return False
        return bool(geometry.width > 1 and geometry.height > 1)
