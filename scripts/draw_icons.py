"""Redraw the shipped icons in hipbreak/data/icons from the Pillow drawing (run after changing icon_art):
the launcher's theme icons and the StatusNotifier tray's pixmaps with every badge."""

from __future__ import annotations

import sys
from pathlib import Path

from hipbreak.adapters.icon_art import draw_app_icon
from hipbreak.adapters.icon_files import write_icon_files
from hipbreak.adapters.tray.sni.pixmap import encode_pixmaps
from hipbreak.core.badges import Badge


def main() -> int:
    """Write the icons next to this script's checkout and list them."""
    folder = Path(__file__).resolve().parent.parent / "hipbreak" / "data" / "icons"
    written = write_icon_files(folder)
    pixmaps = folder / "tray-pixmaps.bin"
    pixmaps.write_bytes(encode_pixmaps(draw_app_icon, [badge.value for badge in Badge]))
    for path in [*written, pixmaps]:
        print(path.relative_to(folder.parent.parent.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
