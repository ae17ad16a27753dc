"""Idle time on macOS from CoreGraphics: seconds since the last input event of any type."""

from __future__ import annotations

import ctypes
from typing import Any

from hipbreak.adapters.idle.base import GuardedIdleSource, IdleUnavailable
from hipbreak.language import _

COREGRAPHICS = "/System/Library/Frameworks/CoreGraphics.framework/CoreGraphics"
_COMBINED_SESSION_STATE = 0  # kCGEventSourceStateCombinedSessionState
_ANY_INPUT_EVENT = 0xFFFFFFFF  # kCGAnyInputEventType


class MacosIdleSource(GuardedIdleSource):
    """Calls `CGEventSourceSecondsSinceLastEventType` for the combined session state."""

    name = "macos"

    def __init__(self, library: str = COREGRAPHICS) -> None:
        """Load CoreGraphics or raise IdleUnavailable."""
        super().__init__()
        try:
            self._cg: Any = ctypes.CDLL(library)
            seconds_since = self._cg.CGEventSourceSecondsSinceLastEventType
        except (OSError, AttributeError) as error:
            raise IdleUnavailable(_("cannot load CoreGraphics: {error}").format(error=error)) from error
        seconds_since.argtypes = [ctypes.c_int32, ctypes.c_uint32]
        seconds_since.restype = ctypes.c_double
        self._seconds_since = seconds_since

    def _read(self) -> float:
        return float(self._seconds_since(_COMBINED_SESSION_STATE, _ANY_INPUT_EVENT))

    def _release(self) -> None:
        self._cg = None
