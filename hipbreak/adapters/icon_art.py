"""hipbreak's mark, drawn with Pillow: a figure in a half-kneeling hip-flexor stretch on a rounded tile.

The tray icon and the launcher icons both come from `draw_app_icon`, so they always match.
Geometry is laid out on a 100 x 100 grid, snapped to whole pixels at the target size (so the
strokes stay crisp at 16 px), and painted at 8x before averaging down.
"""

from __future__ import annotations

import math

from PIL import Image, ImageDraw, ImageFont

Colour = tuple[int, int, int, int]
Point = tuple[float, float]

TILE: Colour = (22, 138, 116, 255)  # teal: reads on light and dark panels alike
TILE_EDGE: Colour = (12, 94, 79, 255)
FIGURE: Colour = (255, 255, 255, 255)
ACCENT: Colour = (255, 183, 77, 255)  # the stretched hip, and the badge
BADGE_INK: Colour = (48, 34, 8, 255)

# The pose, facing right: back shin on the floor, front shin upright, torso tall, arms up.
HEAD: Point = (64, 22)
SHOULDER: Point = (56, 39)
HIP: Point = (52, 62)
FRONT_KNEE: Point = (76, 62)
FRONT_FOOT: Point = (76, 83)
BACK_KNEE: Point = (39, 83)
BACK_FOOT: Point = (21, 83)
HAND: Point = (40, 16)
BODY = [
    (SHOULDER, HIP),
    (HIP, FRONT_KNEE),
    (FRONT_KNEE, FRONT_FOOT),
    (HIP, BACK_KNEE),
    (BACK_KNEE, BACK_FOOT),
]
ARM = (SHOULDER, HAND)

SUPERSAMPLE = 8


def draw_app_icon(size: int, badge: str | None = None) -> Image.Image:
    """Return the RGBA icon, `size` px square, with an optional short `badge` ("II" draws a pause sign)
    at the bottom right. Pure: any thread may call it."""
    if size < 12:
        raise ValueError(f"icon size {size} is too small")
    painter = _Painter(size)
    painter.tile()
    painter.figure()
    if badge:
        painter.badge(badge)
    return painter.finish()


class _Painter:
    def __init__(self, size: int) -> None:
        self.size = size
        self.px = size / 100.0  # real pixels per grid unit
        self.canvas = Image.new("RGBA", (size * SUPERSAMPLE, size * SUPERSAMPLE), (0, 0, 0, 0))
        self.draw = ImageDraw.Draw(self.canvas)

    def finish(self) -> Image.Image:
        # BOX averages each 8 x 8 block exactly: no ringing around the snapped edges.
        return self.canvas.resize((self.size, self.size), Image.Resampling.BOX)

    def box(self, left: float, top: float, right: float, bottom: float) -> tuple[float, float, float, float]:
        """Map a box in real pixels to the supersampled canvas."""
        s = SUPERSAMPLE
        return (left * s, top * s, right * s - 1, bottom * s - 1)

    def tile(self) -> None:
        # Tray sizes use the whole square; launcher sizes keep the margin icon themes expect.
        margin = 0 if self.size <= 32 else round(self.size * 0.06)
        far = self.size - margin
        radius = (far - margin) * 0.22 * SUPERSAMPLE
        edge = max(1.0, self.size / 48)
        self.draw.rounded_rectangle(self.box(margin, margin, far, far), radius=radius, fill=TILE_EDGE)
        inner = self.box(margin + edge, margin + edge, far - edge, far - edge)
        self.draw.rounded_rectangle(inner, radius=radius - edge * SUPERSAMPLE, fill=TILE)

    def snap(self, point: Point, width: int) -> Point:
        """Return `point` in real pixels, centred so a stroke `width` px wide covers whole pixels."""
        offset = 0.5 if width % 2 else 0.0
        x, y = (math.floor(v * self.px - offset + 0.5) + offset for v in point)
        return (x, y)

    def stroke(self, start: Point, end: Point, width: int, colour: Colour) -> None:
        s = SUPERSAMPLE
        a, b = self.snap(start, width), self.snap(end, width)
        self.draw.line([(a[0] * s, a[1] * s), (b[0] * s, b[1] * s)], fill=colour, width=width * s)
        r = width * s / 2
        for x, y in (a, b):  # round caps and joints
            self.draw.ellipse((x * s - r, y * s - r, x * s + r, y * s + r), fill=colour)

    def figure(self) -> None:
        width = max(2, round(self.size * 0.095))
        for start, end in BODY:
            self.stroke(start, end, width, FIGURE)
        if self.size >= 20:
            # At 16 px a raised arm melts into the head; the lunge alone still reads.
            self.stroke(*ARM, max(2, round(width * 0.8)), FIGURE)
        s = SUPERSAMPLE
        x, y = self.snap(HEAD, 1)
        r = max(1.6, self.size * 0.105) * s
        self.draw.ellipse((x * s - r, y * s - r, x * s + r, y * s + r), fill=FIGURE)
        if self.size >= 32:
            # A warm dot on the front of the back hip: the muscle this stretch is for.
            hx, hy = self.snap(HIP, width)
            r = width * 0.45 * s
            self.draw.ellipse((hx * s - r, hy * s - r, hx * s + r, hy * s + r), fill=ACCENT)

    def badge(self, text: str) -> None:
        d = max(8, round(self.size * (0.56 if self.size <= 24 else 0.46)))
        gap = max(1, round(self.size / 16))
        x0 = y0 = self.size - d
        # Cut a ring out of the tile so the badge stands apart on any panel colour.
        hole = Image.new("L", self.canvas.size, 0)
        ImageDraw.Draw(hole).ellipse(self.box(x0 - gap, y0 - gap, self.size + gap, self.size + gap), fill=255)
        alpha = self.canvas.getchannel("A")
        alpha.paste(0, mask=hole)
        self.canvas.putalpha(alpha)
        self.draw.ellipse(self.box(x0, y0, self.size, self.size), fill=ACCENT)
        if text == "II":
            self._pause_sign(x0, d)
        else:
            self._badge_text(text, x0, d)

    def _pause_sign(self, x0: int, d: int) -> None:
        bar = max(1, round(d * 0.17))
        space = max(1, round(d * 0.14))
        height = max(3, round(d * 0.46))
        left = x0 + (d - 2 * bar - space) // 2
        top = x0 + (d - height) // 2
        for x in (left, left + bar + space):
            self.draw.rectangle(self.box(x, top, x + bar, top + height), fill=BADGE_INK)

    def _badge_text(self, text: str, x0: int, d: int) -> None:
        s = SUPERSAMPLE
        # Regular weight thickened by a stroke: thin glyphs vanish at 16 px.
        bold = max(1, round(d * 0.045 * s))
        font = ImageFont.load_default(size=d * 0.66 * s)
        left, _, right, _ = self.draw.textbbox((0, 0), text, font=font, stroke_width=bold)
        if right - left > d * 0.8 * s:
            font = ImageFont.load_default(size=d * 0.66 * s * d * 0.8 * s / (right - left))
        centre = (x0 + d / 2) * s
        self.draw.text(
            (centre, centre),
            text,
            font=font,
            fill=BADGE_INK,
            anchor="mm",
            stroke_width=bold,
            stroke_fill=BADGE_INK,
        )
