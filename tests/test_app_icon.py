"""The app icon at tray and launcher sizes, and each badge as a glyph that reads at 16 to 48 px."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PIL import Image

from hipbreak.adapters.icon_art import (
    BADGE_INK,
    BADGE_SHARE,
    CLOCK_FACE,
    CLOCK_HANDS,
    DUE_DOT,
    MOON,
    PAUSE_BARS,
    TILE,
    draw_app_icon,
)
from hipbreak.core.badges import Badge
from hipbreak.core.reminder_state import STATES, Status
from hipbreak.core.settings import Settings
from hipbreak.core.view import tray_view

SIZES = [16, 22, 24, 32, 48, 64, 128, 256]


def luminance(pixel: tuple[int, ...]) -> float:
    r, g, b = pixel[:3]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("size", SIZES)
def test_every_size_is_an_rgba_square_with_a_white_figure_on_the_tile(size: int) -> None:
    icon = draw_app_icon(size)
    assert icon.mode == "RGBA" and icon.size == (size, size)
    raw = icon.tobytes()
    pixels = [tuple(raw[i : i + 4]) for i in range(0, len(raw), 4)]
    opaque = [p for p in pixels if p[3] == 255]
    white = [p for p in opaque if min(p[:3]) > 230]
    tile = [p for p in opaque if abs(p[1] - TILE[1]) < 12 and abs(p[0] - TILE[0]) < 12]
    # The figure is a real share of the icon at every size, and the tile dominates.
    assert 0.08 < len(white) / len(pixels) < 0.4
    assert len(tile) > len(white)


@pytest.mark.parametrize("size", SIZES)
def test_the_tile_stands_out_on_light_and_dark_panels(size: int) -> None:
    icon = draw_app_icon(size)
    tile_luminance = luminance(TILE)
    for panel in ((240, 240, 240, 255), (32, 32, 32, 255)):
        assert abs(luminance(panel) - tile_luminance) > 60
        background = Image.new("RGBA", icon.size, panel)
        background.alpha_composite(icon)
        assert background.getpixel((size // 2, size // 2)) != panel


def test_launcher_sizes_leave_a_transparent_margin_and_tray_sizes_fill_the_square() -> None:
    assert draw_app_icon(64).getpixel((1, 32))[3] == 0
    assert draw_app_icon(22).getpixel((0, 11))[3] == 255


TRAY_SIZES = [16, 22, 24, 32, 48]
LIGHT, DARK = (240, 240, 240, 255), (32, 32, 32, 255)


def near(pixel: tuple[int, ...], colour: tuple[int, ...], slack: int = 40) -> bool:
    return all(abs(a - b) <= slack for a, b in zip(pixel[:3], colour[:3], strict=True))


def corner(icon: Image.Image) -> tuple[Image.Image, int]:
    """The badge's square in the bottom right, and its side."""
    side = max(9, round(icon.width * BADGE_SHARE))
    return icon.crop((icon.width - side, icon.width - side, icon.width, icon.width)), side


def pixels(image: Image.Image) -> list[tuple[int, ...]]:
    raw = image.convert("RGBA").tobytes()
    return [tuple(raw[i : i + 4]) for i in range(0, len(raw), 4)]


def share(image: Image.Image, colour: tuple[int, ...]) -> float:
    found = pixels(image)
    return sum(near(p, colour) for p in found) / len(found)


@pytest.mark.parametrize("size", TRAY_SIZES)
@pytest.mark.parametrize("badge", list(Badge))
def test_each_badge_is_a_glyph_in_the_corner_and_leaves_the_rest_alone(size: int, badge: Badge) -> None:
    plain, marked = draw_app_icon(size), draw_app_icon(size, badge)
    box, side = corner(marked)
    rest = (0, 0, size - side, size)  # the columns left of the badge's square
    assert plain.crop(rest).tobytes() == marked.crop(rest).tobytes()
    assert plain.crop((0, 0, size, size - side)).tobytes() == marked.crop((0, 0, size, size - side)).tobytes()
    assert box.tobytes() != corner(plain)[0].tobytes()
    glyph = {Badge.PAUSED: PAUSE_BARS, Badge.DUE: DUE_DOT, Badge.AWAY: MOON, Badge.OFF_HOURS: CLOCK_FACE}
    # Its own colour fills a real part of the square, never a few smudged pixels of a word.
    assert share(box, glyph[badge]) > 0.15, f"{badge} at {size} px has too little of its colour"
    # A dark halo next to a bright fill: it reads on light panels and on dark ones.
    assert share(box, BADGE_INK) > 0.08
    for panel in (LIGHT, DARK):
        shown = Image.new("RGBA", box.size, panel)
        shown.alpha_composite(box)
        lights = [luminance(p) for p in pixels(shown)]
        assert max(lights) - luminance(panel) > 60 or luminance(panel) - min(lights) > 150


