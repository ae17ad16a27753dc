"""Icons as StatusNotifierItem pixmaps: ARGB32 in network byte order, one per size, from Pillow images.

https://www.freedesktop.org/wiki/Specifications/StatusNotifierItem/Icons/
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

# Hosts pick the size nearest their panel; these cover 16 px panels up to HiDPI ones.
SIZES: tuple[int, ...] = (16, 22, 24, 32, 48, 64)

# One pixmap as D-Bus sends it: (width, height, bytes), signature (iiay).
Pixmap = tuple[int, int, bytes]
DrawIcon = Callable[[int, "str | None"], Any]


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
