"""Icons as StatusNotifierItem pixmaps: ARGB32 in network byte order, one per size.

https://www.freedesktop.org/wiki/Specifications/StatusNotifierItem/Icons/

The package ships every badge's pixmaps drawn in advance (`hipbreak/data/icons/tray-pixmaps.bin`, written
by `scripts/draw_icons.py`), so the tray process never loads Pillow, which would cost it about 4 MB all
day; it draws with Pillow only when that file is missing or stale.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# Hosts pick the size nearest their panel; these cover 16 px panels up to HiDPI ones.
SIZES: tuple[int, ...] = (16, 22, 24, 32, 48, 64)

# One pixmap as D-Bus sends it: (width, height, bytes), signature (iiay).
Pixmap = tuple[int, int, bytes]
DrawIcon = Callable[[int, "str | None"], Any]
ShippedPixmaps = Callable[["str | None"], "list[Pixmap] | None"]

SHIPPED = Path(__file__).resolve().parents[3] / "data" / "icons" / "tray-pixmaps.bin"
# The file: this first line, the sizes and the badges (the empty name is no badge) on the second, then
# the zlib-compressed pixmaps, badge by badge in that order, each size in that order.
MAGIC = b"hipbreak tray pixmaps 1\n"


def argb32(image: Any) -> Pixmap:
    """Return a Pillow image as (width, height, ARGB bytes big-endian: A, R, G, B per pixel)."""
    from PIL import Image

    red, green, blue, alpha = (image if image.mode == "RGBA" else image.convert("RGBA")).split()
    # Pillow packs no "ARGB" raw mode, so the bands go in that order through a 4-band image.
    width, height = image.size
    return width, height, Image.merge("RGBA", (alpha, red, green, blue)).tobytes()


def pixmaps(draw_icon: DrawIcon, badge: str | None, sizes: Sequence[int] = SIZES) -> list[Pixmap]:
    """Draw the icon with `badge` at each of `sizes` and return the pixmaps (an a(iiay) body)."""
    return [argb32(draw_icon(size, badge)) for size in sizes]


def encode_pixmaps(draw_icon: DrawIcon, badges: Sequence[str]) -> bytes:
    """Return the shipped file's bytes: the icon without a badge and with each of `badges`, at SIZES."""
    names = ["", *badges]
    data = b"".join(p[2] for name in names for p in pixmaps(draw_icon, name or None))
    head = ",".join(map(str, SIZES)) + " " + ",".join(names) + "\n"
    return MAGIC + head.encode("ascii") + zlib.compress(data, 9)


def shipped_pixmaps(badge: str | None, path: Path = SHIPPED) -> list[Pixmap] | None:
    """Return the pixmaps of `badge` from the shipped file; None when it is missing, stale or damaged."""
    try:
        with path.open("rb") as file:
            magic, head, packed = file.readline(), file.readline(), file.read()
        if magic != MAGIC:
            raise ValueError("not a pixmap file of this version")  # not user text: for the log
        sizes_field, names_field = head.decode("ascii").split()
        sizes = tuple(int(size) for size in sizes_field.split(","))
        names = names_field.split(",")
        if sizes != SIZES:
            raise ValueError(f"sizes {sizes} differ from the tray's {SIZES}")  # not user text: for the log
        data = zlib.decompress(packed)
    except (OSError, ValueError, zlib.error) as error:
        log.info("drawing the tray icon, as the shipped pixmaps in %s cannot be used: %s", path, error)
        return None
    step = sum(4 * size * size for size in SIZES)
    if len(data) != step * len(names) or (badge or "") not in names:
        log.info("drawing the tray icon %r, as %s does not hold it", badge, path)
        return None
    offset = names.index(badge or "") * step
    found: list[Pixmap] = []
    for size in SIZES:
        found.append((size, size, data[offset : offset + 4 * size * size]))
        offset += 4 * size * size
    return found
