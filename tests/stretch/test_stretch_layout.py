"""Small pure pieces of the window: countdown digits, the layout scale and where the window goes."""

from __future__ import annotations

import pytest

from hipbreak.ui.stretch.placement import centred, pick_monitor
from hipbreak.ui.stretch.screen import WIDTH, countdown_text, natural_height
from hipbreak.ui.stretch.window import window_scale


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(30, "30"), (29.01, "30"), (29.0, "29"), (0.2, "1"), (0, "0"), (-1, "0"), (65, "1:05")],
)
def test_the_countdown_rounds_up_to_whole_seconds(seconds: float, text: str) -> None:
    assert countdown_text(seconds) == text


def test_the_scale_follows_tk_scaling_and_fits_the_monitor() -> None:
    big = (0, 0, 3840, 2160)
    assert window_scale(96 / 72, big) == pytest.approx(1.0)
    assert window_scale(192 / 72, big) == pytest.approx(2.0)
    small = (0, 0, 1280, 720)
    scale = window_scale(192 / 72, small)
    assert (WIDTH + 48) * scale <= 1280 and natural_height() * scale <= 720


def test_the_window_goes_on_the_monitor_under_the_pointer() -> None:
    monitors = [(0, 0, 1920, 1080), (1920, 0, 1280, 1024)]
    assert pick_monitor(monitors, 2000, 500) == (1920, 0, 1280, 1024)
    assert pick_monitor(monitors, 100, 100) == (0, 0, 1920, 1080)
    assert pick_monitor(monitors, 3500, 1050) == (1920, 0, 1280, 1024)  # off every monitor: the nearest
    assert pick_monitor([], 0, 0) is None
    assert centred((1920, 0, 1280, 1024), 1000, 700) == (2060, 162)
    assert centred((0, 0, 800, 600), 1000, 700) == (0, 0)
