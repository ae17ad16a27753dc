"""Reminder bubbles: one interface, one module per way of showing them, chosen at run time.

`choose_notifier(env, on_action, tray_icon)` picks; nothing platform-specific is imported here.
"""

from __future__ import annotations

from hipbreak.adapters.notify.base import Notification, Notifier
from hipbreak.adapters.notify.choose import ChainNotifier, choose_notifier
from hipbreak.adapters.notify.null import NullNotifier

__all__ = ["ChainNotifier", "Notification", "Notifier", "NullNotifier", "choose_notifier"]
