"""The "Why?" panel (key W): the routine's reasons, shown in place of the picture while the hold runs on."""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable

from hipbreak.core.routine import Routine
from hipbreak.language import _
from hipbreak.ui.stretch.layout import Theme
from hipbreak.ui.stretch.text_fit import FontMaker, fit_height


def reasons_text(routine: Routine) -> str:
    """The reasons as a bulleted list; the routine's one-line why when it gives no list."""
    reasons = routine.reasons or ((routine.why,) if routine.why else ())
    if not reasons:
        return _("This routine gives no reasons.")
    return "\n".join(f"\u2022 {reason}" for reason in reasons)


class WhyPanel:
    """A fixed-size box with a heading and the reasons; the screen packs `box` to show it. Tk thread."""

    def __init__(
        self,
        parent: tk.Misc,
        routine: Routine,
        width: int,
        height: int,
        font: FontMaker,
        size: int,
        px: Callable[[float], int],
        theme: Theme,
    ) -> None:
        # Wider than the picture it replaces: the reasons are read up close and must fit unscrolled.
        self.box = tk.Frame(parent, bg=theme.panel, width=width, height=height)
        self.box.pack_propagate(False)
        heading = tk.Label(
            self.box, bg=theme.panel, fg=theme.arrow, anchor="w",
            text=_("Why it works (W closes this)"), padx=px(14), pady=px(6), bd=0,
        )  # fmt: skip
        heading.pack(side="top", fill="x")
        self.text = tk.Label(
            self.box, bg=theme.panel, fg=theme.text, justify="left", anchor="nw",
            wraplength=width - px(28), padx=px(14), pady=px(2), bd=0, text=reasons_text(routine),
        )  # fmt: skip
        self.text.pack(side="top", fill="both", expand=True)
        # The reasons must fit unscrolled; in a longer language they get smaller to do so.
        fit_height([(heading, size + 2, True), (self.text, size, False)], height, font)
        self.labels = [("why_heading", heading), ("why_text", self.text)]
