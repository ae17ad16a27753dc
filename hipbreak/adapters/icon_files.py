"""The app icon as files for icon themes: hicolor PNGs from `draw_app_icon`, and a scalable SVG of the
same geometry (`icon_art`'s 100 x 100 grid at the 256 px size, without the pixel snapping).

The shipped files under `hipbreak/data/icons/` are written by `scripts/draw_icons.py`; a test checks
that they still match the drawing.
"""

from __future__ import annotations

from pathlib import Path

from hipbreak.adapters import icon_art as art
from hipbreak.adapters.desktop_file import APP_ID

HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
SVG_SIZE = 256


def icon_file_names() -> list[str]:
    """Return each icon's path below an icon-theme folder (`hicolor/...`): the PNGs, then the SVG."""
    pngs = [f"hicolor/{n}x{n}/apps/{APP_ID}.png" for n in HICOLOR_SIZES]
    return [*pngs, f"hicolor/scalable/apps/{APP_ID}.svg"]


def write_icon_files(folder: Path) -> list[Path]:
    """Draw every icon into `folder` (an icon-theme root, like `.../share/icons`); return the files."""
    written: list[Path] = []
    for size, name in zip(HICOLOR_SIZES, icon_file_names(), strict=False):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        art.draw_app_icon(size).save(path, format="PNG", optimize=True)
        written.append(path)
    svg = folder / icon_file_names()[-1]
    svg.parent.mkdir(parents=True, exist_ok=True)
    svg.write_text(app_icon_svg(), encoding="utf-8")
    written.append(svg)
    return written


def app_icon_svg() -> str:
    """Return the scalable icon: tile, figure and warm hip dot, laid out as `draw_app_icon(256)` does."""
    size = SVG_SIZE
    px = size / 100
    margin = round(size * 0.06)
    far = size - margin
    radius = (far - margin) * 0.22
    edge = size / 48
    width = round(size * 0.095)
    arm = round(width * 0.8)

    def at(point: art.Point) -> str:
        return f"{_num(point[0] * px)} {_num(point[1] * px)}"

    shoulder, hip, front_knee, front_foot, back_knee, back_foot = (
        art.SHOULDER,
        art.HIP,
        art.FRONT_KNEE,
        art.FRONT_FOOT,
        art.BACK_KNEE,
        art.BACK_FOOT,
    )
    body = (
        f"M {at(shoulder)} L {at(hip)} L {at(front_knee)} L {at(front_foot)} "
        f"M {at(hip)} L {at(back_knee)} L {at(back_foot)}"
    )
    limb = 'fill="none" stroke-linecap="round" stroke-linejoin="round"'
    inner = _num(far - margin - 2 * edge)
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}">',
        "  <title>hipbreak</title>",
        f'  <rect x="{margin}" y="{margin}" width="{far - margin}" height="{far - margin}" '
        f'rx="{_num(radius)}" fill="{_hex(art.TILE_EDGE)}"/>',  # not user text: SVG
        f'  <rect x="{_num(margin + edge)}" y="{_num(margin + edge)}" width="{inner}" height="{inner}" '
        f'rx="{_num(radius - edge)}" fill="{_hex(art.TILE)}"/>',  # not user text: SVG
        f'  <path d="{body}" stroke="{_hex(art.FIGURE)}" stroke-width="{width}" {limb}/>',  # not user text
        f'  <path d="M {at(art.ARM[0])} L {at(art.ARM[1])}" stroke="{_hex(art.FIGURE)}" '
        f'stroke-width="{arm}" {limb}/>',  # not user text: SVG
        f'  <circle cx="{_num(art.HEAD[0] * px)}" cy="{_num(art.HEAD[1] * px)}" r="{_num(size * 0.105)}" '
        f'fill="{_hex(art.FIGURE)}"/>',  # not user text: SVG
        f'  <circle cx="{_num(hip[0] * px)}" cy="{_num(hip[1] * px)}" r="{_num(width * 0.45)}" '
        f'fill="{_hex(art.ACCENT)}"/>',  # not user text: SVG
        "</svg>",
    ]
    return "\n".join(lines) + "\n"


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _hex(colour: art.Colour) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour[:3])
