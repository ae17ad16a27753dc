"""Starting hipbreak at login: one interface, one module per platform, chosen at run time.

`choose_autostart(env)` (in `hipbreak.adapters.autostart.choose`) picks the module; nothing
platform-specific (winreg, plistlib) is imported here.
"""

from __future__ import annotations

from hipbreak.adapters.autostart.base import Autostart, AutostartError

__all__ = ["Autostart", "AutostartError"]
