"""Signals that mean "not now" (a call, full screen, Do Not Disturb, an idle inhibitor), one module each."""