@pytest.mark.parametrize("size", TRAY_SIZES)
def test_pause_is_two_upright_bars_with_a_gap(size: int) -> None:
    box, side = corner(draw_app_icon(size, Badge.PAUSED))
    middle = [near(box.getpixel((x, side // 2)), PAUSE_BARS) for x in range(side)]
    runs: list[list[int]] = []
    for x, on in enumerate(middle):
        if on and (not runs or runs[-1][-1] != x - 1):
            runs.append([x])
        elif on:
            runs[-1].append(x)
    assert len(runs) == 2, f"{size} px: bars at {runs}"
    assert all(len(run) >= 2 for run in runs)
    assert runs[1][0] - runs[0][-1] - 1 >= 2, "the gap between the bars is at least 2 px"
    for run in runs:  # each bar stands: its colour runs down most of the square
        column = [near(box.getpixel((run[0], y)), PAUSE_BARS) for y in range(side)]
        assert sum(column) >= side * 0.6


@pytest.mark.parametrize("size", TRAY_SIZES)
def test_the_badges_differ_from_each_other(size: int) -> None:
    boxes = {badge: pixels(corner(draw_app_icon(size, badge))[0]) for badge in Badge}
    for first in Badge:
        for second in Badge:
            if first is not second:
                differ = sum(not near(a, b) for a, b in zip(boxes[first], boxes[second], strict=True))
                assert differ > len(boxes[first]) * 0.2, f"{first} and {second} look alike at {size} px"


@pytest.mark.parametrize("size", TRAY_SIZES)
def test_the_moon_and_the_clock_have_their_dark_parts_inside(size: int) -> None:
    moon, side = corner(draw_app_icon(size, Badge.AWAY))
    # The bite is dark, up and to the right of the crescent's middle; the crescent's body is lower left.
    assert near(moon.getpixel((side * 2 // 3, side // 3)), BADGE_INK, 60)
    assert near(moon.getpixel((side // 3, side * 2 // 3)), MOON, 60)
    clock, _ = corner(draw_app_icon(size, Badge.OFF_HOURS))
    inside = clock.crop((side // 4, side // 4, side - side // 4, side - side // 4))
    assert share(inside, CLOCK_FACE) > 0.3 and share(inside, CLOCK_HANDS) > 0.05


@pytest.mark.parametrize("state", STATES)
def test_whatever_the_core_emits_for_a_state_is_drawn(state: str) -> None:
    now = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)
    badge = tray_view(Status(state, now + timedelta(minutes=5)), Settings(), now).badge
    for size in (*TRAY_SIZES, 64):  # 64: what the pystray icon hands its host to scale
        plain, marked = draw_app_icon(size), draw_app_icon(size, badge)
        assert (plain.tobytes() == marked.tobytes()) == (badge is None)


def test_a_name_that_is_no_badge_is_refused_not_drawn_as_a_word() -> None:
    for word in ("pause", "II", "3"):
        with pytest.raises(ValueError):
            draw_app_icon(24, word)
    assert draw_app_icon(24, "paused").tobytes() == draw_app_icon(24, Badge.PAUSED).tobytes()


def test_the_icon_is_deterministic_and_refuses_silly_sizes() -> None:
    assert draw_app_icon(24, Badge.PAUSED).tobytes() == draw_app_icon(24, Badge.PAUSED).tobytes()
    with pytest.raises(ValueError, match="too small"):
        draw_app_icon(4)


def test_the_badge_sheet_is_saved_for_people_to_look_at() -> None:
    """Every badge at every tray size on a light, a dark and a coloured panel, at 1x and at 4x, in
    artifacts/icons/ (and the pystray path: drawn at 64 px, scaled to 22 by the host)."""
    folder = Path(__file__).resolve().parent.parent / "artifacts" / "icons"
    folder.mkdir(parents=True, exist_ok=True)
    panels = (LIGHT, DARK, (63, 81, 181, 255))
    marks: list[Badge | None] = [None, *Badge]
    pad = 4
    width = pad + sum(size + pad for size in TRAY_SIZES)
    step = max(TRAY_SIZES) + pad
    sheet = Image.new("RGBA", (width * len(panels), pad + step * len(marks)), (0, 0, 0, 0))
    for column, panel in enumerate(panels):
        sheet.paste(Image.new("RGBA", (width, sheet.height), panel), (column * width, 0))
        for row, mark in enumerate(marks):
            x = column * width + pad
            for size in TRAY_SIZES:
                sheet.alpha_composite(draw_app_icon(size, mark), (x, pad + row * step))
                x += size + pad
    sheet.save(folder / "badges-1x.png")
    sheet.resize((sheet.width * 4, sheet.height * 4), Image.Resampling.NEAREST).save(folder / "badges-4x.png")
    scaled = Image.new("RGBA", (pad + 30 * len(marks), 30), LIGHT)
    for index, mark in enumerate(marks):
        small = draw_app_icon(64, mark).resize((22, 22), Image.Resampling.LANCZOS)
        scaled.alpha_composite(small, (pad + index * 30, 4))
    scaled.resize((scaled.width * 6, scaled.height * 6), Image.Resampling.NEAREST).save(
        folder / "badges-64-as-22-x6.png"
    )
    assert Image.open(folder / "badges-1x.png").size == sheet.size
