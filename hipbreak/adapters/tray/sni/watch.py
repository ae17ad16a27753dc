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


# Seconds between tries when a watcher refuses the item: status-notifier-watcher owns its name a moment
# before it serves its object, and answers UnknownObject meanwhile.
RETRY_DELAYS: tuple[float, ...] = (0.1, 0.25, 0.5, 1.0, 2.0)


class WatcherTracker:
    """Which watcher owns the name now, whether the item must register with it, and when to try again.

    Time is an argument (monotonic seconds); only a refused registration sets a deadline, so an item
    that is registered, or has no watcher, has nothing to wake up for.
    """

    def __init__(self) -> None:
        self.owner: str | None = None
        self._registered_with: str | None = None
        self._tries = 0
        self.retry_at: float | None = None

    def owner_is(self, owner: str) -> bool:
        """Note the watcher's current owner ("" for none); True when the item should register now."""
        self.owner = owner or None
        if self.owner is None or self.owner == self._registered_with:
            if self.owner is None:
                self.retry_at = None
            return False
        self._registered_with = self.owner
        self._tries = 0
        self.retry_at = None
        return True

    def refused(self, now: float) -> float | None:
        """Note a refused registration; return the delay before the next try, None when giving up."""
        if self.owner is None or self._tries >= len(RETRY_DELAYS):
            self.retry_at = None
            return None
        delay = RETRY_DELAYS[self._tries]
        self._tries += 1
        self.retry_at = now + delay
        return delay

    def retry_due(self, now: float) -> bool:
        """True (once) when a retry's time has come and a watcher is still there."""
        if self.retry_at is None or now < self.retry_at:
            return False
        self.retry_at = None
        return self.owner is not None
