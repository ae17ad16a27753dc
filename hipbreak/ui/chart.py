"""A bar chart of completed stretches per day, drawn with Pillow for the stats window and for export."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from hipbreak.core.stats import DayStats
from hipbreak.language import _, ngettext, pgettext, short_date, weekday

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
Colour = tuple[int, int, int]

BACKGROUND: Colour = (255, 255, 255)
TEXT: Colour = (31, 41, 51)
MUTED: Colour = (82, 96, 109)
GRID: Colour = (226, 230, 235)
COMPLETED: Colour = (61, 111, 182)  # blue; with the orange of today, safe for the common colour blindnesses
CANCELLED: Colour = (172, 196, 232)
TODAY: Colour = (200, 85, 30)
TODAY_CANCELLED: Colour = (242, 190, 160)
GOAL: Colour = (31, 41, 51)

_NICE_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)


@lru_cache(maxsize=32)
def _font(size: int, bold: bool = False) -> Font:
    """DejaVu Sans when the system has it, else Pillow's own scalable font (which has no bold)."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(name, size)
    except OSError:
        return ImageFont.load_default(size=size)


@dataclass(frozen=True)
class _Fonts:
    title: Font
    label: Font
    label_bold: Font
    small: Font
    small_bold: Font

    @classmethod
    def at(cls, scale: float) -> _Fonts:
        return cls(
            title=_font(round(15 * scale), bold=True),
            label=_font(round(12 * scale)),
            label_bold=_font(round(12 * scale), bold=True),
            small=_font(round(11 * scale)),
            small_bold=_font(round(11 * scale), bold=True),
        )


def _text_width(draw: ImageDraw.ImageDraw, text: str, font: Font) -> float:
    return draw.textlength(text, font=font)


def _axis_top(peak: int) -> tuple[int, int]:
    """The top of the value axis and its grid step: a few round steps with room above the peak."""
    wanted = max(peak, 1) * 1.12
    step = next((s for s in _NICE_STEPS if wanted / s <= 6), _NICE_STEPS[-1])
    return max(step, math.ceil(wanted / step) * step), step


