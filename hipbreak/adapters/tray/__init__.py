"""The tray icon: one port, a pystray adapter for XEmbed hosts, Windows and macOS, and the host probe."""
