"""Idle time from GNOME's compositor (Mutter), on Wayland and X11 alike."""

from __future__ import annotations

from hipbreak.adapters.idle.bus_query import SessionBusIdleSource


class GnomeIdleSource(SessionBusIdleSource):
    """Asks `org.gnome.Mutter.IdleMonitor.GetIdletime()`, which answers in milliseconds."""

    name = "gnome"
    bus_name = "org.gnome.Mutter.IdleMonitor"
    object_path = "/org/gnome/Mutter/IdleMonitor/Core"
    interface = "org.gnome.Mutter.IdleMonitor"
    method = "GetIdletime"
    seconds_per_unit = 0.001
