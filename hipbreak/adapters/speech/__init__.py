"""Speaking the stretch's cues aloud: one port, one small module per speech program, a null speaker."""
