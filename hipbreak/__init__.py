"""hipbreak: a tray app that reminds you to stand up and stretch your hip flexors."""

__version__ = "0.1.0"
