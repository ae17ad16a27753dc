"""The user's TOML settings file: reading it into typed settings, and writing keys back with comments kept."""
