"""Idle time from KDE Plasma's screen locker through the freedesktop ScreenSaver interface."""

from __future__ import annotations

from hipbreak.adapters.idle.bus_query import SessionBusIdleSource


class KdeIdleSource(SessionBusIdleSource):
    """Asks `org.freedesktop.ScreenSaver.GetSessionIdleTime()`.

    The old freedesktop draft says seconds, but KDE's kscreenlocker returns
    `KIdleTime::idleTime()`, which is milliseconds (see its interface.cpp).
    """

    name = "kde"
    bus_name = "org.freedesktop.ScreenSaver"
    object_path = "/ScreenSaver"
    interface = "org.freedesktop.ScreenSaver"
    method = "GetSessionIdleTime"
    seconds_per_unit = 0.001
