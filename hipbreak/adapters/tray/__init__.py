"""The tray icon: a StatusNotifierItem on D-Bus (sni/), pystray for XEmbed hosts, Windows and macOS, and the host probe."""
