"""Every text colour of the stretch window against its background passes WCAG 2 AA."""

from __future__ import annotations

import pytest

from hipbreak.ui.stretch.layout import Theme

THEME = Theme()


def luminance(colour: str) -> float:
    """WCAG relative luminance of "#rrggbb"."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_formula_matches_known_ratios() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(("use", "pair"), THEME.text_pairs().items(), ids=list(THEME.text_pairs()))
def test_each_text_pair_passes_aa(use: str, pair: tuple[str, str, bool]) -> None:
    text, background, large = pair
    needed = 3.0 if large else 4.5
    assert contrast(text, background) >= needed, f"{use}: {contrast(text, background):.2f}:1 < {needed}:1"


def test_every_text_colour_of_the_theme_is_in_a_checked_pair() -> None:
    checked = {text for text, _, _ in THEME.text_pairs().values()}
    # track and paused colour only rings and shapes, never text.
    assert checked == {THEME.text, THEME.muted, THEME.warn, THEME.left, THEME.right, THEME.done, THEME.arrow}


def test_the_side_colours_read_even_as_normal_text() -> None:
    """The accents meet the stricter ratio too, though drawn large: they are read from the floor."""
    for colour in (THEME.left, THEME.right, THEME.done, THEME.arrow, THEME.warn):
        assert contrast(colour, THEME.background) >= 4.5, colour
