"""Following the StatusNotifierWatcher: register with each one that appears, again after it restarts.

A panel that starts after the app (the login race) or restarts brings a new watcher owner; the item
registers once with every new owner. https://www.freedesktop.org/wiki/Specifications/StatusNotifierItem/StatusNotifierWatcher/
"""

from __future__ import annotations

from typing import Any

WATCHER = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
BUS = "org.freedesktop.DBus"
BUS_PATH = "/org/freedesktop/DBus"


def item_bus_name(pid: int) -> str:
    """Return the well-known name an item of process `pid` owns, as the spec spells it."""
    return f"org.kde.StatusNotifierItem-{pid}-1"


def owner_rule() -> Any:
    """Return the match rule for NameOwnerChanged of the watcher's name."""
    from jeepney import MatchRule

    rule = MatchRule(type="signal", sender=BUS, interface=BUS, member="NameOwnerChanged", path=BUS_PATH)
    rule.add_arg_condition(0, WATCHER)
    return rule


def register_call(service: str) -> Any:
    """Return the RegisterStatusNotifierItem call for `service` (a bus name)."""
    from jeepney import DBusAddress, new_method_call

    watcher = DBusAddress(WATCHER_PATH, bus_name=WATCHER, interface=WATCHER)
    return new_method_call(watcher, "RegisterStatusNotifierItem", "s", (service,))


class WatcherTracker:
    """Which watcher owns the name now, and whether the item still has to register with it."""

    def __init__(self) -> None:
        self.owner: str | None = None
        self._registered_with: str | None = None

    def owner_is(self, owner: str) -> bool:
        """Note the watcher's current owner ("" for none); True when the item should register now."""
        self.owner = owner or None
        if self.owner is None or self.owner == self._registered_with:
            return False
        self._registered_with = self.owner
        return True
