"""Idle time on Windows: the tick count of the last input event against the current tick count."""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from hipbreak.adapters.idle.base import GuardedIdleSource, IdleUnavailable
from hipbreak.language import _


class _LastInputInfo(ctypes.Structure):
    _fields_ = [("cbSize", ctypes.c_uint), ("dwTime", ctypes.c_uint32)]


def elapsed_ms(now_tick: int, last_input_tick: int) -> int:
    """Return milliseconds from `last_input_tick` to `now_tick`, across the 49.7-day wrap of DWORD ticks."""
    return (now_tick - last_input_tick) & 0xFFFFFFFF


class WindowsIdleSource(GuardedIdleSource):
    """Calls `GetLastInputInfo` and `GetTickCount` in user32/kernel32."""

    name = "windows"

    def __init__(self) -> None:
        """Load the system DLLs or raise IdleUnavailable."""
        super().__init__()
        self._user32: Any = None
        self._kernel32: Any = None
        if sys.platform != "win32":
            raise IdleUnavailable(_("not running on Windows"))
        self._user32 = ctypes.WinDLL("user32")
        self._kernel32 = ctypes.WinDLL("kernel32")
        self._user32.GetLastInputInfo.argtypes = [ctypes.POINTER(_LastInputInfo)]
        self._user32.GetLastInputInfo.restype = ctypes.c_int
        self._kernel32.GetTickCount.restype = ctypes.c_uint32

    def _read(self) -> float:
        info = _LastInputInfo(cbSize=ctypes.sizeof(_LastInputInfo))
        if not self._user32.GetLastInputInfo(ctypes.byref(info)):
            raise IdleUnavailable(_("{function} failed").format(function="GetLastInputInfo"))
        return elapsed_ms(int(self._kernel32.GetTickCount()), int(info.dwTime)) / 1000.0

    def _release(self) -> None:
        self._user32 = self._kernel32 = None
