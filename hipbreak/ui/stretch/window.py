"""The stretch window: drives a StretchSession from the Tk loop, keys and clicks, and reports each event."""

from __future__ import annotations

import queue
import sys
import threading
import time
import tkinter as tk
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from hipbreak.adapters.speech.base import Speaker
from hipbreak.adapters.speech.null import NullSpeaker
from hipbreak.core.coaching import done_line
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
from hipbreak.language import _, pgettext
from hipbreak.ui.stretch.layout import LARGE, NORMAL
from hipbreak.ui.stretch.screen import Screen
from hipbreak.ui.stretch.sizing import WindowSizer, window_scale
from hipbreak.ui.stretch.sound import CHIMES, ChimePlayer
from hipbreak.ui.stretch.voice import VoiceCoach
from hipbreak.ui.stretch.window_memory import WindowMemory
from hipbreak.ui.stretch.wire import APP_QUIT, HEARTBEAT_SECONDS, Reporter, StretchArgs, event_record

__all__ = ["StretchWindow", "listen_for_raise", "window_scale"]

TICK_MS = 100
DONE_LINGER = 60.0  # the Done screen closes by itself after this long
# The hold's moving picture: one frame a second, the pelvis tipping back, staying there, coming forward.
FRAME_SECONDS = 1.0
FRAME_ORDER = (0, 1, 2, 3, 3, 3, 2, 1)


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
        speaker: Speaker | None = None,
        motion: bool | None = None,
        memory: WindowMemory | None = None,
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
        self.voice = VoiceCoach(
            args.voice, speaker or NullSpeaker(), on_failure=lambda: self.calls.put(self._refresh)
        )
        self.motion = args.motion if motion is None else motion
        self.large = args.large_text
        self.why_shown = False
        self._done_view: tuple[str, str, str, int, int] | None = None
        self.sizer = WindowSizer(root, memory, self._rebuild)
        self.screen = Screen(root, self.sizer.open(self._layout()), routine, large=self.large)
        root.attributes("-topmost", True)
        # Translators: the stretch window's title before the first phase: the routine, then the app.
        root.title(_("{routine} \u2014 hipbreak").format(routine=routine.title))
        root.protocol("WM_DELETE_WINDOW", lambda: self.cancel(CLOSED))
        root.bind("<Map>", self._on_map)
        root.bind("<KeyPress-space>", lambda _e: self.toggle_pause())
        root.bind("<KeyPress-Right>", lambda _e: self.skip())
        root.bind("<KeyPress-Escape>", lambda _e: self.cancel(ESCAPE))
        root.bind("<KeyPress-Return>", lambda _e: self.enter())
        root.bind("<KeyPress-KP_Enter>", lambda _e: self.enter())
        keys: dict[str, Callable[[], None]] = {
            "v": self.toggle_voice,
            "w": self.toggle_why,
            "l": self.toggle_large,
        }
        for key, action in keys.items():
            for name in (key, key.upper()):
                root.bind(f"<KeyPress-{name}>", self._key_handler(action))

    @staticmethod
    def _key_handler(action: Callable[[], None]) -> Callable[[tk.Event], None]:
        return lambda _event: action()

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

    def toggle_voice(self) -> None:
        """V: turn the spoken coaching off or on for this stretch (chimes stand in while it is off)."""
        self.voice.toggle()
        self._refresh()

    def toggle_why(self) -> None:
        """W: show the reasons in place of the picture, or hide them; the countdown runs on."""
        if not self.session.finished:
            self.why_shown = not self.why_shown
            self.screen.set_why(self.why_shown)
            self._refresh()

    def toggle_large(self) -> None:
        """L: switch between the normal layout and large text (the side, the countdown and the cue)."""
        self.large = not self.large
        self._rebuild(self.sizer.fit(self._layout()))

    def stop(self, reason: str) -> None:
        """Asked from outside (the app quitting, a signal): cancel for `reason` if under way, then close."""
        if not self.session.finished and self.session.index >= 0:
            self._apply(self.session.cancel(self.clock(), reason))
        self.close()

    def close(self) -> None:
        """Take the window down; the Tk loop ends."""
        if not self.closed:
            self.closed = True
            self.voice.close()
            self.screen.pictures.close()
            if self.session.index >= 0:
                self.sizer.remember()
            self.root.destroy()

    def _layout(self) -> Any:
        return LARGE if self.large else NORMAL

    def _rebuild(self, scale: float) -> None:
        """Build the screen again at `scale` and show where the stretch is."""
        if self.closed:
            return
        self.screen.destroy()
        self.screen = Screen(self.root, scale, self.routine, large=self.large)
        self._shown_cue = -1
        if self._done_view is not None:
            self.screen.show_done(*self._done_view)
        elif self.session.index >= 0 and self.session.phase.timed:
            self.screen.show_phase(self.session.phase, self.session.index + 1, self.steps)
            self.screen.set_why(self.why_shown)
        self._refresh()

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
        self.voice.enter(phase)
        if phase.kind in CHIMES and not self.voice.speaks_phases():
            self.chimes.play(phase.kind)  # a chime as each hold starts, at the switch and at the end
        if not phase.timed:
            return
        self._title(phase.title)
        self.screen.show_phase(phase, event.index + 1, self.steps)
        self._shown_cue = -1
        # Drawn on a helper thread in the order needed: this hold's first frame, then the next picture.
        following = self.session.plan[event.index + 1]
        if phase.kind == "hold" and self.motion:
            self.screen.prepare_picture(phase, FRAME_ORDER[0])
        self.screen.prepare_picture(following)
        if following.kind == "hold" and self.motion:
            self.screen.prepare_picture(following, FRAME_ORDER[0])

    def _show_done(self, completed: bool) -> None:
        headline, detail, count = done_summary(completed, self.args.done_today, self.args.daily_goal)
        self._title(self.session.phase.title)
        self._done_view = (self.session.phase.title, headline, detail, count, self.args.daily_goal)
        self.why_shown = False
        self.screen.set_why(False)
        self.screen.show_done(*self._done_view)
        self.done_at = self.clock()
        self.voice.done(done_line(completed, self.args.done_today, self.args.daily_goal))

    def _title(self, phase: str) -> None:
        # Translators: the stretch window's title: the phase ("Left side hold", "Done"), the routine, the app.
        title = _("{phase} \u2014 {routine} \u2014 hipbreak")
        self.root.title(title.format(phase=phase, routine=self.routine.title))

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
            self.voice.tick(self.session.elapsed(now))
            if phase.kind == "hold":
                self._animate(phase, now)
        self._show_hints()
        if self.trace:
            # Lay out first: the snapshot reads the geometry to tell whether any text is cut off.
            self.root.update_idletasks()
            snapshot = self.screen.snapshot()
            if snapshot != self._last_snapshot:
                self._last_snapshot = snapshot
                # Paint now, then a round trip to the X server: once the line is out, the pixels are there.
                self.root.update_idletasks()
                self.root.winfo_pointerxy()
                self.reporter.emit({"event": "screen", "phase": self.session.index, **snapshot})

    def _animate(self, phase: Phase, now: float) -> None:
        if not self.motion or self.screen.layout.picture is None:
            return
        # Driven by the hold's active time: a paused hold keeps its frame and draws nothing.
        step = int(self.session.elapsed(now) / FRAME_SECONDS)
        frame = FRAME_ORDER[step % len(FRAME_ORDER)]
        # A frame still being drawn (on the helper thread) is shown on a later tick; the clock never waits.
        if frame != self.screen.frame and self.screen.show_frame(phase, frame):
            self.screen.prepare_picture(phase, FRAME_ORDER[(step + 1) % len(FRAME_ORDER)])

    def _show_hints(self) -> None:
        if self.session.finished:
            left = max(0, round(DONE_LINGER - (self.clock() - (self.done_at or self.clock()))))
            close = _("Close (closes by itself in {seconds} s)").format(seconds=left)
            wanted = [(pgettext("the name of a key on the keyboard", "Enter"), close, self.close)]
        else:
            if self.session.paused:
                pause = pgettext("key hint: go on with the countdown", "Resume")
            else:
                pause = pgettext("key hint: hold the countdown", "Pause")
            wanted = [
                (pgettext("the name of a key on the keyboard", "Space"), pause, self.toggle_pause),
                ("\u2192", pgettext("key hint: go to the next step", "Skip"), self.skip),
                (
                    pgettext("the name of a key on the keyboard", "Esc"),
                    pgettext("key hint: stop the stretch", "Cancel"),
                    lambda: self.cancel(ESCAPE),
                ),
                (pgettext("the name of a key on the keyboard", "Enter"), _("End now"), self.enter),
                ("W", _("Hide why") if self.why_shown else _("Why?"), self.toggle_why),
            ]
            if self.voice.available:
                wanted.append(("V", _("Mute") if self.voice.on else _("Speak"), self.toggle_voice))
        wanted.append(("L", _("Smaller") if self.large else _("Larger"), self.toggle_large))
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
