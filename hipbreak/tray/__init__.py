"""The tray icon and its menu (pystray), and the probe that tells whether a tray host exists."""
