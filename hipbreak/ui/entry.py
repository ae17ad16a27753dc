"""How each window process starts: its Tk root (or one line saying there is no display) and its loop."""

from __future__ import annotations

import sys
import tkinter as tk
from collections.abc import Callable
from typing import Protocol, TextIO

from hipbreak.environment import Environment, current_environment
from hipbreak.exit_codes import ExitStatus
from hipbreak.language import _, choose
from hipbreak.ui.look import open_root
from hipbreak.ui.window_trace import Trace


class SmallWindow(Protocol):
    """A window built on a root; `start()` runs once it is on screen."""

    def start(self) -> None: ...


def tk_root(class_name: str, no_display: str, err: TextIO) -> tk.Tk | None:
    """Return a new withdrawn Tk root, or None after the line `no_display` (with {reason}) on `err`."""
    try:
        root = tk.Tk(className=class_name)
    except tk.TclError as exc:
        err.write(no_display.format(reason=exc) + "\n")
        return None
    root.withdraw()  # shown once placed, so it never flashes at the screen's corner
    return root


def run_small_window(
    name: str, title: str, no_display: str, build: Callable[[tk.Tk, Environment, Trace], SmallWindow]
) -> ExitStatus:
    """Open the small window `name` in the hipbreak look and run it until closed (the main thread).

    `title` and `no_display` (a line with {reason}) are marked English, translated here.
    """
    env = current_environment()
    choose(env.variables)  # the app's language, handed down in the environment
    trace = Trace.from_variables(name, env.variables, sys.stdout)
    root = open_root(_(title), _(no_display))
    if root is None:
        return ExitStatus.NOT_RUNNING
    window = build(root, env, trace)
    root.wait_visibility()
    window.start()
    root.mainloop()
    return ExitStatus.OK
