"""The full-screen signal on a bare Xvfb: no window manager, no display, and a server that goes away."""

from __future__ import annotations

from pathlib import Path

import pytest
from hold_harness import Readings
from xserver import XServer, outlive_the_server, unused_display

import hipbreak
from hipbreak.adapters.hold.base import HoldUnavailable
from hipbreak.adapters.hold.x11_fullscreen import X11Fullscreen

HIPBREAK_HOME = Path(hipbreak.__file__).resolve().parents[1]


def test_without_a_window_manager_nothing_holds_and_doctor_says_why(xvfb: XServer) -> None:
    watch = X11Fullscreen(xvfb.display, "an X11 session")
    readings = Readings()
    try:
        watch.start(readings)
        assert watch.ready.wait(5)
        assert not watch.active()
        assert "no EWMH window manager answers yet" in watch.describe()
    finally:
        watch.close()


def test_a_display_nobody_serves_is_unavailable() -> None:
    with pytest.raises(HoldUnavailable, match="DISPLAY is not set"):
        X11Fullscreen("")
    nowhere = unused_display()
    with pytest.raises(HoldUnavailable, match="cannot open display"):
        X11Fullscreen(nowhere)


def test_a_lost_server_stops_the_signal_and_the_process_survives(xvfb: XServer, tmp_path: Path) -> None:
    # In a child, in case the X connection took the process down with it.
    script = (
        "import sys\n"
        "from hipbreak.adapters.hold.x11_fullscreen import X11Fullscreen\n"
        "s = X11Fullscreen(sys.argv[1])\n"
        "s.start(lambda value: None)\n"
        "s.ready.wait(5)\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
        "s._thread.join(5)\n"
        "print(s.active(), s.describe(), flush=True)\n"
        "s.close()\n"
    )
    out = outlive_the_server(xvfb, script, tmp_path, HIPBREAK_HOME)
    assert out.startswith("False x11-fullscreen:")
    assert "; stopped: HoldUnavailable: lost the connection to display" in out
