"""The chart as a PNG: its size, today's bar set apart, and the files left for people to look at."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PIL import Image

from hipbreak.cli.stats_report import load_stats
from hipbreak.core.stats import DayStats
from hipbreak.ui.chart import BACKGROUND, COMPLETED, GRID, TODAY, draw_chart, save_chart

TODAY_DATE = date(2026, 11, 15)


def flat_days(count: int, completed: int = 5) -> list[DayStats]:
    first = TODAY_DATE - timedelta(days=count - 1)
    return [DayStats(first + timedelta(days=i), completed=completed) for i in range(count)]


def colours_of(image: Image.Image) -> set[object]:
    counts = image.getcolors(maxcolors=1 << 20)
    assert counts is not None
    return {colour for _, colour in counts}


def bar_runs(image: Image.Image, y: int) -> list[tuple[int, int, tuple[int, int, int]]]:
    """The horizontal runs (start, end, colour) of bar colours along row `y`."""
    runs: list[tuple[int, int, tuple[int, int, int]]] = []
    for x in range(image.width):
        colour = image.getpixel((x, y))
        assert isinstance(colour, tuple)
        rgb = (colour[0], colour[1], colour[2])
        if rgb not in (COMPLETED, TODAY):
            continue
        if runs and runs[-1][1] == x - 1 and runs[-1][2] == rgb:
            runs[-1] = (runs[-1][0], x, rgb)
        else:
            runs.append((x, x, rgb))
    return runs


@pytest.mark.parametrize("count", [7, 30])
def test_todays_bar_is_drawn_apart_from_the_others(count: int) -> None:
    image = draw_chart(flat_days(count), daily_goal=8)
    assert image.size == (640, 320)
    # A row just above the axis crosses every bar; equal counts make equal bars.
    runs = bar_runs(image, image.height - 60)
    assert len(runs) == count
    assert [colour for *_, colour in runs] == [COMPLETED] * (count - 1) + [TODAY]
    widths = [end - start for start, end, _ in runs]
    assert max(widths[:-1]) - min(widths[:-1]) <= 1
    assert abs(widths[-1] - widths[0]) <= 5  # today's fill is narrowed by its outline
    # Besides its colour, today is outlined: the pixel just outside the fill is dark, not background.
    start, _, _ = runs[-1]
    edge = image.getpixel((start - 1, image.height - 60))
    assert isinstance(edge, tuple) and sum(edge[:3]) < 200


def test_the_scale_multiplies_the_size() -> None:
    image = draw_chart(flat_days(7), 8, width=480, height=240, scale=2.0)
    assert image.size == (960, 480)


def test_a_chart_without_days_still_draws_its_frame() -> None:
    image = draw_chart([], 8)
    colours = colours_of(image)
    assert BACKGROUND in colours and GRID in colours


def test_a_size_too_small_for_the_legend_is_refused() -> None:
    with pytest.raises(ValueError, match="at least"):
        draw_chart(flat_days(7), 8, width=200)


@pytest.mark.parametrize("count", [7, 30])
def test_the_chart_of_the_generated_history_is_saved_as_png(generated, stats_artifacts, count: int) -> None:
    days, _ = load_stats(generated.history, generated.today, count, generated.goal)
    path = stats_artifacts / f"chart-{count}-days.png"
    path.unlink(missing_ok=True)
    save_chart(days, generated.goal, path)
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (640, 320)
        assert TODAY in colours_of(image.convert("RGB"))


def test_the_chart_at_double_scale_is_saved_for_review(generated, stats_artifacts) -> None:
    days, _ = load_stats(generated.history, date(2026, 10, 28), 30, generated.goal)
    path = stats_artifacts / "chart-30-days-x2.png"
    draw_chart(days, generated.goal, scale=2.0).save(path)
    assert Image.open(path).size == (1280, 640)
