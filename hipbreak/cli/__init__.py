"""The `hipbreak` command line: verbs, answers without a running app, doctor and config editing."""
