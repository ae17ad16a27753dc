"""Adapters: the app's ports spoken to real desktops, buses and toolkits."""
