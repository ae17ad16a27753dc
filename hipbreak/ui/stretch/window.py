"""The stretch window: drives a StretchSession from the Tk loop, keys and clicks, and reports each event."""

from __future__ import annotations

import queue
import sys
import threading
import time
import tkinter as tk
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from hipbreak.core.routine import Phase, Routine
from hipbreak.core.stretch_session import (
    CLOSED,
    ESCAPE,
    SKIPPED_HOLD,
    Cancelled,
    Completed,
    PhaseEntered,
    SessionEvent,
    StretchSession,
    done_summary,
)
from hipbreak.ui.stretch import placement
from hipbreak.ui.stretch.screen import WIDTH, Screen, natural_height
from hipbreak.ui.stretch.sound import CHIMES, ChimePlayer
from hipbreak.ui.stretch.wire import APP_QUIT, HEARTBEAT_SECONDS, Reporter, StretchArgs, event_record

TICK_MS = 100
DONE_LINGER = 60.0  # the Done screen closes by itself after this long


def window_scale(tk_scaling: float, area: tuple[int, int, int, int]) -> float:
    """Return the layout scale: Tk's pixels per point relative to 96 dpi, shrunk to fit `area`."""
    scale = max(0.75, min(3.0, tk_scaling / (96 / 72)))
    fit = min(area[2] * 0.94 / (WIDTH + 48), area[3] * 0.92 / natural_height())
    return max(0.5, min(scale, fit))


