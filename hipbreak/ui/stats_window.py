"""The statistics window: today's numbers and the chart of the last 7 or 30 days, in its own process.

Run as `python -m hipbreak.ui.stats_window --db PATH --goal N`. Keys: 7 and 3 pick the chart's
span, Esc closes. With HIPBREAK_WINDOW_TRACE=1 it prints one JSON line per thing it shows.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import math
import os
import sqlite3
import sys
import tkinter as tk
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from tkinter import font as tkfont
from typing import Any, TextIO

from hipbreak.adapters.history import History
from hipbreak.adapters.history_queue import WithPending
from hipbreak.cli.stats_report import day_record, load_stats, streak_text
from hipbreak.core.durations import describe
from hipbreak.core.stats import DayStats
from hipbreak.exit_codes import ExitStatus
from hipbreak.language import N_, _, choose, ngettext
from hipbreak.ui.chart import draw_chart
from hipbreak.ui.entry import tk_root

PROG = "hipbreak-stats"
TITLE = N_("hipbreak: your breaks")
TRACE_VARIABLE = "HIPBREAK_WINDOW_TRACE"
SPANS = (7, 30)

BACKGROUND = "#ffffff"
TEXT = "#1f2933"
MUTED = "#52606d"
_SPAN_KEYS = {"7": 7, "KP_7": 7, "3": 30, "KP_3": 30}


@dataclass(frozen=True)
class StatsView:
    """What the window shows: the last 30 days ending today (oldest first), the streak and the goal."""

    days: list[DayStats]
    streak: int
    goal: int
    note: str = ""  # why the numbers are empty, when the history could not be read

    @property
    def today(self) -> DayStats:
        """Today's stats."""
        return self.days[-1]


def open_read_only(path: Path) -> History:
    """Open the history at `path` for reading only (WAL lets the app write meanwhile); raise sqlite3.Error."""
    connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=5.0)
    return History(connection, path)


def load_view(db: Path, now: datetime, goal: int) -> StatsView:
    """Read the 30 days ending `now` from the history at `db`; an unreadable one gives zeros and a note.

    The window is opened by the running app, so today's open sitting span lasts until `now`.
    """
    today = now.date()
    empty = [DayStats(today - timedelta(days=back)) for back in range(SPANS[-1] - 1, -1, -1)]
    try:
        history = open_read_only(db)
    except sqlite3.Error:
        return StatsView(empty, 0, goal, note=_("No breaks recorded yet."))
    try:
        # Breaks the app could not save yet (the history was busy) wait beside it; they count all the same.
        days, run = load_stats(WithPending.read(history, db), today, SPANS[-1], goal, now=now)
    except sqlite3.Error as exc:
        return StatsView(empty, 0, goal, note=_("The history cannot be read ({reason}).").format(reason=exc))
    finally:
        history.close()
    return StatsView(days, run, goal)


def headline(day: DayStats, goal: int) -> str:
    """Return a day's numbers in one line: "Today: 3 of 8 breaks · 1 snooze · longest sit 1 h 20 min"."""
    breaks = ngettext("Today: {done} of {goal} break", "Today: {done} of {goal} breaks", goal)
    snoozes = ngettext("{count} snooze", "{count} snoozes", day.snoozes)
    longest = _("longest sit {duration}")
    # Translators: the statistics window's headline from its three parts above, as in
    # "Today: 3 of 8 breaks · 1 snooze · longest sit 1 h 20 min".
    return _("{breaks} · {snoozes} · {longest}").format(
        breaks=breaks.format(done=day.completed, goal=goal),
        snoozes=snoozes.format(count=day.snoozes),
        longest=longest.format(duration=describe(day.longest_sitting)),
    )


