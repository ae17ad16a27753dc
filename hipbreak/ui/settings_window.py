"""The Settings window: the common settings, checked as they are typed, written to the user's file on Save.

Run as `python -m hipbreak.ui.settings_window`; the app's tray menu and the control window open it.
"""

from __future__ import annotations

import contextlib
import sys
import tkinter as tk
from datetime import date, timedelta
from tkinter import ttk

from hipbreak.adapters.config_file.read import load_settings
from hipbreak.adapters.config_file.write import save_settings
from hipbreak.core.settings import DAY_NAMES, Settings
from hipbreak.environment import Environment
from hipbreak.language import N_, _, ngettext, pgettext, weekday
from hipbreak.ui import settings_form as form
from hipbreak.ui.autostart_switch import AutostartSwitch
from hipbreak.ui.field_marks import WARN, FieldMarks
from hipbreak.ui.look import PAD, mnemonic
from hipbreak.ui.window_trace import Trace

TITLE = N_("hipbreak settings")
NO_DISPLAY = N_("hipbreak: cannot open the settings window ({reason}); is there a display?")
A_MONDAY = date(2024, 1, 1)


class SettingsWindow:
    """The settings form on `root`; every method runs on the Tk thread."""

    def __init__(self, root: tk.Tk, env: Environment, trace: Trace) -> None:
        self.root = root
        self.env = env
        self.trace = trace
        settings, problems = load_settings(env.config_file)
        self.texts: dict[str, tk.StringVar] = {}
        self.inputs: dict[str, ttk.Entry] = {}
        self.marks = FieldMarks(root, trace, self._refresh_buttons)
        self.tab_order: list[str] = []
        body = ttk.Frame(root, padding=(PAD * 2, PAD, PAD * 2, PAD))
        body.grid(sticky="nsew")
        body.columnconfigure(2, weight=1)
        self.body = body
        self.row = 0
        if problems:
            # The file's path is at the bottom already; the line says what is wrong in it.
            first = problems[0].removeprefix(f"{env.config_file}: ")
            more = len(problems) - 1
            if more:
                line = ngettext(
                    "In the settings file, {problem} (and {count} more).",
                    "In the settings file, {problem} (and {count} more).",
                    more,
                )
            else:
                line = _("In the settings file, {problem}.")
            text = WARN + line.format(problem=first, count=more)
            problem = ttk.Label(body, text=text, style="Error.TLabel", wraplength=640, justify="left")
            problem.grid(row=self._next_row(), column=0, columnspan=3, sticky="w", pady=(0, PAD))
        texts = form.field_texts(settings)
        self._heading(pgettext("settings heading", "Reminders"), first=True)
        for field in form.REMINDER_FIELDS:
            self._text_row(field, texts[field.name])
        self._work_hours_row(settings)
        self._work_days_row(settings)
        self._heading(pgettext("settings heading", "Stretch"))
        for field in form.STRETCH_FIELDS:
            self._text_row(field, texts[field.name])
        self.sound = tk.BooleanVar(value=settings.stretch.sound)
        sound = ttk.Checkbutton(
            body, text=_("Play a sound at each hold, the switch and the end"), variable=self.sound
        )
        sound.grid(row=self._next_row(), column=1, columnspan=2, sticky="w", pady=(4, 0))
        self._follow_focus(sound, "sound")
        self._heading(pgettext("settings heading, for starting at login", "Start"))
        self.autostart = AutostartSwitch(body, self._next_row(), env, trace)
        self._follow_focus(self.autostart.button, "autostart")
        self.row += 1  # the switch's note line
        ttk.Separator(body).grid(row=self._next_row(), column=0, columnspan=3, sticky="ew", pady=PAD)
        self._buttons(self._next_row())
        path = ttk.Label(
            body, text=_("Settings file: {path}").format(path=env.config_file), style="Path.TLabel"
        )
        path.grid(row=self._next_row(), column=0, columnspan=3, sticky="w", pady=(PAD, 0))
        self.initial = self._values()
        root.bind("<Escape>", self.close)
        root.bind("<Return>", self._enter)
        root.bind("<KP_Enter>", self._enter)
        root.bind("<Control-s>", self.save)
        root.bind("<Alt-s>", self.save)
        root.bind("<Alt-c>", self.close)
        root.protocol("WM_DELETE_WINDOW", self.close)
        self._refresh_buttons()

    # -- building --------------------------------------------------------------------------------------

    def _next_row(self) -> int:
        self.row += 1
        return self.row - 1

    def _heading(self, title: str, first: bool = False) -> None:
        label = ttk.Label(self.body, text=title, style="Heading.TLabel")
        label.grid(row=self._next_row(), column=0, columnspan=3, sticky="w", pady=(0 if first else PAD, 4))

    def _label(self, text: str, row: int) -> None:
        ttk.Label(self.body, text=text).grid(row=row, column=0, sticky="w", padx=(PAD, PAD), pady=3)

    def _text_row(self, field: form.TextField, text: str) -> None:
        row = self._next_row()
        self._label(_(field.label), row)
        var = tk.StringVar(value=text)
        entry: ttk.Entry
        if field.kind == "count":
            low, high = field.span
            entry = ttk.Spinbox(
                self.body, name=field.name, textvariable=var, width=field.width, from_=low, to=high
            )
        else:
            entry = ttk.Entry(self.body, name=field.name, textvariable=var, width=field.width)
        entry.grid(row=row, column=1, sticky="w", pady=3)
        hint = ttk.Label(self.body, text=_(field.hint), style="Hint.TLabel")
        hint.grid(row=row, column=2, sticky="w", padx=(8, 0))
        self._error_line(field.name, [entry])
        self.texts[field.name] = var
        self.inputs[field.name] = entry
        self._follow_focus(entry, field.name)
        var.trace_add("write", lambda *_: self._check(field.name, typing=True))

    def _error_line(self, name: str, inputs: list[ttk.Entry]) -> None:
        line = ttk.Label(self.body, style="Error.TLabel")
        line.grid(row=self._next_row(), column=1, columnspan=2, sticky="w", pady=(0, 4))
        self.marks.add(name, line, inputs)

    def _work_hours_row(self, settings: Settings) -> None:
        all_day, start, end = form.work_hours_texts(settings)
        row = self._next_row()
        self._label(_("Work hours"), row)
        line = ttk.Frame(self.body)
        line.grid(row=row, column=1, columnspan=2, sticky="w", pady=3)
        self.all_day = tk.BooleanVar(value=all_day)
        # Translators: the work hours read as one line: "(•) All day  ( ) From [09:00] to [17:30]".
        some_hours = pgettext("work hours: From 09:00 to 17:30", "From")
        for column, (text, value) in enumerate(((_("All day"), True), (some_hours, False))):
            button = ttk.Radiobutton(
                line, text=text, value=value, variable=self.all_day, command=lambda: self._check("work_hours")
            )
            button.grid(row=0, column=column, padx=(0, 10))
            self._follow_focus(button, "all_day" if value else "some_hours")
        for column, (name, text) in enumerate((("work_from", start), ("work_to", end))):
            var = tk.StringVar(value=text)
            entry = ttk.Entry(line, name=name, textvariable=var, width=6)
            entry.grid(row=0, column=2 + 2 * column)
            self.texts[name] = var
            self.inputs[name] = entry
            self._follow_focus(entry, name)
            var.trace_add("write", lambda *_: self._check("work_hours", typing=True))
        # Translators: between the two times of the work hours: "From [09:00] to [17:30]".
        ttk.Label(line, text=pgettext("work hours: From 09:00 to 17:30", "to")).grid(row=0, column=3, padx=6)
        self._error_line("work_hours", [self.inputs["work_from"], self.inputs["work_to"]])
        self._check("work_hours")

    def _work_days_row(self, settings: Settings) -> None:
        row = self._next_row()
        self._label(_("Work days"), row)
        line = ttk.Frame(self.body)
        line.grid(row=row, column=1, columnspan=2, sticky="w", pady=3)
        self.days = [tk.BooleanVar(value=on) for on in form.work_day_flags(settings)]
        for index, (name, var) in enumerate(zip(DAY_NAMES, self.days, strict=True)):
            label = weekday(A_MONDAY + timedelta(days=index))
            box = ttk.Checkbutton(line, text=label, variable=var, command=lambda: self._check("work_days"))
            box.grid(row=0, column=index, padx=(0, 8))
            self._follow_focus(box, f"day_{name}")
        self._error_line("work_days", [])

    def _buttons(self, row: int) -> None:
        bar = ttk.Frame(self.body)
        bar.grid(row=row, column=0, columnspan=3, sticky="ew")
        bar.columnconfigure(0, weight=1)
        self.message = ttk.Label(bar, style="Hint.TLabel", wraplength=330, justify="left")
        self.message.grid(row=0, column=0, sticky="w", padx=(0, PAD))
        cancel, save = _("Cancel"), _("Save")
        self.cancel_button = ttk.Button(bar, text=cancel, underline=mnemonic(cancel, "c"), command=self.close)
        self.cancel_button.grid(row=0, column=1, padx=(0, 8))
        self.save_button = ttk.Button(
            bar, text=save, underline=mnemonic(save, "s"), style="Accent.TButton", command=self.save
        )
        self.save_button.grid(row=0, column=2)
        self._follow_focus(self.cancel_button, "cancel")
        self._follow_focus(self.save_button, "save")

    def _follow_focus(self, widget: tk.Misc, name: str) -> None:
        self.tab_order.append(name)
        widget.bind("<FocusIn>", lambda _event: self.trace("focus", field=name), add="+")

    # -- checking --------------------------------------------------------------------------------------

    def _values(self) -> dict[form.Key, object]:
        """The valid values now in the form, by (section, key); bad ones are left out."""
        values: dict[form.Key, object] = {}
        for field in form.TEXT_FIELDS:
            with contextlib.suppress(ValueError):
                values[field.key] = form.text_value(field, self.texts[field.name].get())
        with contextlib.suppress(ValueError):
            values[form.WORK_HOURS] = form.work_hours_value(
                self.all_day.get(), self.texts["work_from"].get(), self.texts["work_to"].get()
            )
        with contextlib.suppress(ValueError):
            values[form.WORK_DAYS] = form.work_days_value([var.get() for var in self.days])
        values[form.SOUND] = self.sound.get()
        return values

    def _check(self, name: str, typing: bool = False) -> None:
        error = ""
        try:
            if name == "work_hours":
                all_day = self.all_day.get()
                for part in ("work_from", "work_to"):
                    self.inputs[part].state(["disabled"] if all_day else ["!disabled"])
                form.work_hours_value(all_day, self.texts["work_from"].get(), self.texts["work_to"].get())
            elif name == "work_days":
                form.work_days_value([var.get() for var in self.days])
            else:
                field = next(f for f in form.TEXT_FIELDS if f.name == name)
                form.text_value(field, self.texts[name].get())
        except ValueError as exc:
            error = str(exc)
        self.marks.set(name, error, typing)

    def _refresh_buttons(self) -> None:
        if not hasattr(self, "initial"):
            return  # still building the form
        failing = self.marks.failing
        self.save_button.state(["disabled"] if failing else ["!disabled"])
        if self.marks.shown:
            fix = ngettext(
                "Fix the marked field to save.", "Fix the marked fields to save.", self.marks.shown
            )
            self._say(fix, error=True)
        elif str(self.message.cget("style")) == "Error.TLabel":
            self._say("")
        unsaved = bool(failing) or bool(form.changes(self.initial, self._values()))
        text = _("Cancel") if unsaved else _("Close")
        self.cancel_button.configure(text=text, underline=mnemonic(text, "c"))

    # -- actions ---------------------------------------------------------------------------------------

    def save(self, _event: object = None) -> str:
        """Write the changed settings to the file and ask the running app to reload them."""
        if self.marks.failing:
            self.marks.show_all()
            self.trace("save_blocked", fields=sorted(self.marks.failing))
            self.root.bell()
            return "break"
        current = self._values()
        pending = form.changes(self.initial, current)
        if not pending:
            nothing = _("Nothing changed.")
            self._say(nothing)
            self.trace("saved", changes={}, message=nothing)
            return "break"
        path = self.env.config_file
        try:
            save_settings(path, pending)
        except ValueError as exc:
            self._say(WARN + str(exc), error=True)
            self.trace("save_failed", error=str(exc))
            return "break"
        except OSError as exc:
            failed = _("Could not save {path}: {reason}").format(path=path, reason=exc.strerror or exc)
            self._say(WARN + failed, error=True)
            self.trace("save_failed", error=str(exc))
            return "break"
        self.initial = current
        message = self._reload()
        self._say(message)
        self._refresh_buttons()
        self.trace("saved", changes=pending, message=message)
        return "break"

    def _enter(self, event: tk.Event) -> str:
        # Enter on a focused button presses that button; anywhere else it saves, as in most dialogs.
        if isinstance(event.widget, ttk.Button):
            event.widget.invoke()
            return "break"
        return self.save()

    def _reload(self) -> str:
        from hipbreak.core.commands import Reload
        from hipbreak.ipc.client import ControlError, NotRunning, send

        try:
            reply = send(self.env, Reload(), timeout=3.0)
        except NotRunning:
            return _("Saved; takes effect when hipbreak starts.")
        except ControlError as exc:
            return _("Saved, but the running app did not reload: {reason}").format(reason=exc)
        if not reply.ok:
            return _("Saved, but the running app did not reload: {reason}").format(reason=reply.error)
        return _("Saved. hipbreak uses the new settings now.")

    def _say(self, text: str, error: bool = False) -> None:
        self.message.configure(text=text, style="Error.TLabel" if error else "Hint.TLabel")

    def close(self, _event: object = None) -> None:
        """Close the window without saving."""
        self.trace("closed")
        self.root.destroy()

    def start(self) -> None:
        """Put the cursor in the first field, with its text selected so typing replaces it."""
        first = self.inputs[form.TEXT_FIELDS[0].name]
        self.root.focus_force()
        first.focus_set()
        first.select_range(0, "end")
        first.icursor("end")
        self.trace(
            "ready", title=self.root.title(), xid=int(self.root.wm_frame(), 16), tab_order=self.tab_order
        )


def main() -> int:
    """Show the settings window of this user's hipbreak until it is closed; 3 if no window can open."""
    from hipbreak.ui.entry import run_small_window

    return run_small_window("settings", TITLE, NO_DISPLAY, SettingsWindow)


if __name__ == "__main__":
    sys.exit(main())
