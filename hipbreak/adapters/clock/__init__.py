"""The app's clock: local time and zone, and what it learns about sleep and clock jumps."""
