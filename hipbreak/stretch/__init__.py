"""The guided-stretch window, run as its own short-lived process (`python -m hipbreak.stretch`).

The tray app starts it through `hipbreak.stretch.launcher.launch` and reads its JSON lines.
"""
