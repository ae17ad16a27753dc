"""The window's phase clock with fake speakers that hang, fail or are slow: it never drifts and never waits.

The window runs in this process on a private Xvfb display, driven tick by tick on a fake clock.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import threading
import time
import tkinter as tk
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from desktop import require_tools
from xserver import running_xvfb

from hipbreak.adapters.routine_files import load_routine
from hipbreak.adapters.speech.null import NullSpeaker
from hipbreak.core.routine import build_plan
from hipbreak.ui.stretch.window import StretchWindow
from hipbreak.ui.stretch.wire import Reporter, StretchArgs

pytestmark = pytest.mark.desktop

TICK = 0.1
HOLD, PREPARE = 4.0, 2.0


class Hanging:
    name = "hanging"

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.said: list[str] = []

    def say(self, text: str, deadline: float) -> bool:
        self.said.append(text)
        self.entered.set()
        self.release.wait(30)  # ignores its deadline, like a stuck speech program
        return True

    def stop(self) -> None:
        pass  # cannot be stopped either

    def describe(self) -> str:
        return "hanging"


class Slow(Hanging):
    name = "slow"

    def say(self, text: str, deadline: float) -> bool:
        self.said.append(text)
        self.entered.set()
        time.sleep(0.3)  # real time, on the speech thread, while the fake clock runs on
        return True


class Failing(Hanging):
    name = "failing"

    def say(self, text: str, deadline: float) -> bool:
        self.said.append(text)
        self.entered.set()
        return False


@pytest.fixture(scope="module")
def shared_display() -> Iterator[str]:
    """One Xvfb for the module: Tk keeps its X connections until the process ends, so it must stay."""
    require_tools("Xvfb")
    with running_xvfb(1280, 800, dpi=96, timeout=10.0) as server:
        yield server.display


@pytest.fixture
def make_root(shared_display: str) -> Iterator[Callable[[], tk.Tk]]:
    display = shared_display
    roots: list[tk.Tk] = []

    def make() -> tk.Tk:
        roots.append(tk.Tk(screenName=display))
        roots[-1].withdraw()
        return roots[-1]

    yield make
    for window in roots:
        with contextlib.suppress(tk.TclError):
            window.destroy()  # the stretch window may have destroyed it already
    roots.clear()
    # Free the Tk interpreters here, on their own thread, not whenever another thread collects garbage.
    gc.collect()


def run(root: tk.Tk, speaker: Any) -> tuple[list[int], list[dict[str, Any]], StretchWindow]:
    """Run the whole stretch on a fake clock; return the tick at which each phase began, and the events.

    After the first tick the test waits (real time) until the speech thread has the first line, so the
    rest of the stretch runs while the speaker hangs, sleeps or has failed.
    """
    routine = load_routine("hip-flexor", None)
    plan = build_plan(routine, HOLD, PREPARE)
    args = StretchArgs(hold=HOLD, prepare=PREPARE, sound=False, voice="on")
    ticks = [0]
    out = io.StringIO()
    window = StretchWindow(
        root, plan, routine, args, Reporter(out), clock=lambda: 1000.0 + ticks[0] * TICK, speaker=speaker
    )
    window._apply(window.session.start(window.clock()))  # what the window does once it is mapped
    started = [0]
    index = window.session.index
    while not window.session.finished:
        ticks[0] += 1
        assert ticks[0] < 1000, "the stretch never ended"
        window._tick()  # one turn of the window's loop: calls from other threads, the clock, speech
        if ticks[0] == 1 and isinstance(speaker, Hanging):
            assert speaker.entered.wait(10), "the speech thread never took the first line"
            if speaker.name == "failing":
                deadline = time.monotonic() + 10
                while not window.voice.speech.failed:
                    assert time.monotonic() < deadline
                    time.sleep(0.01)
        if window.session.index != index:
            index = window.session.index
            started.append(ticks[0])
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    return started, events, window


@pytest.mark.parametrize("make_speaker", [Hanging, Slow, Failing], ids=["hangs", "slow", "fails"])
def test_speech_never_moves_or_holds_up_the_phase_clock(
    make_root: Callable[[], tk.Tk], make_speaker: Callable[[], Hanging]
) -> None:
    baseline, base_events, quiet = run(make_root(), NullSpeaker())
    total = PREPARE + HOLD + 5.0 + HOLD
    assert base_events[-1] == {"event": "completed", "seconds": pytest.approx(total, abs=TICK)}
    quiet.close()
    speaker = make_speaker()
    started, events, window = run(make_root(), speaker)
    assert started == baseline  # every phase began on the same tick as without speech
    assert events[-1] == base_events[-1]
    first = "Get into position. Left knee down, right foot in front. Both knees at ninety degrees."
    assert speaker.said[0] == first
    if speaker.name == "hanging":
        # Stuck on its first line the whole stretch: nothing else reached it, and nothing waited for it.
        assert speaker.said == [first]
    if speaker.name == "failing":
        # One failure, then chimes stand in for the voice and the V key is no longer offered.
        assert speaker.said == [first]
        assert window.voice.speaks_phases() is False
        assert not any(hint.startswith("V ") for hint in window.screen.hint_texts)
    speaker.release.set()
    window.close()
    del window, quiet
