"""Why a reminder may be held: the reasons the desktop can give for "not now"."""

from __future__ import annotations

import enum


class HoldReason(str, enum.Enum):
    """One reason a reminder is held."""

    CALL = "call"
    FULLSCREEN = "fullscreen"
    DND = "dnd"
    INHIBITED = "inhibited"
