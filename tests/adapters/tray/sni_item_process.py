"""Run the StatusNotifierItem alone in this process, as the app would (tests read its maps and switches).

Prints "ready <bus name>" once the name is owned, then one "posted <command>" line per click; SIGTERM
stops it through stop(). The bus is $DBUS_SESSION_BUS_ADDRESS.
"""

from __future__ import annotations

import signal
import sys
import threading

from PIL import Image, ImageDraw

from hipbreak.adapters.tray.sni import SniTray
from hipbreak.core.view import TrayView

VIEW = TrayView(
    title="hipbreak: 0 breaks today · next reminder at 14:30",
    breaks_line="Breaks today: 0",
    next_line="Next reminder at 14:30",
    snooze_choices=(("5 min", 300), ("15 min", 900)),
    snooze_enabled=True,
    snooze_label="Snooze",
    can_skip=True,
    paused=False,
    badge=None,
)


def draw(size: int, badge: str | None) -> Image.Image:
    """A teal disc, with an amber dot for a badge."""
    image = Image.new("RGBA", (size, size))
    pen = ImageDraw.Draw(image)
    pen.ellipse((0, 0, size - 1, size - 1), fill=(22, 138, 116, 255))
    if badge:
        pen.ellipse((size // 2, size // 2, size - 1, size - 1), fill=(255, 183, 77, 255))
    return image


def main() -> None:
    def post(command: object) -> None:
        print(f"posted {command!r}", flush=True)

    tray = SniTray(post, draw, VIEW)
    signal.signal(signal.SIGTERM, lambda _n, _f: threading.Thread(target=tray.stop).start())
    tray.run(lambda: print(f"ready {tray.bus_name}", flush=True))
    print("stopped", flush=True)


if __name__ == "__main__":
    sys.exit(main())