class StretchWindow:
    """One guided stretch on screen; all methods run on the Tk thread."""

    def __init__(
        self,
        root: tk.Tk,
        plan: Sequence[Phase],
        routine: Routine,
        args: StretchArgs,
        reporter: Reporter,
        trace: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.root = root
        self.routine = routine
        self.args = args
        self.reporter = reporter
        self.trace = trace
        self.clock = clock
        self.session = StretchSession(plan)
        self.steps = sum(1 for phase in plan if phase.timed)
        self.calls: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()  # from other threads
        self.chimes = ChimePlayer(args.sound, on_silent=lambda: self.calls.put(root.bell))
        self.closed = False
        self.done_at: float | None = None
        self._alive_at = clock()
        self._shown_cue = -1
        self._last_snapshot: dict[str, Any] = {}
        area = self._pointer_monitor()
        self.screen = Screen(root, window_scale(float(root.tk.call("tk", "scaling")), area), routine)
        self._place(area)
        root.title(f"{routine.title} \u2014 hipbreak")
        root.resizable(False, False)
        root.protocol("WM_DELETE_WINDOW", lambda: self.cancel(CLOSED))
        root.bind("<Map>", self._on_map)
        root.bind("<KeyPress-space>", lambda _e: self.toggle_pause())
        root.bind("<KeyPress-Right>", lambda _e: self.skip())
        root.bind("<KeyPress-Escape>", lambda _e: self.cancel(ESCAPE))
        root.bind("<KeyPress-Return>", lambda _e: self.enter())
        root.bind("<KeyPress-KP_Enter>", lambda _e: self.enter())

    def _pointer_monitor(self) -> tuple[int, int, int, int]:
        x, y = self.root.winfo_pointerxy()
        found = placement.pick_monitor(placement.monitors(), x, y)
        return found or (0, 0, self.root.winfo_screenwidth(), self.root.winfo_screenheight())

    def _place(self, area: tuple[int, int, int, int]) -> None:
        self.root.update_idletasks()
        width, height = self.root.winfo_reqwidth(), self.root.winfo_reqheight()
        x, y = placement.centred(area, width, height)
        self.root.geometry(f"{width}x{height}+{x}+{y}")
        self.root.attributes("-topmost", True)

    def run(self) -> None:
        """Show the window and run until the stretch is over and the window closed."""
        self.root.deiconify()
        self.root.mainloop()

    def _on_map(self, event: tk.Event) -> None:
        if event.widget is not self.root or self.session.index >= 0:
            return
        self.reporter.emit({"event": "started", "routine": self.routine.name})
        self._grab_focus()
        self._apply(self.session.start(self.clock()))
        self._tick()

    def _grab_focus(self) -> None:
        # The user is walking away from the desk: the keys must reach this window, not the editor.
        self.root.lift()
        self.root.attributes("-topmost", True)
        self.root.focus_force()

    def raise_window(self) -> None:
        """Bring the window to the front and take the keyboard."""
        if not self.closed:
            self._grab_focus()

    # User commands ---------------------------------------------------------------------------------

    def toggle_pause(self) -> None:
        """Space: pause or resume the countdown."""
        self._apply(self.session.toggle_pause(self.clock()))

    def skip(self) -> None:
        """Right arrow: go to the next phase (skipping a hold means the stretch will not count)."""
        self._apply(self.session.skip(self.clock()))

    def enter(self) -> None:
        """Enter: close the Done screen; earlier, end the stretch now (recorded as not completed)."""
        if self.session.finished:
            self.close()
        else:
            self._apply(self.session.end(self.clock()))

    def cancel(self, reason: str) -> None:
        """Escape or the window manager's close: stop and record a cancel (just close once Done)."""
        if self.session.finished:
            self.close()
        else:
            self._apply(self.session.cancel(self.clock(), reason))

    def stop(self, reason: str) -> None:
        """Asked from outside (the app quitting, a signal): cancel for `reason` if under way, then close."""
        if not self.session.finished and self.session.index >= 0:
            self._apply(self.session.cancel(self.clock(), reason))
        self.close()

    def close(self) -> None:
        """Take the window down; the Tk loop ends."""
        if not self.closed:
            self.closed = True
            self.root.destroy()

    # The loop ------------------------------------------------------------------------------------------

    def _apply(self, events: list[SessionEvent]) -> None:
        for event in events:
            self.reporter.emit(event_record(event))
            if isinstance(event, PhaseEntered):
                self._enter_phase(event)
            elif isinstance(event, Cancelled) and event.reason != SKIPPED_HOLD:
                self.close()
                return
            if isinstance(event, Completed | Cancelled):
                self._show_done(isinstance(event, Completed))
        self._refresh()

    def _enter_phase(self, event: PhaseEntered) -> None:
        phase = event.phase
        if phase.kind in CHIMES:  # a chime as each hold starts, at the switch and at the end
            self.chimes.play(phase.kind)
        if not phase.timed:
            return
        self.root.title(f"{phase.title} \u2014 {self.routine.title} \u2014 hipbreak")
        self.screen.show_phase(phase, event.index + 1, self.steps)
        self._shown_cue = -1
        following = self.session.plan[event.index + 1]
        self.root.after_idle(lambda: self.screen.prepare_picture(following))

    def _show_done(self, completed: bool) -> None:
        headline, detail, count = done_summary(completed, self.args.done_today, self.args.daily_goal)
        self.root.title(f"Done \u2014 {self.routine.title} \u2014 hipbreak")
        self.screen.show_done(self.session.phase.title, headline, detail, count, self.args.daily_goal)
        self.done_at = self.clock()

    def _tick(self) -> None:
        if self.closed:
            return
        while not self.calls.empty():
            self.calls.get()()
            if self.closed:
                return
        self._apply(self.session.tick(self.clock()))
        if self.closed:
            return
        if self.clock() - self._alive_at >= HEARTBEAT_SECONDS:
            # From this loop, so a window that hangs or is stopped falls silent and its parent notices.
            self._alive_at = self.clock()
            self.reporter.emit({"event": "alive"})
        if self.done_at is not None and self.clock() - self.done_at >= DONE_LINGER:
            self.close()
            return
        self.root.after(TICK_MS, self._tick)

    def _refresh(self) -> None:
        if self.closed or self.session.index < 0:
            return
        now = self.clock()
        phase = self.session.phase
        if phase.timed:
            left = self.session.remaining(now)
            self.screen.show_countdown(left, left / phase.seconds, phase.side, self.session.paused)
            if phase.kind == "hold" and self.session.cue(now) != self._shown_cue:
                self._shown_cue = self.session.cue(now)
                self.screen.show_cue(phase, self._shown_cue)
        self._show_hints()
        if self.trace:
            snapshot = self.screen.snapshot()
            if snapshot != self._last_snapshot:
                self._last_snapshot = snapshot
                # Paint now, then a round trip to the X server: once the line is out, the pixels are there.
                self.root.update_idletasks()
                self.root.winfo_pointerxy()
                self.reporter.emit({"event": "screen", "phase": self.session.index, **snapshot})

    def _show_hints(self) -> None:
        if self.session.finished:
            left = max(0, round(DONE_LINGER - (self.clock() - (self.done_at or self.clock()))))
            wanted = [("Enter", f"Close (closes by itself in {left} s)", self.close)]
        else:
            wanted = [
                ("Space", "Resume" if self.session.paused else "Pause", self.toggle_pause),
                ("\u2192", "Skip", self.skip),
                ("Esc", "Cancel", lambda: self.cancel(ESCAPE)),
                ("Enter", "End now", self.enter),
            ]
        self.screen.set_hints(wanted)


def listen_for_raise(window: StretchWindow, stream: TextIO = sys.stdin) -> None:
    """Start a daemon thread that obeys the parent's lines on our stdin: "raise", and "quit" (app quits)."""

    def read() -> None:
        try:
            for line in stream:
                if line.strip() == "raise":
                    window.calls.put(window.raise_window)
                elif line.strip() == "quit":
                    window.calls.put(lambda: window.stop(APP_QUIT))
        except (OSError, ValueError):
            pass

    if stream is not None and not stream.isatty():
        threading.Thread(target=read, name="raise-listener", daemon=True).start()
