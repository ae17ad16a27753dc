"""Where the window goes: centred on the monitor under the pointer."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

Rect = tuple[int, int, int, int]  # x, y, width, height


def centred(area: Rect, width: int, height: int) -> tuple[int, int]:
    """Return the top-left corner that centres a `width`×`height` window in `area`, kept inside it."""
    x, y, w, h = area
    return x + max(0, (w - width) // 2), y + max(0, (h - height) // 2)


def pick_monitor(monitors: list[Rect], x: int, y: int) -> Rect | None:
    """Return the monitor containing point (x, y), else the nearest one, else None."""
    if not monitors:
        return None
    for rect in monitors:
        if rect[0] <= x < rect[0] + rect[2] and rect[1] <= y < rect[1] + rect[3]:
            return rect

    def distance(rect: Rect) -> int:
        dx = max(rect[0] - x, 0, x - (rect[0] + rect[2] - 1))
        dy = max(rect[1] - y, 0, y - (rect[1] + rect[3] - 1))
        return dx * dx + dy * dy

    return min(monitors, key=distance)


def monitors(platform: str = sys.platform) -> list[Rect]:
    """Return the monitors' rectangles on the virtual screen, or [] when they cannot be learned."""
    try:
        if platform == "win32":
            return _windows_monitors()
        if platform.startswith("linux") or "bsd" in platform:
            return _xinerama_monitors()
    except (OSError, AttributeError, ValueError):
        pass
    return []


class _XineramaScreenInfo(ctypes.Structure):
    _fields_ = [
        ("screen_number", ctypes.c_int),
        ("x_org", ctypes.c_short),
        ("y_org", ctypes.c_short),
        ("width", ctypes.c_short),
        ("height", ctypes.c_short),
    ]


def _xinerama_monitors() -> list[Rect]:
    x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    xinerama = ctypes.CDLL(ctypes.util.find_library("Xinerama") or "libXinerama.so.1")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    x11.XFree.argtypes = [ctypes.c_void_p]
    xinerama.XineramaIsActive.argtypes = [ctypes.c_void_p]
    xinerama.XineramaQueryScreens.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
    xinerama.XineramaQueryScreens.restype = ctypes.POINTER(_XineramaScreenInfo)
    display = x11.XOpenDisplay(None)
    if not display:
        return []
    try:
        if not xinerama.XineramaIsActive(display):
            return []
        count = ctypes.c_int(0)
        screens = xinerama.XineramaQueryScreens(display, ctypes.byref(count))
        if not screens:
            return []
        try:
            return [(s.x_org, s.y_org, s.width, s.height) for s in screens[: count.value]]
        finally:
            x11.XFree(screens)
    finally:
        x11.XCloseDisplay(display)


def _windows_monitors() -> list[Rect]:
    from ctypes import wintypes

    user32 = ctypes.windll.user32  # type: ignore[attr-defined]
    found: list[Rect] = []

    class MonitorInfo(ctypes.Structure):
        _fields_ = [
            ("cbSize", wintypes.DWORD),
            ("rcMonitor", wintypes.RECT),
            ("rcWork", wintypes.RECT),
            ("dwFlags", wintypes.DWORD),
        ]

    callback_type = ctypes.WINFUNCTYPE(  # type: ignore[attr-defined]
        wintypes.BOOL, wintypes.HMONITOR, wintypes.HDC, ctypes.POINTER(wintypes.RECT), wintypes.LPARAM
    )

    def collect(monitor: int, _dc: int, _rect: object, _data: int) -> bool:
        info = MonitorInfo()
        info.cbSize = ctypes.sizeof(MonitorInfo)
        if user32.GetMonitorInfoW(monitor, ctypes.byref(info)):
            work = info.rcWork  # the part not covered by the taskbar
            found.append((work.left, work.top, work.right - work.left, work.bottom - work.top))
        return True

    user32.EnumDisplayMonitors(None, None, callback_type(collect), 0)
    return found
