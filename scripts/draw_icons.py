"""Redraw the shipped icons in hipbreak/data/icons from the Pillow drawing (run after changing icon_art)."""

from __future__ import annotations

import sys
from pathlib import Path

from hipbreak.adapters.icon_files import write_icon_files


def main() -> int:
    """Write the icons next to this script's checkout and list them."""
    folder = Path(__file__).resolve().parent.parent / "hipbreak" / "data" / "icons"
    for path in write_icon_files(folder):
        print(path.relative_to(folder.parent.parent.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
