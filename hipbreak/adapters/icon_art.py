"""hipbreak's mark, drawn with Pillow: a figure in a half-kneeling hip-flexor stretch on a rounded tile.

The tray icon and the launcher icons both come from `draw_app_icon`, so they always match. The tray's
badges (`hipbreak.core.badges.Badge`) are glyphs, not words: a word squeezed into 16 px is a smudge.
Geometry is laid out on a 100 x 100 grid, snapped to whole pixels at the target size (so the
strokes stay crisp at 16 px), and painted at 8x before averaging down.
"""

from __future__ import annotations

import math

from PIL import Image, ImageDraw

from hipbreak.core.badges import Badge

Colour = tuple[int, int, int, int]
Point = tuple[float, float]

TILE: Colour = (22, 138, 116, 255)  # teal: reads on light and dark panels alike
TILE_EDGE: Colour = (12, 94, 79, 255)
FIGURE: Colour = (255, 255, 255, 255)
ACCENT: Colour = (255, 183, 77, 255)  # the stretched hip
# The badges: each its own shape and colour, ringed by a dark halo so it reads on light panels, while
# its bright fill reads on dark ones.
BADGE_SHARE = 0.56  # of the icon's side
BADGE_INK: Colour = (28, 24, 20, 255)
PAUSE_BARS: Colour = ACCENT
DUE_DOT: Colour = (236, 64, 52, 255)
DUE_MARK: Colour = (255, 255, 255, 255)
MOON: Colour = (255, 226, 110, 255)
CLOCK_FACE: Colour = (250, 250, 250, 255)
CLOCK_HANDS: Colour = BADGE_INK

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
    """Return the RGBA icon, `size` px square, with `badge` (a Badge, or its value) drawn as a glyph in the
    bottom right corner; ValueError for a name that is no Badge. Pure: any thread may call it."""
    if size < 12:
        raise ValueError(f"icon size {size} is too small")  # not user text: a caller's mistake
    mark = Badge(badge) if badge else None  # an unknown name fails here, not silently on the panel
    painter = _Painter(size)
    painter.tile()
    painter.figure()
    if mark is not None:
        painter.badge(mark)
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

    def badge(self, mark: Badge) -> None:
        """Draw `mark` over the bottom right corner: a dark halo first, then the glyph's colours."""
        d = max(9, round(self.size * BADGE_SHARE))
        halo = max(1, round(self.size / 16))  # 1 px at 16-22 px; the host's scaling of 64 px keeps ~1
        glyph = _GLYPHS[mark]
        for pass_halo in (True, False):
            # Each pass on its own layer: a cut-out (the moon's) must not cut the other pass.
            layer = Image.new("RGBA", self.canvas.size, (0, 0, 0, 0))
            glyph(_Pen(ImageDraw.Draw(layer), self.size - d, d, halo, pass_halo))
            self.canvas.alpha_composite(layer)


class _Pen:
    """Draws one pass of a glyph in the badge square (`x0`, `x0`)-(`x0 + d`, `x0 + d`) in real pixels.

    On the halo pass every shape grows by `halo` and is painted BADGE_INK, so the halo follows the
    glyph's outline.
    """

    def __init__(self, draw: ImageDraw.ImageDraw, x0: int, d: int, halo: int, is_halo: bool) -> None:
        self.draw, self.x0, self.d, self.halo, self.is_halo = draw, x0, d, halo, is_halo
        self.grow = halo if is_halo else 0
        self.inner = d - 2 * halo  # the glyph proper, inside its halo

    def colour(self, fill: Colour) -> Colour:
        return BADGE_INK if self.is_halo else fill

    def rect(self, left: float, top: float, right: float, bottom: float, fill: Colour) -> None:
        s, g = SUPERSAMPLE, self.grow
        box = ((left - g) * s, (top - g) * s, (right + g) * s - 1, (bottom + g) * s - 1)
        self.draw.rectangle(box, fill=self.colour(fill))

    def disc(self, cx: float, cy: float, r: float, fill: Colour) -> None:
        s, r = SUPERSAMPLE, r + self.grow
        self.draw.ellipse(((cx - r) * s, (cy - r) * s, (cx + r) * s, (cy + r) * s), fill=self.colour(fill))

    def cut(self, cx: float, cy: float, r: float) -> None:
        """Cut a disc out of this pass's layer (on the fill pass the halo beneath then shows there)."""
        s = SUPERSAMPLE
        self.draw.ellipse(((cx - r) * s, (cy - r) * s, (cx + r) * s, (cy + r) * s), fill=(0, 0, 0, 0))


def _pause(pen: _Pen) -> None:
    # Two bars as wide as the gap between them, snapped to whole pixels so they stay crisp at 16 px.
    bar = max(2, round(pen.inner * 0.3))
    gap = max(2, bar)
    left = pen.x0 + pen.halo + (pen.inner - 2 * bar - gap) // 2
    top, bottom = pen.x0 + pen.halo, pen.x0 + pen.d - pen.halo
    for x in (left, left + bar + gap):
        pen.rect(x, top, x + bar, bottom, PAUSE_BARS)


def _due(pen: _Pen) -> None:
    centre, r = pen.x0 + pen.d / 2, pen.inner / 2
    pen.disc(centre, centre, r, DUE_DOT)
    if pen.is_halo or pen.d < 12:
        return  # at 16 px an exclamation mark is a smudge; the red dot alone says "waiting"
    stem = max(1, round(pen.inner * 0.16))
    x = round(centre - stem / 2)
    top = pen.x0 + pen.halo + round(pen.inner * 0.2)
    pen.rect(x, top, x + stem, top + round(pen.inner * 0.38), DUE_MARK)
    dot = top + round(pen.inner * 0.48)
    pen.rect(x, dot, x + stem, dot + stem, DUE_MARK)


def _moon(pen: _Pen) -> None:
    # A crescent on a dark disc, opening to the upper right. Cut out of the tile instead, the bite showed
    # the figure through it and the crescent lost its shape.
    centre, r = pen.x0 + pen.d / 2, pen.inner / 2
    pen.disc(centre, centre, r, MOON)
    if not pen.is_halo:
        pen.cut(centre + r * 0.5, centre - r * 0.4, r * 0.72)


def _clock(pen: _Pen) -> None:
    centre, r = pen.x0 + pen.d / 2, pen.inner / 2
    pen.disc(centre, centre, r, CLOCK_FACE)
    if pen.is_halo:
        return
    hand = max(1, round(pen.inner * 0.16))
    x = round(centre - hand / 2)
    # The hands at three o'clock: up to twelve and across to three, from the centre pixel.
    pen.rect(x, round(centre - r * 0.72), x + hand, x + hand, CLOCK_HANDS)
    pen.rect(x, x, round(centre + r * 0.62), x + hand, CLOCK_HANDS)


_GLYPHS = {Badge.PAUSED: _pause, Badge.DUE: _due, Badge.AWAY: _moon, Badge.OFF_HOURS: _clock}
