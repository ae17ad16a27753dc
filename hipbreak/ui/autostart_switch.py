"""The "Start hipbreak when I log in" checkbox: it changes the login entry at once, not on Save."""

from __future__ import annotations

import tkinter as tk
from tkinter import ttk
from typing import Any

from hipbreak.environment import Environment
from hipbreak.language import _
from hipbreak.ui.look import mnemonic
from hipbreak.ui.window_trace import Trace


class AutostartSwitch:
    """The start-at-login checkbox and its note, in rows `row` and `row + 1` of `parent`; Tk thread only."""

    def __init__(self, parent: ttk.Frame, row: int, env: Environment, trace: Trace) -> None:
        from hipbreak.adapters.autostart import AutostartError
        from hipbreak.adapters.autostart.choose import choose_autostart
        from hipbreak.ipc.client import ControlError

        self._errors = (AutostartError, ControlError)
        self._env = env
        self._trace = trace
        self.var = tk.BooleanVar(value=False)
        text = _("Start hipbreak when I log in")
        self.button = ttk.Checkbutton(
            parent, text=text, underline=mnemonic(text, "h"), variable=self.var, command=self._flip
        )
        self.button.grid(row=row, column=0, columnspan=3, sticky="w", padx=(12, 0))
        self.note = ttk.Label(parent, style="Hint.TLabel")
        self.note.grid(row=row + 1, column=0, columnspan=3, sticky="w", padx=(34, 0))
        self.note.grid_remove()
        self._backend: Any = choose_autostart(env)
        if self._backend.name == "none":
            self.button.state(["disabled"])
            self._show(_("Not available on this system."), error=False)
            return
        try:
            self.var.set(self._backend.enabled())
        except AutostartError as exc:
            self._show(str(exc), error=True)
        parent.winfo_toplevel().bind("<Alt-h>", lambda _e: self.button.invoke())

    def _flip(self) -> None:
        from hipbreak.ipc.autostart import set_autostart

        wanted = self.var.get()
        try:
            # Through the running app when there is one, so its tray's checkbox follows at once.
            now, _where = set_autostart(self._env, wanted)
        except self._errors as exc:
            self.var.set(not wanted)
            self._show(str(exc), error=True)
            self._trace("autostart", on=not wanted, error=str(exc))
            return
        self.var.set(now)
        self._show(
            _("hipbreak will start when you log in.") if now else _("hipbreak will not start at login.")
        )
        self._trace("autostart", on=now, error="")

    def _show(self, text: str, error: bool = False) -> None:
        if error:
            self.note.configure(text="⚠ " + text, style="Error.TLabel")
        else:
            self.note.configure(text=text, style="Hint.TLabel")
        self.note.grid()
