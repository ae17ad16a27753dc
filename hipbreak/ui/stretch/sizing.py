"""The stretch window's size: opened where it was left, rescaled as the user resizes it, remembered."""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable

from hipbreak.ui.stretch import placement
from hipbreak.ui.stretch.layout import NORMAL, PAD, WIDTH, Layout, fit_scale
from hipbreak.ui.stretch.window_memory import Remembered, WindowMemory

Rect = tuple[int, int, int, int]
MIN_SCALE = 0.75
RESIZE_SETTLE_MS = 250  # rebuild the layout once the user stops dragging the window's edge


def window_scale(tk_scaling: float, area: Rect, height: int = NORMAL.natural_height()) -> float:
    """Return the layout scale: Tk's pixels per point relative to 96 dpi, shrunk to fit `area`."""
    scale = max(0.75, min(3.0, tk_scaling / (96 / 72)))
    fit = min(area[2] * 0.94 / (WIDTH + 2 * PAD), area[3] * 0.92 / height)
    return max(0.5, min(scale, fit))


def natural_size(scale: float, layout: Layout) -> tuple[int, int]:
    """The window size that holds `layout` at `scale` exactly."""
    return round((WIDTH + 2 * PAD) * scale), round(layout.natural_height() * scale)


class WindowSizer:
    """Places the window and calls `rescale(scale)` when a resize calls for another scale; Tk thread."""

    def __init__(self, root: tk.Tk, memory: WindowMemory | None, rescale: Callable[[float], None]) -> None:
        self.root = root
        self.memory = memory
        self.rescale = rescale
        self.scale = 1.0
        self.layout: Layout | None = None
        self._size = (0, 0)
        self._job: str | None = None

    def monitors(self) -> list[Rect]:
        """The monitors, or the whole screen as one when they cannot be learned."""
        return placement.monitors() or [(0, 0, self.root.winfo_screenwidth(), self.root.winfo_screenheight())]

    def open(self, layout: Layout) -> float:
        """Size and place the window for `layout`; return the scale to build the screen at.

        The remembered size on the remembered monitor when that monitor is still there, else the natural
        size for the screen's dpi on the monitor under the pointer.
        """
        self.layout = layout
        remembered = self.memory.load() if self.memory is not None else None
        area = remembered.area(self.monitors()) if remembered is not None else None
        if remembered is not None and area is not None:
            width, height = remembered.size_within(area)
            self.scale = fit_scale(width, height, layout)
        else:
            x, y = self.root.winfo_pointerxy()
            area = placement.pick_monitor(self.monitors(), x, y) or self.monitors()[0]
            tk_scaling = float(self.root.tk.call("tk", "scaling"))
            self.scale = window_scale(tk_scaling, area, layout.natural_height())
            width, height = natural_size(self.scale, layout)
        x, y = placement.centred(area, width, height)
        self.root.geometry(f"{width}x{height}+{x}+{y}")
        # Below about three quarters the small lines (tips, the stop warning) no longer fit their rows.
        self.root.minsize(*natural_size(MIN_SCALE, layout))
        self.root.bind("<Configure>", self._on_configure, add="+")
        return self.scale

    def fit(self, layout: Layout) -> float:
        """The scale at which `layout` fills the window as it is now (after a layout switch)."""
        self.layout = layout
        self.root.update_idletasks()
        self.scale = fit_scale(self.root.winfo_width(), self.root.winfo_height(), layout)
        return self.scale

    def _on_configure(self, event: tk.Event) -> None:
        if event.widget is not self.root or (event.width, event.height) == self._size:
            return
        self._size = (event.width, event.height)
        if self._job is not None:
            self.root.after_cancel(self._job)
        self._job = self.root.after(RESIZE_SETTLE_MS, self._settled)

    def _settled(self) -> None:
        self._job = None
        if self.layout is None:
            return
        scale = fit_scale(*self._size, self.layout)
        if abs(scale - self.scale) > 0.02 * self.scale:
            self.scale = scale
            self.rescale(scale)

    def remember(self) -> None:
        """Keep the window's size and monitor for next time (before the window is destroyed)."""
        if self.memory is None:
            return
        try:
            width, height = self.root.winfo_width(), self.root.winfo_height()
            x, y = self.root.winfo_rootx(), self.root.winfo_rooty()
        except tk.TclError:
            return
        monitor = placement.pick_monitor(self.monitors(), x + width // 2, y + height // 2)
        if monitor is not None and width > 1 and height > 1:
            self.memory.save(Remembered(width, height, monitor))
