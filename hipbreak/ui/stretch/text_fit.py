"""Texts that shrink to fit their fixed rows: a translation may run longer than the English they fit.

Every text keeps the size its layout gives it when it fits; only a text that would be cut gets smaller,
down to FLOOR of that size (still readable from a step away). Tk thread only.
"""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable, Iterable, Sequence
from tkinter import font as tkfont

FontMaker = Callable[[float, bool], tkfont.Font]
Sized = tuple[tk.Label, float, bool]  # a label, its layout size in px at scale 1, bold

FLOOR = 0.6
_STEP = 0.05


def shares() -> Iterable[float]:
    """The shares of its layout size a text tries, largest first, down to FLOOR."""
    share = 1.0
    while share > FLOOR - 1e-9:
        yield share
        share = round(share - _STEP, 2)


def fit_height(labels: Sequence[Sized], room: int, font: FontMaker, extra: int = 0) -> bool:
    """Size `labels`, stacked in `room` px with `extra` px between them, as large as fits; return whether
    they fit. They shrink together, so a heading stays larger than its text."""
    return _fit(labels, room, font, extra, tk.Label.winfo_reqheight)


def fit_width(labels: Sequence[Sized], room: int, font: FontMaker, extra: int = 0) -> bool:
    """Size `labels`, side by side in `room` px with `extra` px of gaps, as large as fits; return whether
    they fit."""
    return _fit(labels, room, font, extra, tk.Label.winfo_reqwidth)


def _fit(
    labels: Sequence[Sized], room: int, font: FontMaker, extra: int, length: Callable[[tk.Label], int]
) -> bool:
    """Shrink `labels` together until the sum of their `length` plus `extra` fits `room`."""
    for share in shares():
        for label, size, bold in labels:
            label.configure(font=font(size * share, bold))
        if extra + sum(length(label) for label, _, _ in labels) <= room:
            return True
    return False


def cut(labels: Iterable[tuple[str, tk.Label]]) -> list[str]:
    """Return the names of the shown labels whose text needs more room than they got (cut off).

    Reads the geometry as laid out: call it after `update_idletasks()`.
    """
    found = []
    for name, label in labels:
        master = label.master
        if (
            not label.cget("text")
            or not label.winfo_manager()
            or master is None
            or not master.winfo_ismapped()
        ):
            continue  # nothing to read, or a part of the window not on show (the why panel, large text)
        # A packed label left without any room is unmapped by the packer: cut entirely.
        too_small = (
            label.winfo_reqwidth() > label.winfo_width() + 1
            or label.winfo_reqheight() > label.winfo_height() + 1
        )
        if not label.winfo_ismapped() or too_small:
            found.append(name)
    return found