def draw_chart(
    days: Sequence[DayStats], daily_goal: int, width: int = 640, height: int = 320, scale: float = 1.0
) -> Image.Image:
    """Return the bar chart of `days` (the last one is today) as an RGB image of width×height times scale.

    Completed stretches are solid bars, cancelled ones a lighter segment on top; today's bar is orange,
    outlined, marked by a triangle and labelled "Today"; a dashed line shows the daily goal.
    """
    if width < 360 or height < 200 or scale <= 0:
        # Below this the legend and the day labels no longer fit.
        raise ValueError(
            _("the chart needs at least 360×200 at a positive scale, got {width}×{height} at {scale}").format(
                width=width, height=height, scale=scale
            )
        )

    def px(value: float) -> int:
        return round(value * scale)

    image = Image.new("RGB", (px(width), px(height)), BACKGROUND)
    draw = ImageDraw.Draw(image)
    fonts = _Fonts.at(scale)
    count = len(days)
    margin = px(16)

    if count == 1:
        title = _("Stretches today")
    else:
        title = ngettext(
            "Stretches per day, last {count} day", "Stretches per day, last {count} days", count
        ).format(count=count)
    draw.text((margin, px(12)), title, font=fonts.title, fill=TEXT)
    legend_width = _legend(draw, fonts, daily_goal, scale, right=px(width) - margin, y=px(14), dry_run=True)
    title_end = margin + _text_width(draw, title, fonts.title) + px(24)
    # The legend sits beside the title when both fit, else on its own line below it.
    legend_y = px(14) if title_end + legend_width <= px(width) - margin else px(36)
    _legend(draw, fonts, daily_goal, scale, right=px(width) - margin, y=legend_y)

    peak = max([daily_goal, *(d.completed + d.cancelled for d in days)])
    top_value, step = _axis_top(peak)
    tick_width = max(_text_width(draw, str(v), fonts.small) for v in range(0, top_value + 1, step))
    left = margin + tick_width + px(8)
    right = px(width) - margin
    top = legend_y + px(34)
    bottom = px(height) - (px(40) if count <= 10 else px(26))
    plot_height = bottom - top

    def y_of(value: float) -> float:
        return bottom - value / top_value * plot_height

    for value in range(0, top_value + 1, step):
        y = round(y_of(value))
        draw.line([(left, y), (right, y)], fill=GRID if value else MUTED, width=max(1, px(1)))
        label = str(value)
        draw.text((left - px(6), y + _cap(fonts.small) / 2), label, font=fonts.small, fill=MUTED, anchor="rs")

    if not days:
        draw.text(
            ((left + right) / 2, (top + bottom) / 2),
            _("No days to show"),
            font=fonts.label,
            fill=MUTED,
            anchor="mm",
        )
        return image

    slot = (right - left) / count
    bar_width = min(px(72), max(px(2), slot * (0.56 if count <= 10 else 0.68)))
    bars = []
    for index, day in enumerate(days):
        is_today = index == count - 1
        x0 = left + index * slot + (slot - bar_width) / 2
        x1 = x0 + bar_width
        done_top = y_of(day.completed)
        stack_top = y_of(day.completed + day.cancelled)
        bars.append(((x0 + x1) / 2, stack_top))
        if day.completed:
            draw.rectangle([x0, done_top, x1, bottom], fill=TODAY if is_today else COMPLETED)
        if day.cancelled:
            draw.rectangle([x0, stack_top, x1, done_top], fill=TODAY_CANCELLED if is_today else CANCELLED)
        if is_today and (day.completed or day.cancelled):
            draw.rectangle([x0, stack_top, x1, bottom], outline=TEXT, width=max(1, px(1.5)))

    goal_y = round(y_of(daily_goal))
    dash, gap = px(7), px(4)
    x = float(left)
    while x < right:
        draw.line([(x, goal_y), (min(x + dash, right), goal_y)], fill=GOAL, width=max(1, px(1.5)))
        x += dash + gap

    # Labels go over the goal line, each on a patch of background so that the line never cuts them.
    for index, (day, (centre, stack_top)) in enumerate(zip(days, bars, strict=True)):
        is_today = index == count - 1
        label_bottom = stack_top - px(4)
        if count <= 10 and (day.completed or is_today):
            _halo_text(draw, (centre, label_bottom), str(day.completed), fonts.label, scale)
            label_bottom -= px(16)
        if is_today:
            # A triangle above the bar marks today without relying on colour.
            half = px(5)
            tip = label_bottom
            draw.polygon(
                [(centre - half, tip - px(8)), (centre + half, tip - px(8)), (centre, tip)], fill=TEXT
            )
            if count > 10:
                # At 30 days only today's count is written, to keep the chart quiet.
                _halo_text(draw, (centre, tip - px(10)), str(day.completed), fonts.label_bold, scale)

    _day_labels(draw, fonts, days, left, slot, bottom, scale, image.width)
    return image


def _today() -> str:
    """The word that marks today's bar, under it and in the legend."""
    return pgettext("the chart's bar of today", "Today")


def _cap(font: Font) -> float:
    """The height of capitals above the baseline: text is placed by baseline, since Pillow's "top" and
    "middle" anchors follow each text's own ink and would make a row of labels wobble."""
    return float(-font.getbbox("H", anchor="ls")[1])


def _halo_text(
    draw: ImageDraw.ImageDraw, bottom_centre: tuple[float, float], text: str, font: Font, scale: float
) -> None:
    """Write `text` centred above `bottom_centre` on a patch of background."""
    box = draw.textbbox(bottom_centre, text, font=font, anchor="mb")
    pad = 2 * scale
    draw.rectangle([box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad], fill=BACKGROUND)
    draw.text(bottom_centre, text, font=font, fill=TEXT, anchor="mb")


