"""The pure core: rules, state and statistics. It is handed `now` and imports no GUI or OS library."""
