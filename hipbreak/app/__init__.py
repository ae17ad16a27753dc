"""The running app: the composition root, the state thread and its dispatch table, and the ports it drives."""
