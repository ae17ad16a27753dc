"""The stretch window's colours and its two layouts (normal, and large text readable from the floor)."""

from __future__ import annotations

from dataclasses import dataclass, field

# Lengths in pixels at scale 1 (96 dpi); the window multiplies them by its scale.
WIDTH = 1100
PAD = 24
GAP = 8


@dataclass(frozen=True)
class Theme:
    """Colours of the window; the side is always named in words too, never by colour alone.

    Every text colour reaches WCAG AA on the background it is drawn on (tests/stretch/test_contrast.py).
    """

    background: str = "#13202d"
    panel: str = "#1d2f41"
    text: str = "#f3f6f9"
    muted: str = "#b7c5d3"
    track: str = "#2c4155"
    warn: str = "#ffab91"
    arrow: str = "#ffd54f"
    paused: str = "#8d99a6"
    left: str = "#4dd0e1"
    right: str = "#f48fb1"
    done: str = "#81c784"

    def accent(self, side: str | None) -> str:
        """The colour that goes with a side (or with Done)."""
        return {"left": self.left, "right": self.right}.get(side or "", self.done)

    def text_pairs(self) -> dict[str, tuple[str, str, bool]]:
        """Every (text colour, background, large) pair the window draws, by what it is used for.

        "Large" is WCAG's large text: at least 24 px, or 18.7 px bold, at scale 1.
        """
        return {
            "title_cue_key_words": (self.text, self.background, False),
            "step_tips_why_status": (self.muted, self.background, False),
            "key_caps": (self.text, self.panel, False),
            "stop_warning": (self.warn, self.background, False),
            "left_side_line": (self.left, self.background, True),
            "right_side_line": (self.right, self.background, True),
            "done_headline": (self.done, self.background, True),
            "PAUSED": (self.arrow, self.background, True),
            "countdown_digits": (self.text, self.background, True),
            "why_panel": (self.text, self.panel, False),
            "why_panel_heading": (self.arrow, self.panel, False),
        }


@dataclass(frozen=True)
class Layout:
    """Row heights and the big sizes of one layout, at scale 1."""

    rows: dict[str, int] = field(default_factory=dict)
    position_font: int = 42
    digits_font: int = 112
    ring: int = 300
    cue_font: int = 28
    instruction_font: int = 25
    picture: tuple[int, int] | None = (500, 330)  # None: no picture, the ring has the row
    why_font: int = 17

    def natural_height(self) -> int:
        """The window's height in pixels at scale 1."""
        return 2 * PAD + sum(self.rows.values()) + GAP * (len(self.rows) - 1)


NORMAL = Layout(rows={"header": 50, "position": 62, "main": 330, "cue": 82, "lower": 124, "hints": 50})
# From two metres: the side, the countdown and the cue as large as they go; the stop line stays.
LARGE = Layout(
    rows={"header": 50, "position": 96, "main": 400, "cue": 136, "lower": 40, "hints": 50},
    position_font=72,
    digits_font=170,
    ring=390,
    cue_font=44,
    instruction_font=36,
    picture=None,
    why_font=17,
)


def fit_scale(width: int, height: int, layout: Layout) -> float:
    """The largest scale at which `layout` fits a `width`×`height` px window (at least 0.4)."""
    return max(0.4, min(width / (WIDTH + 2 * PAD), height / layout.natural_height()))
