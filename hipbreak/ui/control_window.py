"""The control window: hipbreak's menu as a small window, for desktops that show no tray icon.

Run as `python -m hipbreak.ui.control_window`; the app opens it when it finds no tray, and on
`hipbreak show`. It asks the running app for its status every few seconds and sends the buttons' commands.
"""

from __future__ import annotations

import subprocess
import sys
import tkinter as tk
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from functools import partial
from tkinter import ttk
from typing import Any

from hipbreak.adapters.config_file.read import load_settings
from hipbreak.core import commands as c
from hipbreak.core.durations import describe
from hipbreak.core.reminders import Status
from hipbreak.core.view import PAUSE_CHOICES, next_line
from hipbreak.environment import Environment
from hipbreak.language import N_, _, ngettext
from hipbreak.ui.control_link import Answer, ControlLink
from hipbreak.ui.look import PAD, mnemonic
from hipbreak.ui.window_trace import Trace

TITLE = "hipbreak"
NOT_RUNNING = N_("hipbreak is not running")
START_HINT = N_("Start it from your app menu, or with the hipbreak command.")
NO_DISPLAY = N_("hipbreak: cannot open the control window ({reason}); is there a display?")
POLL_MS = 3000  # a status call is one local socket round trip, cheap enough every few seconds
DRAIN_MS = 100
ACTIVE_STATES = ("running", "due")


def status_lines(data: Mapping[str, Any], now: datetime) -> tuple[str, str]:
    """Return (the next-reminder line, the breaks line) for the data of a `status` reply."""
    status = Status(
        state=str(data.get("state", "running")),
        next_reminder=_moment(data.get("next_reminder")),
        paused_until=_moment(data.get("paused_until")),
        breaks_today=int(data.get("breaks_today", 0)),
        snoozes_left=data.get("snoozes_left"),
    )
    return next_line(status, now), _("Breaks today: {count}").format(count=status.breaks_today)


