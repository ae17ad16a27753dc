"""Thin adapters, one per outside thing (tray, notifications, idle time, autostart, clock, history, ...)."""
