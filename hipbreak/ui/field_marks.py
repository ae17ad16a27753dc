"""Which checks of a form fail, and how that shows: a red border on the inputs and an error line in words."""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable, Sequence
from tkinter import ttk

from hipbreak.ui.window_trace import Trace

WARN = "⚠ "  # error lines start with a sign, so they never rely on colour alone
TYPING_PAUSE_MS = 600


class FieldMarks:
    """The failing checks of one form, by name; Tk thread only.

    A check that fails while its field is being typed in is shown once typing pauses, so a half-typed
    "1h3" does not flash red; one that passes is cleared at once. `on_change` runs after every change.
    """

    def __init__(self, root: tk.Misc, trace: Trace, on_change: Callable[[], None]) -> None:
        self._root = root
        self._trace = trace
        self._on_change = on_change
        self._lines: dict[str, ttk.Label] = {}
        self._inputs: dict[str, Sequence[ttk.Entry]] = {}
        self._failing: dict[str, str] = {}  # name -> error, shown or not yet
        self._shown: dict[str, str] = {}
        self._waiting: dict[str, str] = {}  # name -> Tk `after` id

    @property
    def failing(self) -> dict[str, str]:
        """The checks that fail now, including those not shown yet."""
        return dict(self._failing)

    @property
    def shown(self) -> int:
        """How many failing checks are on screen."""
        return len(self._shown)

    def add(self, name: str, line: ttk.Label, inputs: Sequence[ttk.Entry]) -> None:
        """Register check `name`: its error line (hidden for now) and the inputs it marks."""
        line.grid_remove()
        self._lines[name] = line
        self._inputs[name] = inputs
        for entry in inputs:
            entry.bind("<FocusOut>", lambda _event: self.show_all(), add="+")

    def set(self, name: str, error: str, typing: bool = False) -> None:
        """Record the result of check `name` ("" = passes); show a failure now, or after a typing pause."""
        self._cancel(name)
        if error:
            self._failing[name] = error
            if typing and self._shown.get(name) != error:
                self._waiting[name] = self._root.after(TYPING_PAUSE_MS, lambda: self._show(name))
            else:
                self._show(name)
        else:
            self._failing.pop(name, None)
            self._show(name)
        self._on_change()

    def show_all(self) -> None:
        """Show every failing check now (on leaving a field, or on pressing Save)."""
        for name in list(self._waiting):
            self._cancel(name)
            self._show(name)
        self._on_change()

    def _cancel(self, name: str) -> None:
        waiting = self._waiting.pop(name, None)
        if waiting is not None:
            self._root.after_cancel(waiting)

    def _show(self, name: str) -> None:
        self._waiting.pop(name, None)
        error = self._failing.get(name, "")
        if self._shown.get(name, "") == error:
            return
        for entry in self._inputs[name]:
            kind = "TSpinbox" if isinstance(entry, ttk.Spinbox) else "TEntry"
            entry.configure(style=f"Bad.{kind}" if error else kind)
        line = self._lines[name]
        if error:
            self._shown[name] = error
            line.configure(text=WARN + error)
            line.grid()
        else:
            self._shown.pop(name, None)
            line.grid_remove()
        self._trace("invalid" if error else "valid", field=name, error=error)
        self._on_change()
