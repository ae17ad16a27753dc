"""The tray as a StatusNotifierItem with a dbusmenu, spoken directly on the session bus (no GTK)."""

from hipbreak.adapters.tray.sni.tray import SniTray

__all__ = ["SniTray"]
