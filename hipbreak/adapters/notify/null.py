"""The notifier of last resort: it shows nothing, so the app's own window has to carry the reminder."""

from __future__ import annotations

from hipbreak.adapters.notify.base import Notification


class NullNotifier:
    """Shows nothing and says so: `show()` returns False."""

    name = "none"
    supports_actions = False

    def show(self, note: Notification) -> bool:
        """Show nothing and return False; any thread."""
        return False

    def withdraw(self, replace_key: str) -> None:
        """Do nothing; any thread."""

    def close(self) -> None:
        """Do nothing; any thread."""
