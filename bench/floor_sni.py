"""The floor of hipbreak's StatusNotifier path: Python, Pillow and jeepney serving one item, nothing else.

`python bench/floor_sni.py`. It runs hipbreak's own StatusNotifier tray (hipbreak.adapters.tray.sni,
pure Python on jeepney) with one static view and a Pillow circle for the icon: no reminder rules, no
history, no idle watch, no control socket. Stretch now opens a small Tk window in a child process, as
hipbreak opens the stretch window; Quit ends it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

WINDOW_TITLE = "Window \u2014 floor"


def run_item() -> None:
    """Serve the item until Quit (main thread)."""
    from PIL import Image, ImageDraw

    from hipbreak.adapters.tray.sni.tray import SniTray
    from hipbreak.core.commands import Command, Quit, StretchNow
    from hipbreak.core.view import TrayView

    def draw(size: int, badge: str | None) -> Any:
        image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
        ImageDraw.Draw(image).ellipse((1, 1, size - 2, size - 2), fill=(46, 125, 50, 255))
        return image

    view = TrayView(
        title="floor",
        breaks_line="Breaks today: 0",
        next_line="Next reminder at 14:30",
        snooze_choices=(("5 min", 300),),
        snooze_enabled=False,
        snooze_label="Snooze",
        can_skip=False,
        paused=False,
        badge=None,
    )

    def post(command: Command) -> None:
        if isinstance(command, StretchNow):
            subprocess.Popen([sys.executable, os.path.abspath(__file__), "--window"])
        elif isinstance(command, Quit):
            tray.stop()

    tray = SniTray(post, draw, view)
    tray.run(lambda: None)


def run_window() -> None:
    """Show a small Tk window until it is closed."""
    import tkinter

    root = tkinter.Tk()
    root.title(WINDOW_TITLE)
    root.geometry("360x200")
    tkinter.Label(root, text="The floor's window").pack(expand=True)
    root.mainloop()


def main(argv: Sequence[str] | None = None) -> None:
    """Serve the item, or with --window show the window."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--window", action="store_true", help="show the window Stretch now opens")
    args = parser.parse_args(argv)
    if args.window:
        run_window()
    else:
        run_item()


if __name__ == "__main__":
    main()
