"""The hold's moving picture: frames that differ, mirrored per side, and a still picture for less motion."""

from __future__ import annotations

import pytest
from PIL import Image, ImageChops, ImageOps

from hipbreak.ui.stretch.illustration import HOLD_FRAMES, Palette, phase_picture
from hipbreak.ui.stretch.layout import Theme

THEME = Theme()
SIZE = (500, 330)


def palette(side: str) -> Palette:
    return Palette(THEME.background, THEME.text, THEME.accent(side), THEME.arrow, THEME.track, THEME.muted)


def frame(side: str, index: int | None, scale: float = 1.0) -> Image.Image:
    width, height = round(SIZE[0] * scale), round(SIZE[1] * scale)
    return phase_picture("hold", side, width, height, palette(side), index)


def differing_pixels(a: Image.Image, b: Image.Image, tolerance: int = 24) -> int:
    diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB")).convert("L")
    return diff.point(lambda value: 255 if value > tolerance else 0).histogram()[255]


def silhouette(image: Image.Image) -> Image.Image:
    """Everything drawn, whatever its colour, as white on black."""
    ground = Image.new("RGB", image.size, THEME.background)
    diff = ImageChops.difference(image.convert("RGB"), ground).convert("L")
    return diff.point(lambda value: 255 if value > 24 else 0)


def count(image: Image.Image, colour: str, tolerance: int = 40) -> int:
    """How many pixels are within `tolerance` of `colour` (anti-aliasing blends the exact colour away)."""
    solid = Image.new("RGB", image.size, colour)
    diff = ImageChops.difference(image.convert("RGB"), solid).convert("L")
    return diff.point(lambda value: 255 if value <= tolerance else 0).histogram()[255]


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_each_right_frame_is_the_left_frame_mirrored(scale: float) -> None:
    for index in range(HOLD_FRAMES):
        left = silhouette(frame("left", index, scale))
        right = silhouette(ImageOps.mirror(frame("right", index, scale)))
        total = left.width * left.height
        assert differing_pixels(left, right) < total * 0.002, index  # only anti-aliased edges differ
        drawn = frame("left", index, scale)
        assert count(drawn, THEME.left, 16) > 20 * count(drawn, THEME.right, 16)  # the left leg in its colour


def test_the_frames_move_the_pelvis_and_keep_the_torso_upright() -> None:
    first, last = frame("left", 0), frame("left", HOLD_FRAMES - 1)
    assert differing_pixels(first, last) > 500  # a visible change between tipped forward and tipped back
    for index in range(HOLD_FRAMES - 1):
        assert differing_pixels(frame("left", index), frame("left", index + 1)) > 50, index

    # The head stays level: the top rows (head and the "stay tall" arrow) only slide, never drop or rise.
    def head_top(image: Image.Image) -> int:
        rgb = image.convert("RGB")
        body = tuple(int(THEME.text[i : i + 2], 16) for i in (1, 3, 5))
        for y in range(rgb.height):
            if any(rgb.getpixel((x, y)) == body for x in range(rgb.width)):
                return y
        return -1

    assert head_top(first) == head_top(last)


def test_the_left_side_faces_right_with_the_back_leg_on_the_left() -> None:
    image = frame("left", 0).convert("RGB")
    leg = tuple(int(THEME.left[i : i + 2], 16) for i in (1, 3, 5))
    accent = [x for x in range(image.width) for y in range(image.height // 2, image.height, 4)
              if image.getpixel((x, y)) == leg]  # fmt: skip
    assert accent and sum(accent) / len(accent) < image.width / 2  # the stretched leg is on the left half


def test_reduced_motion_shows_the_still_picture_with_its_arrow() -> None:
    still = frame("left", None)
    assert differing_pixels(still, frame("left", HOLD_FRAMES - 1)) < 50  # the end pose, tipped back
    assert still.size == SIZE


def test_the_prepare_picture_marks_both_right_angles_readably_on_each_side() -> None:
    left = phase_picture("prepare", "left", *SIZE, palette("left"))
    right = phase_picture("prepare", "right", *SIZE, palette("right"))
    for image in (left, right):
        assert count(image, THEME.arrow) > 300, count(image, THEME.arrow)  # two angle marks, two "90°"
    # The labels are written after mirroring, so the right picture is not simply the left one flipped.
    assert differing_pixels(ImageOps.mirror(left), right) > 200
