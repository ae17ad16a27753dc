"""The stretch window's pictures, drawn with Pillow at run time: the half-kneeling figure and the ring."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont, ImageOps

Point = tuple[float, float]
Colour = str

# Bold sans for the "90°" marks: DejaVu (Debian's fonts-dejavu-core), else the usual names, else Pillow's own.
_FONT_FILES = ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "arialbd.ttf")
# Drawn large and scaled down so edges stay smooth at any Tk scaling.
SUPERSAMPLE = 3

# The figure faces right (left leg back) in a box 120 units wide and 112 high; the floor is at y = 104.
_BOX_W, _BOX_H = 120.0, 112.0
_FLOOR = 104.0
_LIMB = 7.0
_X0 = 52.0  # the hip, straight above the back knee
HOLD_FRAMES = 4  # the pelvis from tipped forward (0) to tipped back (last), during a hold
_HIP_SHIFT = 4.0  # how far the hip moves forward as the pelvis tips back (the back thigh opens)
_BELT = (16.0, -10.0)  # belt-line slope in degrees, front end down, at frame 0 and at the last frame


@dataclass(frozen=True)
class Palette:
    """Colours of one picture."""

    background: Colour
    body: Colour
    accent: Colour  # the stretched (back) leg
    arrow: Colour
    floor: Colour
    guide: Colour


@dataclass(frozen=True)
class _Pose:
    head: Point
    shoulder: Point
    hip: Point
    back_knee: Point
    back_ankle: Point
    back_toe: Point
    front_knee: Point
    front_ankle: Point
    front_heel: Point
    front_toe: Point
    elbow: Point
    hand: Point


def _half_kneeling(shift: float = 0.0) -> _Pose:
    """The pose with the hip `shift` units forward; the torso stays upright above it (tall, not leaning)."""
    joint = _FLOOR - _LIMB / 2  # a joint resting on the floor sits half a limb above it
    hip = (_X0 + shift, joint - 31)
    top = hip[0]
    return _Pose(
        head=(top + 2.5, hip[1] - 49.5),  # a small gap above the shoulders, as pictograms have
        shoulder=(top + 1, hip[1] - 33),
        hip=hip,
        back_knee=(_X0, joint),
        back_ankle=(_X0 - 27, joint),
        back_toe=(_X0 - 34, joint + 0.5),
        front_knee=(_X0 + 31, hip[1] + 1),
        front_ankle=(_X0 + 31, joint - 2),
        front_heel=(_X0 + 28, joint),
        front_toe=(_X0 + 42, joint),
        elbow=(top + 4.5, hip[1] - 13),
        hand=(top + 19, hip[1] - 5),
    )


class _Pen:
    """Draws in figure units onto a supersampled image."""

    def __init__(self, width: int, height: int, palette: Palette) -> None:
        self.image = Image.new("RGB", (width * SUPERSAMPLE, height * SUPERSAMPLE), palette.background)
        self.draw = ImageDraw.Draw(self.image)
        self.k = min(width / _BOX_W, height / _BOX_H) * SUPERSAMPLE
        self.dx = (width * SUPERSAMPLE - _BOX_W * self.k) / 2
        self.dy = (height * SUPERSAMPLE - _BOX_H * self.k) / 2
        self.labels: list[tuple[Point, str, Colour, float]] = []

    def at(self, p: Point) -> tuple[float, float]:
        return (self.dx + p[0] * self.k, self.dy + p[1] * self.k)

    def limb(self, points: Sequence[Point], width: float, colour: Colour) -> None:
        xy = [self.at(p) for p in points]
        w = width * self.k
        self.draw.line(xy, fill=colour, width=round(w), joint="curve")
        for x, y in (xy[0], xy[-1]):  # round ends
            self.draw.ellipse((x - w / 2, y - w / 2, x + w / 2, y + w / 2), fill=colour)

    def disc(self, centre: Point, radius: float, colour: Colour) -> None:
        x, y = self.at(centre)
        r = radius * self.k
        self.draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)

    def dashes(self, start: Point, end: Point, colour: Colour, width: float = 1.0, dash: float = 3.0) -> None:
        length = math.dist(start, end)
        steps = int(length / (dash * 2))
        for i in range(steps + 1):
            a = i * dash * 2 / length
            b = min(1.0, a + dash / length)
            p = (start[0] + (end[0] - start[0]) * a, start[1] + (end[1] - start[1]) * a)
            q = (start[0] + (end[0] - start[0]) * b, start[1] + (end[1] - start[1]) * b)
            self.draw.line([self.at(p), self.at(q)], fill=colour, width=max(1, round(width * self.k)))

    def arc_arrow(self, centre: Point, radius: float, start: float, end: float, colour: Colour) -> None:
        """An arc from angle `start` to `end` (degrees, clockwise on screen) with a head at `end`."""
        steps = 32
        points = [
            (
                centre[0] + radius * math.cos(math.radians(start + (end - start) * i / steps)),
                centre[1] + radius * math.sin(math.radians(start + (end - start) * i / steps)),
            )
            for i in range(steps + 1)
        ]
        tip = points[-1]
        back = points[-4]
        direction = math.atan2(tip[1] - back[1], tip[0] - back[0])
        head = 7.5
        left = (tip[0] - head * math.cos(direction - 0.5), tip[1] - head * math.sin(direction - 0.5))
        right = (tip[0] - head * math.cos(direction + 0.5), tip[1] - head * math.sin(direction + 0.5))
        tip_out = (tip[0] + 2.0 * math.cos(direction), tip[1] + 2.0 * math.sin(direction))
        self.limb(points[:-2], 3.0, colour)
        self.draw.polygon([self.at(tip_out), self.at(left), self.at(right)], fill=colour)

    def right_angle(self, corner: Point, toward_a: Point, toward_b: Point, colour: Colour) -> None:
        """A small square mark in the corner between two limbs meeting at `corner`."""
        size = 7.0

        def unit(p: Point) -> Point:
            d = math.dist(corner, p)
            return ((p[0] - corner[0]) / d, (p[1] - corner[1]) / d)

        ua, ub = unit(toward_a), unit(toward_b)
        a = (corner[0] + ua[0] * size, corner[1] + ua[1] * size)
        b = (corner[0] + ub[0] * size, corner[1] + ub[1] * size)
        c = (a[0] + ub[0] * size, a[1] + ub[1] * size)
        self.draw.line([self.at(a), self.at(c), self.at(b)], fill=colour, width=round(1.8 * self.k))

    def label(self, at: Point, text: str, colour: Colour, size: float = 9.0) -> None:
        """Text centred on `at`, `size` units tall; written once the picture is mirrored, so it reads."""
        self.labels.append((at, text, colour, size))

    def finish(self, width: int, height: int, mirror: bool) -> Image.Image:
        image = ImageOps.mirror(self.image) if mirror else self.image
        draw = ImageDraw.Draw(image)
        for at, text, colour, size in self.labels:
            x, y = self.at(at)
            x = image.width - x if mirror else x
            draw.text((x, y), text, fill=colour, font=_font(round(size * self.k)), anchor="mm")
        # Each 3 x 3 block averaged: the supersampling's own filter, and nine times faster than Lanczos.
        return image.reduce(SUPERSAMPLE)


def _draw_figure(pen: _Pen, palette: Palette, hold: bool, tilt: float | None) -> None:
    """Draw the half-kneeling figure; in a hold, `tilt` 0..1 is how far the pelvis has tipped back
    (None: the still picture, tipped back, with the arrow showing the movement)."""
    amount = 1.0 if tilt is None else tilt
    pose = _half_kneeling(_HIP_SHIFT * amount if hold else 0.0)
    pen.limb([(4, _FLOOR + 1.5), (_BOX_W - 4, _FLOOR + 1.5)], 1.6, palette.floor)
    # The front leg first, so the stretched back leg reads in front of it.
    pen.limb([pose.hip, pose.front_knee, pose.front_ankle], _LIMB, palette.body)
    pen.limb([pose.front_heel, pose.front_toe], _LIMB * 0.75, palette.body)
    pen.limb([pose.hip, pose.back_knee, pose.back_ankle, pose.back_toe], _LIMB, palette.accent)
    pen.limb([pose.hip, pose.shoulder], _LIMB * 1.9, palette.body)
    pen.disc(pose.head, 8.0, palette.body)
    if hold:
        _draw_belt(pen, palette, pose.hip, amount)
    # The near arm rests on the front thigh; a thin background-coloured gap sets it off from the torso.
    arm = [(pose.shoulder[0] + 1.5, pose.shoulder[1] + 2), pose.elbow, pose.hand]
    pen.limb(arm, _LIMB * 0.8 + 2.4, palette.background)
    pen.limb(arm, _LIMB * 0.8, palette.body)
    if hold:
        # Stay tall: a lift above the head.
        top = pose.head[1] - 11
        pen.limb([(pose.head[0], top), (pose.head[0], top - 7)], 1.6, palette.guide)
        pen.limb(
            [(pose.head[0] - 3, top - 4), (pose.head[0], top - 7), (pose.head[0] + 3, top - 4)],
            1.6,
            palette.guide,
        )
        # Posterior tilt: the top of the pelvis rolls back and the tailbone tucks under.
        pen.arc_arrow(pose.hip, 16.5, -100.0, -212.0, palette.arrow)
    else:
        pen.right_angle(pose.back_knee, pose.hip, pose.back_ankle, palette.arrow)
        pen.right_angle(pose.front_knee, pose.hip, pose.front_ankle, palette.arrow)
        # Both knees at 90°, said in numbers beside the marks.
        pen.label((pose.back_knee[0] - 15, pose.back_knee[1] - 12), "90°", palette.arrow)
        pen.label((pose.front_knee[0] - 15, pose.front_knee[1] + 15), "90°", palette.arrow)


def _draw_belt(pen: _Pen, palette: Palette, hip: Point, amount: float) -> None:
    """The belt line across the pelvis: front end down when tipped forward, level or up when tipped back."""
    slope = math.radians(_BELT[0] + (_BELT[1] - _BELT[0]) * amount)
    centre = (hip[0] + 0.5, hip[1] - 3.0)
    half = _LIMB * 1.9 / 2 + 0.5
    dx, dy = half * math.cos(slope), half * math.sin(slope)
    back, front = (centre[0] - dx, centre[1] - dy), (centre[0] + dx, centre[1] + dy)
    pen.limb([back, front], 2.6, palette.arrow)


def _font(pixels: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in _FONT_FILES:
        try:
            return ImageFont.truetype(name, pixels)
        except OSError:
            continue
    return ImageFont.load_default(pixels)


def _draw_check(pen: _Pen, palette: Palette) -> None:
    centre = (_BOX_W / 2, _BOX_H / 2 + 2)
    x, y = pen.at(centre)
    r = 34 * pen.k
    pen.draw.ellipse((x - r, y - r, x + r, y + r), outline=palette.accent, width=round(5 * pen.k))
    pen.limb(
        [(centre[0] - 15, centre[1] + 1), (centre[0] - 4, centre[1] + 12), (centre[0] + 17, centre[1] - 12)],
        7.0,
        palette.accent,
    )


def phase_picture(
    kind: str, side: str | None, width: int, height: int, palette: Palette, frame: int | None = None
) -> Image.Image:
    """Return the `width`×`height` px picture of a phase kind (prepare, hold, switch, done) and side.

    For a hold, `frame` 0..HOLD_FRAMES-1 draws one step of the pelvis tipping back; None the still picture.
    """
    pen = _Pen(width, height, palette)
    if kind == "done" or side is None:
        _draw_check(pen, palette)
    else:
        tilt = None if frame is None else max(0, min(frame, HOLD_FRAMES - 1)) / (HOLD_FRAMES - 1)
        _draw_figure(pen, palette, hold=kind == "hold", tilt=tilt)
    # Mirrored for the right leg: the back leg is always on the side its name says.
    return pen.finish(width, height, mirror=side == "right")


def ring_picture(
    size: int, share_left: float, colour: Colour, track: Colour, background: Colour
) -> Image.Image:
    """Return a `size` px countdown ring whose coloured arc shows `share_left` (0..1) of the time left."""
    big = size * SUPERSAMPLE
    image = Image.new("RGB", (big, big), background)
    draw = ImageDraw.Draw(image)
    width = round(big * 0.075)
    box = (0, 0, big - 1, big - 1)  # Pillow strokes inward from the box
    draw.ellipse(box, outline=track, width=width)
    share = max(0.0, min(1.0, share_left))
    if share >= 0.999:
        draw.ellipse(box, outline=colour, width=width)
    elif share > 0.001:
        start = -90.0
        end = start + 360.0 * share
        draw.arc(box, start, end, fill=colour, width=width)
        for angle in (start, end):  # round ends
            r = (big - width) / 2 - 0.5
            cx = big / 2 + r * math.cos(math.radians(angle))
            cy = big / 2 + r * math.sin(math.radians(angle))
            draw.ellipse((cx - width / 2, cy - width / 2, cx + width / 2, cy + width / 2), fill=colour)
    return image.reduce(SUPERSAMPLE)  # redrawn each tick of the countdown: the cheap exact average
