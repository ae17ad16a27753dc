"""Tray adapters: the icon and its menu on each kind of system tray."""
