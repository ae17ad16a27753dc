"""The app icon at tray and launcher sizes, with and without a badge."""

from __future__ import annotations

import pytest
from PIL import Image

from hipbreak.adapters.icon_art import TILE, draw_app_icon

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


@pytest.mark.parametrize("size", [16, 22, 32, 64])
@pytest.mark.parametrize("badge", ["II", "3", "12"])
def test_a_badge_changes_only_the_bottom_right(size: int, badge: str) -> None:
    plain, marked = draw_app_icon(size), draw_app_icon(size, badge)
    half = size // 2
    assert (
        plain.crop((0, 0, half - 1, half - 1)).tobytes() == marked.crop((0, 0, half - 1, half - 1)).tobytes()
    )
    corner = (0, 0, 0, 0)
    assert plain.crop((half, half, size, size)).tobytes() != marked.crop((half, half, size, size)).tobytes()
    assert marked.getpixel((size - 1 - size // 5, size - 1 - size // 5)) != corner


def test_the_icon_is_deterministic_and_refuses_silly_sizes() -> None:
    assert draw_app_icon(24, "II").tobytes() == draw_app_icon(24, "II").tobytes()
    with pytest.raises(ValueError, match="too small"):
        draw_app_icon(4)
