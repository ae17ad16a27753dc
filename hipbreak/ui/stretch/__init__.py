"""The guided-stretch window, run as its own short-lived process (Tk and the tray cannot share one on macOS).

    python -m hipbreak.ui.stretch --hold S --prepare S --daily-goal N --done-today N
        [--sound|--no-sound] [--routine NAME] [--routines-dir PATH]

It prints one JSON object per line: "started", "phase" (index, name, side), "paused", "resumed", then
exactly one "completed" (seconds) or "cancelled" (progress, phase, reason). Exit status 0 either way,
2 for a bad argument or routine file, 3 with no display. The tray app starts it through
`hipbreak.adapters.stretch_process.launch`, which turns those lines into callbacks.
"""