def _day_labels(
    draw: ImageDraw.ImageDraw,
    fonts: _Fonts,
    days: Sequence[DayStats],
    left: float,
    slot: float,
    bottom: float,
    scale: float,
    image_width: int,
) -> None:
    count = len(days)
    today = _today()
    if count <= 10:
        # Two lines per day: the weekday (or "Today") and the date.
        for index, day in enumerate(days):
            centre = left + (index + 0.5) * slot
            is_today = index == count - 1
            first = today if is_today else weekday(day.day)
            font = fonts.label_bold if is_today else fonts.label
            draw.text((centre, bottom + 6 * scale + _cap(font)), first, font=font, fill=TEXT, anchor="ms")
            second = short_date(day.day)
            second_y = bottom + 22 * scale + _cap(fonts.small)
            draw.text((centre, second_y), second, font=fonts.small, fill=MUTED, anchor="ms")
        return
    # Many days: a dated label every few days counted back from today, spaced so that none overlap.
    widest = max(
        _text_width(draw, today, fonts.small_bold),
        max(_text_width(draw, short_date(d.day), fonts.small) for d in days),
    )
    every = max(1, math.ceil((widest + 10 * scale) / slot))
    for index, day in enumerate(days):
        if (count - 1 - index) % every:
            continue
        centre = left + (index + 0.5) * slot
        is_today = index == count - 1
        text = today if is_today else short_date(day.day)
        font = fonts.small_bold if is_today else fonts.small
        half = _text_width(draw, text, font) / 2
        centre = min(max(centre, half + 2), image_width - half - 2)
        draw.line([(centre, bottom), (centre, bottom + 3 * scale)], fill=MUTED, width=max(1, round(scale)))
        draw.text(
            (centre, bottom + 6 * scale + _cap(font)),
            text,
            font=font,
            fill=TEXT if is_today else MUTED,
            anchor="ms",
        )


def _legend(
    draw: ImageDraw.ImageDraw,
    fonts: _Fonts,
    daily_goal: int,
    scale: float,
    right: float,
    y: float,
    dry_run: bool = False,
) -> float:
    """Draw the legend ending at `right` (unless dry_run) and return its width."""
    swatch, space, gap = 12 * scale, 5 * scale, 14 * scale
    items: list[tuple[str, Colour | None]] = [
        (pgettext("chart legend: stretches", "Completed"), COMPLETED),
        (pgettext("chart legend: stretches", "Cancelled"), CANCELLED),
        (_today(), TODAY),
        (_("Goal: {count} a day").format(count=daily_goal), None),
    ]
    widths = [swatch + space + _text_width(draw, text, fonts.label) for text, _ in items]
    total = sum(widths) + gap * (len(items) - 1)
    if dry_run:
        return total
    x = right - total
    for (text, colour), item_width in zip(items, widths, strict=True):
        middle = y + 7 * scale
        if colour is None:
            # The goal's key is a short stretch of the dashed line.
            draw.line([(x, middle), (x + 5 * scale, middle)], fill=GOAL, width=max(1, round(1.5 * scale)))
            draw.line(
                [(x + 8 * scale, middle), (x + swatch, middle)], fill=GOAL, width=max(1, round(1.5 * scale))
            )
        else:
            draw.rectangle([x, middle - swatch / 2, x + swatch, middle + swatch / 2], fill=colour)
        baseline = middle + _cap(fonts.label) / 2
        draw.text((x + swatch + space, baseline), text, font=fonts.label, fill=TEXT, anchor="ls")
        x += item_width + gap
    return total


def save_chart(days: Sequence[DayStats], daily_goal: int, path: Path, kind: str = "PNG") -> None:
    """Draw the chart of `days` at the default size and write it to `path` as Pillow format `kind`."""
    options = {"quality": 92} if kind in ("JPEG", "WEBP") else {}  # sharp text, still small
    draw_chart(days, daily_goal).save(path, format=kind, **options)
