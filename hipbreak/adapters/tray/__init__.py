"""The tray icon: a StatusNotifierItem on D-Bus (sni/), pystray for XEmbed hosts, Windows and macOS.

The probe (probe.py) tells which kinds of tray host the session has.
"""
