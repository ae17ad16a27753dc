"""Idle watches: told once when the user goes idle and once when they come back, with no polling."""
