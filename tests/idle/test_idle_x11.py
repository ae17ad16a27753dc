"""The real X11 idle source against a private Xvfb."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from temp_env import temp_env
from xserver import XServer, outlive_the_server, unused_display

import hipbreak
from hipbreak.adapters.idle import NullIdleSource, choose_idle_source
from hipbreak.adapters.idle.x11 import X11IdleSource

HIPBREAK_HOME = Path(hipbreak.__file__).resolve().parents[1]

T = TypeVar("T")


def wait_for(read: Callable[[], T], accept: Callable[[T], bool], timeout: float = 10.0) -> T:
    """Poll `read` until `accept` holds for its value; fail with the last value at the deadline."""
    deadline = time.monotonic() + timeout
    value = read()
    while not accept(value):
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {timeout} s; last value {value!r}")
        time.sleep(0.02)
        value = read()
    return value


def move_pointer(display: str, x: int, y: int) -> None:
    env = {**os.environ, "DISPLAY": display}
    subprocess.run(["xdotool", "mousemove", str(x), str(y)], env=env, check=True)


def test_idle_grows_while_nothing_happens_and_pointer_motion_resets_it(xvfb_display: str) -> None:
    source = X11IdleSource(xvfb_display)
    try:
        first = source.idle_seconds()
        assert first is not None
        before_move = wait_for(source.idle_seconds, lambda s: s is not None and s >= first + 1.5)
        assert before_move is not None

        move_pointer(xvfb_display, 100, 120)

        after_move = wait_for(source.idle_seconds, lambda s: s is not None and s < before_move)
        assert after_move is not None and after_move < 1.0
    finally:
        source.close()
    assert source.idle_seconds() is None


def test_lost_server_gives_none_and_the_process_survives(xvfb: XServer, tmp_path: Path) -> None:
    # Xlib would call exit(1) here without the I/O error guard; run it in a child to be safe.
    script = (
        "import os, signal, sys, time\n"
        "from hipbreak.adapters.idle.x11 import X11IdleSource\n"
        "s = X11IdleSource(sys.argv[1])\n"
        "assert s.idle_seconds() is not None\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
        "print(s.idle_seconds(), s.last_error, flush=True)\n"
        "s.close()\n"
    )
    out = outlive_the_server(xvfb, script, tmp_path, HIPBREAK_HOME)
    assert out.startswith("None lost the connection to display")


def test_chooser_prefers_x11_on_an_x11_session(xvfb_display: str, tmp_path: Path) -> None:
    variables = {"DISPLAY": xvfb_display, "XDG_SESSION_TYPE": "x11", "XDG_CURRENT_DESKTOP": "GNOME"}
    env = temp_env(tmp_path, variables)
    source, rejected = choose_idle_source(env)
    try:
        assert source.name == "x11"
        assert rejected == []
        assert source.idle_seconds() is not None
    finally:
        source.close()


def test_chooser_falls_back_to_null_with_reasons_when_display_points_nowhere(tmp_path: Path) -> None:
    nowhere = unused_display()
    env = temp_env(tmp_path, {"DISPLAY": nowhere, "XDG_SESSION_TYPE": "x11"})
    source, rejected = choose_idle_source(env)
    assert isinstance(source, NullIdleSource)
    assert source.name == "none"
    assert source.idle_seconds() is None
    assert rejected == [
        f"x11: cannot open display {nowhere!r}",
        "gnome: no session bus (DBUS_SESSION_BUS_ADDRESS is not set)",
        "kde: not a KDE session",
    ]


def test_open_without_display_is_a_reason_not_a_crash(tmp_path: Path) -> None:
    source, rejected = choose_idle_source(temp_env(tmp_path))
    assert source.name == "none"
    assert rejected[0] == "x11: DISPLAY is not set"
