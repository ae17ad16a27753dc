"""How long the user has been away from keyboard and mouse: one interface, one module per desktop.

`choose_idle_source(env)` picks a source to read at run time; `choose_idle_watch(env)` (choose_watch.py)
picks a watch that is told once when the user goes idle and once when they come back, with no polling
where the desktop can tell. Nothing platform-specific is imported here.
"""

from __future__ import annotations

from hipbreak.adapters.idle.base import IdleSource, IdleUnavailable
from hipbreak.adapters.idle.choose import choose_idle_source
from hipbreak.adapters.idle.null import NullIdleSource

__all__ = ["IdleSource", "IdleUnavailable", "NullIdleSource", "choose_idle_source"]
