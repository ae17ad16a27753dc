"""The floor of hipbreak's stack: a pystray icon drawn with Pillow and a three-item menu, nothing else.

`python bench/floor_tray.py --backend gtk` (or xorg). Like hipbreak it keeps Mesa out of GTK, and its first
item opens a small Tk window in a child process, as hipbreak opens the stretch window.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

WINDOW_TITLE = "Window \u2014 floor"


def run_icon(backend: str) -> None:
    """Show the icon until Quit (main thread)."""
    # pystray picks its backend when first imported, and GDK reads GDK_GL when GTK starts.
    os.environ["PYSTRAY_BACKEND"] = backend
    os.environ.setdefault("GDK_GL", "disable")
    os.environ.setdefault("NO_AT_BRIDGE", "1")
    import pystray
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((4, 4, 60, 60), fill=(46, 125, 50, 255))

    def open_window() -> None:
        subprocess.Popen([sys.executable, os.path.abspath(__file__), "--window"])

    def quit_icon(icon: Any) -> None:
        icon.stop()

    menu = pystray.Menu(
        pystray.MenuItem("Open a window", open_window, default=True),
        pystray.MenuItem("Do nothing", lambda: None),
        pystray.MenuItem("Quit", quit_icon),
    )
    icon = pystray.Icon("floor", image, "floor", menu=menu)

    def setup(shown: Any) -> None:
        shown.visible = True

    icon.run(setup=setup)


def run_window() -> None:
    """Show a small Tk window until it is closed."""
    import tkinter

    root = tkinter.Tk()
    root.title(WINDOW_TITLE)
    root.geometry("360x200")
    tkinter.Label(root, text="The floor's window").pack(expand=True)
    root.mainloop()


def main(argv: Sequence[str] | None = None) -> None:
    """Run the icon, or with --window the window."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=["gtk", "xorg", "appindicator"], default="gtk")
    parser.add_argument("--window", action="store_true", help="show the window the first menu item opens")
    args = parser.parse_args(argv)
    if args.window:
        run_window()
    else:
        run_icon(args.backend)


if __name__ == "__main__":
    main()
