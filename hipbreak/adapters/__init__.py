"""Adapters: the code that talks to the OS, the desktop and the disk, one module per concern."""
