"""The control channel between the `hipbreak` command line and the running app.

`protocol` is the pure message format, `server` listens inside the app, `client` talks from the CLI.
"""
