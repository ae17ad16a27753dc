"""Where the user's D-Bus session bus is, found the same way by every adapter that speaks to it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def session_bus_address(variables: Mapping[str, str]) -> str | None:
    """Return the session bus address found in `variables`, or None; any thread."""
    address = variables.get("DBUS_SESSION_BUS_ADDRESS", "")
    if address:
        return address
    runtime = variables.get("XDG_RUNTIME_DIR", "")
    if runtime.startswith("/") and (Path(runtime) / "bus").exists():
        # systemd user sessions put the bus here even when the variable was not exported.
        return f"unix:path={runtime}/bus"
    return None
