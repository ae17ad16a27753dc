"""dunst's pause and full screen on X11, on the headless desktop: real dunst, real openbox, real windows."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator

import pytest
from desktop import Desktop, require_tools, skip_or_fail, wait_for
from hold_harness import Readings

from hipbreak.adapters.hold.bus_property import DunstPaused
from hipbreak.adapters.hold.x11_fullscreen import X11Fullscreen

WINDOW = (
    "import tkinter, sys; r = tkinter.Tk(); r.title(sys.argv[1]); r.geometry('300x200+50+50'); r.mainloop()"
)


@pytest.fixture(scope="module")
def wm_desktop() -> Iterator[Desktop]:
    """A desktop with dunst and the openbox window manager (no tray)."""
    require_tools("openbox", "wmctrl", "xprop")
    desktop = Desktop(tray=False).start()
    try:
        desktop.spawn(["openbox", "--sm-disable"], "openbox")
        wait_for(
            lambda: "window id" in desktop.run(["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"], check=False),
            timeout=10,
            message="openbox manages the screen",
        )
        yield desktop
    finally:
        desktop.stop()


def active_title(desktop: Desktop) -> str:
    """The title of the window openbox calls active ("" if none)."""
    line = desktop.run(["xprop", "-root", "_NET_ACTIVE_WINDOW"], check=False)
    window = line.rsplit(" ", 1)[-1].strip()
    if not window.startswith("0x") or int(window, 16) == 0:
        return ""
    name = desktop.run(["xprop", "-id", window, "WM_NAME"], check=False)
    return name.partition("=")[2].strip().strip('"')


def open_window(desktop: Desktop, title: str) -> None:
    """Open a Tk window titled `title` and wait until it is the active one."""
    desktop.spawn([sys.executable, "-c", WINDOW, title], f"window-{title}")

    def active() -> bool:
        if active_title(desktop) == title:
            return True
        # openbox may keep the focus where it was when the new window maps late: ask, as a user clicks.
        desktop.run(["wmctrl", "-a", title], check=False)
        return False

    wait_for(active, timeout=10, message=f"the window {title!r} is active")


def test_dunst_paused_and_resumed_with_dunstctl(wm_desktop: Desktop) -> None:
    desktop = wm_desktop
    signal = DunstPaused(desktop.env["DBUS_SESSION_BUS_ADDRESS"], "dunst shows the bubbles")
    readings = Readings()
    try:
        signal.start(readings)
        assert signal.ready.wait(5)  # watching: no change can be missed
        desktop.run(["dunstctl", "set-paused", "true"])
        readings.wait(True, count=1)
        assert "org.dunstproject.cmd0 paused" in signal.describe()
        desktop.run(["dunstctl", "set-paused", "false"])
        readings.wait(False, count=2)
        desktop.run(["dunstctl", "set-paused", "toggle"])
        readings.wait(True, count=3)
        # dunst stops (a crash, a logout): nothing holds any more; back and still paused, it holds again.
        desktop.stop_notifications()
        readings.wait(False, count=4)
        desktop.start_notifications()
        desktop.run(["dunstctl", "set-paused", "true"])
        readings.wait(True, count=5)
        desktop.run(["dunstctl", "set-paused", "false"])
        readings.wait(False, count=6)
    finally:
        signal.close()


def test_the_active_window_full_screen_holds(wm_desktop: Desktop) -> None:
    desktop = wm_desktop
    if shutil.which("wmctrl") is None:
        skip_or_fail("wmctrl is not installed")
    signal = X11Fullscreen(desktop.display, "an X11 session")
    readings = Readings()
    try:
        open_window(desktop, "slides")
        signal.start(readings)
        assert signal.ready.wait(5)  # watching: no change can be missed
        desktop.run(["wmctrl", "-r", ":ACTIVE:", "-b", "add,fullscreen"])
        readings.wait(True, count=1)
        desktop.run(["wmctrl", "-r", ":ACTIVE:", "-b", "remove,fullscreen"])
        readings.wait(False, count=2)
        desktop.run(["wmctrl", "-r", ":ACTIVE:", "-b", "add,fullscreen"])
        readings.wait(True, count=3)
        # Another window comes to the front: the full-screen one is not what the user looks at.
        open_window(desktop, "editor")
        readings.wait(False, count=4)
        desktop.run(["wmctrl", "-a", "slides"])
        readings.wait(True, count=5)
        # The full-screen window closes: the editor is active again, and nothing holds.
        desktop.kill("window-slides")
        readings.wait(False, count=6)
        assert "PropertyNotify" in signal.describe() and signal.failure is None
    finally:
        signal.close()