class StatsWindow:
    """The window's widgets and keys; every method runs on the Tk thread."""

    def __init__(self, root: tk.Tk, view: StatsView, span: int, trace: TextIO | None) -> None:
        self.root = root
        self.view = view
        self.span = span
        self._trace = trace
        self._photos: dict[int, tk.PhotoImage] = {}
        # Tk's pixels per point over the usual 96 dpi's 4/3 gives the screen's scale for the chart.
        self.scale = min(3.0, max(1.0, float(root.tk.call("tk", "scaling")) * 72 / 96))
        family = tkfont.nametofont("TkDefaultFont").actual("family")
        # Kept: a tkinter Font deletes its Tk font when collected, and its labels fall back to the default.
        self._fonts = {
            "big": tkfont.Font(root, family=family, size=16, weight="bold"),
            "normal": tkfont.Font(root, family=family, size=11),
        }
        # The chart has its own 16 px margin; the words get the same, so that all left edges line up.
        pad = round(16 * self.scale)

        root.title(_(TITLE))
        root.configure(background=BACKGROUND)
        root.resizable(False, False)
        frame = tk.Frame(root, background=BACKGROUND, padx=2, pady=pad)
        frame.pack()
        self.headline = tk.Label(
            frame,
            text=headline(view.today, view.goal),
            font=self._fonts["big"],
            foreground=TEXT,
            background=BACKGROUND,
        )
        self.headline.pack(anchor="w", padx=pad)
        detail = streak_text(view.streak, view.goal) + (f"   {view.note}" if view.note else "")
        self.detail = tk.Label(
            frame,
            text=detail,
            font=self._fonts["normal"],
            foreground=MUTED,
            background=BACKGROUND,
        )
        self.detail.pack(anchor="w", padx=pad, pady=(2, round(4 * self.scale)))
        self.chart = tk.Label(frame, background=BACKGROUND, borderwidth=0)
        self.chart.pack()

        bar = tk.Frame(frame, background=BACKGROUND)
        bar.pack(fill="x", padx=pad, pady=(round(6 * self.scale), 0))
        self._choice = tk.IntVar(value=span)
        button_font = self._fonts["normal"]
        for days, key in ((7, "7"), (30, "3")):
            # Translators: a button choosing the chart's span; {key} is the key that chooses it too.
            text = ngettext("Last {count} day  [{key}]", "Last {count} days  [{key}]", days)
            tk.Radiobutton(
                bar,
                text=text.format(count=days, key=key),
                value=days,
                variable=self._choice,
                indicatoron=False,
                command=partial(self.show, days),
                font=button_font,
                padx=10,
                pady=4,
                selectcolor="#dce7f5",
            ).pack(side="left", padx=(0, 6))
        # Translators: the Close button; {key} is the key that closes the window too.
        close = _("Close  [{key}]").format(key="Esc")
        tk.Button(bar, text=close, command=self.close, font=button_font, padx=10, pady=4).pack(side="right")

        root.bind("<KeyPress>", self._on_key)
        root.bind("<Map>", self._on_map)
        root.protocol("WM_DELETE_WINDOW", self.close)
        # As wide as the headline (at least the chart's usual 640), so its margins match the words'.
        root.update_idletasks()
        self.chart_width = max(640, math.ceil((self.headline.winfo_reqwidth() + 2 * pad) / self.scale))
        self.show(span, announce=False)

    def show(self, days: int, announce: bool = True) -> None:
        """Show the chart of the last `days` days (7 or 30)."""
        self.span = days
        self._choice.set(days)
        if days not in self._photos:
            image = draw_chart(
                self.view.days[-days:], self.view.goal, width=self.chart_width, scale=self.scale
            )
            png = io.BytesIO()
            image.save(png, format="PNG")
            # Tk reads PNG itself, so ImageTk (a separate package on some systems) is not needed.
            self._photos[days] = tk.PhotoImage(data=base64.b64encode(png.getvalue()).decode("ascii"))
        self.chart.configure(image=self._photos[days])
        if announce:
            self._emit("shown")

    def place(self) -> None:
        """Centre the window on the screen, then show it and take the keyboard focus."""
        self.root.update_idletasks()
        width, height = self.root.winfo_reqwidth(), self.root.winfo_reqheight()
        x = max(0, (self.root.winfo_screenwidth() - width) // 2)
        y = max(0, (self.root.winfo_screenheight() - height) // 2)
        self.root.geometry(f"+{x}+{y}")
        self.root.deiconify()
        self.root.lift()
        self.root.focus_force()

    def state(self) -> dict[str, Any]:
        """What the user sees right now, read back from the widgets (for traces and tests)."""
        root = self.root
        return {
            "window": "stats",
            "title": root.title(),
            "headline": self.headline.cget("text"),
            "detail": self.detail.cget("text"),
            "days": self.span,
            "chart": [self._photos[self.span].width(), self._photos[self.span].height()],
            "geometry": [root.winfo_rootx(), root.winfo_rooty(), root.winfo_width(), root.winfo_height()],
            "screen": [root.winfo_screenwidth(), root.winfo_screenheight()],
            "today": day_record(self.view.today),
            "streak": self.view.streak,
        }

    def _on_map(self, event: tk.Event[tk.Misc]) -> None:
        # Children's Map events reach the root's binding too; the root's own means the window is up.
        if event.widget is self.root:
            self.root.unbind("<Map>")
            self._emit("shown")

    def _on_key(self, event: tk.Event[tk.Misc]) -> None:
        if event.keysym == "Escape":
            self.close()
        elif event.keysym in _SPAN_KEYS:
            self.show(_SPAN_KEYS[event.keysym])

    def close(self) -> None:
        """Close the window, which ends the process."""
        self._emit("closed")
        self.root.destroy()

    def _emit(self, event: str) -> None:
        if self._trace is None:
            return
        # The same line shape as the other windows' traces: {"window": ..., "event": ..., ...}.
        record = {"event": event, **self.state()} if event == "shown" else {"window": "stats", "event": event}
        self._trace.write(json.dumps(record) + "\n")
        self._trace.flush()


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Parse the command line; argparse exits with status 2 on bad input."""
    parser = argparse.ArgumentParser(prog=PROG, description=_("Show the statistics of your breaks."))
    parser.add_argument("--db", type=Path, required=True, help=_("the history database"))
    parser.add_argument(
        "--goal", type=int, default=8, choices=range(1, 51), metavar="N", help=_("breaks a day")
    )
    parser.add_argument("--days", type=int, default=7, choices=SPANS, help=_("the chart's first span"))
    parser.add_argument(
        "--now", type=_aware_time, help=_("the current time, ISO 8601 with offset (for tests)")
    )
    return parser.parse_args(argv)


def _aware_time(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(
            _("expected a time with its UTC offset, got {value}").format(value=repr(text))
        )
    return value


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Show the window until it is closed; return 0, 2 for bad arguments, 3 with no display."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    env = os.environ if environ is None else environ
    choose(env)  # the app's language, handed down in the environment
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:
        return ExitStatus.USAGE if exc.code else ExitStatus.OK
    if args.now is None:
        from hipbreak.adapters.clock.zone import local_zone

        now = datetime.now(local_zone(dict(env)))
    else:
        now = args.now
    view = load_view(args.db, now, args.goal)
    root = tk_root(
        "hipbreak-stats", _("hipbreak: no display to show the statistics window on ({reason})"), err
    )
    if root is None:
        return ExitStatus.NOT_RUNNING
    window = StatsWindow(root, view, args.days, out if env.get(TRACE_VARIABLE) == "1" else None)
    window.place()
    root.mainloop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