def _moment(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


class ControlWindow:
    """The buttons and status lines on `root`; every method runs on the Tk thread."""

    def __init__(self, root: tk.Tk, env: Environment, link: ControlLink, trace: Trace) -> None:
        self.root = root
        self.env = env
        self.link = link
        self.trace = trace
        self.was_running = False
        self.closed = False
        self.waiting_for_status = False
        self.status_failed = False
        self.settings_process: subprocess.Popen[bytes] | None = None
        self.settings_stamp: float | None = None
        self.snooze_choices: list[tuple[str, float]] = []
        self.shown: tuple[str, str] = ("", "")
        body = ttk.Frame(root, padding=(PAD * 2, PAD + 4, PAD * 2, PAD))
        body.grid(sticky="nsew")
        for column in range(3):
            body.columnconfigure(column, weight=1, uniform="buttons")
        self.next_label = ttk.Label(body, text=_("Asking hipbreak…"), style="Big.TLabel")
        self.next_label.grid(row=0, column=0, columnspan=3, sticky="w")
        self.breaks_label = ttk.Label(body, text="")
        self.breaks_label.grid(row=1, column=0, columnspan=3, sticky="w", pady=(2, PAD))
        self.stretch_button = self._button(
            body, N_("Stretch now"), "s", lambda: self._send(c.StretchNow()), 2, 0
        )
        self.stretch_button.configure(style="Accent.TButton")
        self.snooze_menu = tk.Menu(root, tearoff=False)
        self.snooze_button = self._menu_button(body, N_("Snooze"), "n", self.snooze_menu, 2, 1)
        self.skip_button = self._button(body, N_("Skip"), "k", lambda: self._send(c.Skip()), 2, 2)
        self.pause_menu = tk.Menu(root, tearoff=False)
        for _label, minutes in PAUSE_CHOICES:
            pause = c.Pause(minutes * 60 if minutes else None)
            label = describe(timedelta(minutes=minutes)) if minutes else _("Until tomorrow")
            self.pause_menu.add_command(label=label, underline=0, command=partial(self._send, pause))
        self.pause_button = self._menu_button(body, N_("Pause"), "p", self.pause_menu, 3, 0)
        self.resume_button = self._button(body, N_("Resume"), "r", lambda: self._send(c.Resume()), 3, 0)
        self.resume_button.grid_remove()
        self.settings_button = self._button(body, N_("Settings…"), "e", self.open_settings, 3, 1)
        self.quit_button = self._button(body, N_("Quit hipbreak"), "q", lambda: self._send(c.Quit()), 3, 2)
        self.message = ttk.Label(body, text="", style="Hint.TLabel", wraplength=440, justify="left")
        self.message.grid(row=4, column=0, columnspan=3, sticky="w", padx=4, pady=(PAD // 2, 0))
        self.message.grid_remove()
        self.app_buttons: tuple[ttk.Button | ttk.Menubutton, ...] = (
            self.stretch_button,
            self.snooze_button,
            self.skip_button,
            self.pause_button,
            self.resume_button,
            self.quit_button,
        )
        root.bind("<Control-w>", self.close)
        root.protocol("WM_DELETE_WINDOW", self.close)
        self._load_snooze_choices()

    def _button(
        self, parent: ttk.Frame, name: str, key: str, action: Callable[[], object], row: int, col: int
    ) -> ttk.Button:
        # `name` is the English label: the trace's stable name for the button, translated to show it.
        text = _(name)
        button = ttk.Button(parent, text=text, underline=mnemonic(text, key), command=action)
        button.grid(row=row, column=col, sticky="ew", padx=4, pady=4)
        self.root.bind(f"<Alt-{key}>", lambda _e: button.invoke() if button.instate(["!disabled"]) else None)
        self._follow_focus(button, name)
        return button

    def _menu_button(
        self, parent: ttk.Frame, name: str, key: str, menu: tk.Menu, row: int, col: int
    ) -> ttk.Menubutton:
        text = _(name)
        button = ttk.Menubutton(parent, text=text, underline=mnemonic(text, key), menu=menu)
        button.grid(row=row, column=col, sticky="ew", padx=4, pady=4)
        self.root.bind(f"<Alt-{key}>", lambda _e: self._post(button, menu))
        self._follow_focus(button, name)
        return button

    def _follow_focus(self, widget: tk.Misc, name: str) -> None:
        widget.bind("<FocusIn>", lambda _event: self.trace("focus", field=name), add="+")

    def _post(self, button: ttk.Menubutton, menu: tk.Menu) -> None:
        if button.instate(["!disabled"]) and button.winfo_ismapped():
            menu.tk_popup(button.winfo_rootx(), button.winfo_rooty() + button.winfo_height())

    # -- talking to the app ----------------------------------------------------------------------------

    def start(self) -> None:
        """Begin polling the app; call once the window is on screen."""
        self.root.focus_force()
        self.stretch_button.focus_set()
        self.trace("ready", title=self.root.title(), xid=int(self.root.wm_frame(), 16))
        self._poll()
        self._drain()

    def _poll(self) -> None:
        if not self.waiting_for_status:
            self.waiting_for_status = True
            self.link.ask(c.Status())
        self.root.after(POLL_MS, self._poll)

    def _send(self, command: c.Command) -> None:
        self.trace("sent", **c.to_wire(command))
        self.link.ask(command)
        if not isinstance(command, c.Quit):
            self.waiting_for_status = True
            self.link.ask(c.Status())  # show the effect at once instead of at the next poll

    def _drain(self) -> None:
        for answer in self.link.answers():
            self._take(answer)
            if self.closed:
                return
        self.root.after(DRAIN_MS, self._drain)

    def _take(self, answer: Answer) -> None:
        self.trace("answer", command=answer.command, ok=answer.ok, text=answer.text, running=answer.running)
        if answer.command == "status":
            self.waiting_for_status = False
        if not answer.running or (answer.command == "quit" and answer.ok):
            if self.was_running or answer.command == "quit":
                self.close()  # the app quit: a window for it would only confuse
                return
            self._show_not_running()
            return
        self.was_running = True
        if answer.command == "status" and answer.ok:
            if self.status_failed:
                self._say("")  # the app answers again; its earlier error no longer holds
            self.status_failed = False
            self._show_status(answer.data)
        else:
            self.status_failed = answer.command == "status"
            self._say(answer.text if answer.ok else f"⚠ {answer.text}")

    def _show_not_running(self) -> None:
        self._set_lines(_(NOT_RUNNING), _(START_HINT))
        for button in self.app_buttons:
            button.state(["disabled"])
        if self.root.focus_get() in self.app_buttons:
            self.settings_button.focus_set()  # keep the keyboard on a button that still works

    def _show_status(self, data: Mapping[str, Any]) -> None:
        self._load_snooze_choices()
        try:
            lines = status_lines(data, datetime.now().astimezone())
        except (TypeError, ValueError):
            lines = (_("hipbreak is running"), "")  # a newer app's status we cannot read; still usable
        self._set_lines(*lines)
        state = str(data.get("state", ""))
        active = state in ACTIVE_STATES
        left = data.get("snoozes_left")
        for button in (self.stretch_button, self.pause_button, self.resume_button, self.quit_button):
            button.state(["!disabled"])
        self.skip_button.state(["!disabled"] if active else ["disabled"])
        can_snooze = active and left != 0 and bool(self.snooze_choices)
        self.snooze_button.state(["!disabled"] if can_snooze else ["disabled"])
        if not isinstance(left, int):
            snooze = _("Snooze")
        else:
            snooze = ngettext("Snooze ({count} left)", "Snooze ({count} left)", left).format(count=left)
        self.snooze_button.configure(text=snooze, underline=mnemonic(snooze, "n"))
        paused = state == "paused"
        (self.resume_button if paused else self.pause_button).grid()
        (self.pause_button if paused else self.resume_button).grid_remove()

    def _set_lines(self, next_text: str, breaks_text: str) -> None:
        self.next_label.configure(text=next_text)
        self.breaks_label.configure(text=breaks_text)
        if (next_text, breaks_text) != self.shown:
            self.shown = (next_text, breaks_text)
            self.trace("status", next=next_text, breaks=breaks_text)

    def _load_snooze_choices(self) -> None:
        # Re-read only when the file changed, so a Save in the settings window shows up here too.
        path = self.env.config_file
        try:
            stamp: float | None = path.stat().st_mtime
        except OSError:
            stamp = None
        if stamp == self.settings_stamp and self.snooze_choices:
            return
        self.settings_stamp = stamp
        settings, _problems = load_settings(path)
        self.snooze_choices = [(describe(d), d.total_seconds()) for d in settings.reminders.snooze]
        self.snooze_menu.delete(0, "end")
        for label, seconds in self.snooze_choices:
            self.snooze_menu.add_command(
                label=label, underline=0, command=partial(self._send, c.Snooze(seconds))
            )

    def _say(self, text: str) -> None:
        self.message.configure(text=text)
        if text:
            self.message.grid()
        else:
            self.message.grid_remove()

    # -- other windows -----------------------------------------------------------------------------------

    def open_settings(self) -> None:
        """Open the settings window, unless this window already has one open."""
        if self.settings_process is not None and self.settings_process.poll() is None:
            return
        command = [self.env.executable, "-m", "hipbreak.ui.settings_window"]
        try:
            self.settings_process = subprocess.Popen(command, env=dict(self.env.variables))
        except OSError as exc:
            message = _("Could not open the settings window: {reason}").format(reason=exc.strerror or exc)
            self._say(f"⚠ {message}")
            return
        self.trace("opened", window="settings")

    def close(self, _event: object = None) -> None:
        """Close this window; the app keeps running."""
        if self.closed:
            return
        self.closed = True
        self.trace("closed")
        self.link.stop()
        self.root.destroy()


def main() -> int:
    """Show the control window of this user's hipbreak until it is closed; 3 if no window can open."""
    from hipbreak.ui.entry import run_small_window

    def build(root: tk.Tk, env: Environment, trace: Trace) -> ControlWindow:
        link = ControlLink(env)
        window = ControlWindow(root, env, link, trace)
        link.start()
        return window

    return run_small_window("control", TITLE, NO_DISPLAY, build)


if __name__ == "__main__":
    sys.exit(main())
