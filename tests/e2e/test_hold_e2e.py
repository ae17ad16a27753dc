"""Holding reminders on the installed app: dunst paused (its Do Not Disturb) and a full-screen window.

A paused dunst queues what it is sent and shows it all on resume, so "no reminder while paused" is read
from dunst itself (`dunstctl count waiting` stays 0) and from its history after the resume: exactly one
reminder, the late one, saying why it is late. Timings are bounded as in test_reminders_e2e (Bubbles).
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

from desktop import Desktop, require_tools, wait_for
from test_reminders_e2e import Bubbles, history_events
from test_tray_app import start_app, status, write_config

# Every 5 s, so a reminder is due soon after start; a 3 s grace after the hold ends.
CONFIG = '[reminders]\nevery = "5s"\n\n[hold]\ngrace = "3s"\n'
WINDOW = "import tkinter, sys; r = tkinter.Tk(); r.title(sys.argv[1]); r.geometry('300x200'); r.mainloop()"


def waiting(desktop: Desktop) -> int:
    """How many bubbles a paused dunst keeps back to show on resume."""
    return int(desktop.run(["dunstctl", "count", "waiting"]).strip())


def wait_hold(desktop: Desktop, app: Path, reason: str | None) -> dict[str, object]:
    """Wait until `status --json` reports the hold `reason` (None: no hold) and return the record."""
    found: dict[str, object] = {}

    def held() -> bool:
        found.clear()
        found.update(status(desktop, app))
        hold = found.get("hold")
        return hold is None if reason is None else isinstance(hold, dict) and hold.get("reason") == reason

    wait_for(held, timeout=10, message=f"status --json shows the hold {reason!r}")
    return found


def test_no_reminder_while_dunst_is_paused_then_one_late_one_after_the_grace(
    desktop: Desktop, app_command: Path
) -> None:
    write_config(desktop, CONFIG)
    desktop.run(["dunstctl", "set-paused", "true"])
    started = time.monotonic()
    start_app(desktop, app_command)
    record = wait_hold(desktop, app_command, "dnd")
    hold = record["hold"]
    assert isinstance(hold, dict) and datetime.fromisoformat(str(hold["since"])).tzinfo is not None
    # Past two intervals: the reminder came due and was held, and nothing was sent to dunst.
    wait_for(lambda: history_events(desktop, "held"), timeout=10, message="the due reminder is held")
    deadline = started + 12
    while time.monotonic() < deadline:
        assert waiting(desktop) == 0, "a reminder was sent to dunst while it was paused"
        assert status(desktop, app_command)["hold"] is not None
        time.sleep(0.2)
    assert [e["reason"] for e in history_events(desktop, "held")] == ["dnd"]

    resumed = time.monotonic()
    desktop.run(["dunstctl", "set-paused", "false"])
    bubbles = Bubbles(desktop)
    late = bubbles.next(timeout=10, message="the late reminder after the grace")
    print(f"late reminder {late.after - resumed:.2f}..{late.by - resumed:.2f} s after dunst resumed")
    assert late.by >= resumed + 3, "the reminder came before the grace was over"
    assert late.after <= resumed + 3 + 3, "the reminder came later than the grace + 3 s"
    assert "Do Not Disturb is off — you have sat for" in late.note["body"], late.note
    # Exactly one: nothing queued came with it (the next reminder is a full 5 s interval later).
    others = [a for a in bubbles.arrivals if a is not late]
    assert others == [], f"more than one reminder after the resume: {others}"
    assert wait_hold(desktop, app_command, None)["hold"] is None
    [ended] = history_events(desktop, "hold_ended")
    assert ended["reason"] == "dnd" and ended["seconds"] >= 10


def test_no_reminder_while_a_full_screen_window_is_active(desktop: Desktop, app_command: Path) -> None:
    require_tools("openbox", "wmctrl", "xprop")
    write_config(desktop, CONFIG)
    desktop.spawn(["openbox", "--sm-disable"], "openbox")
    wait_for(
        lambda: "window id" in desktop.run(["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"], check=False),
        timeout=10,
        message="openbox manages the screen",
    )
    desktop.spawn([sys.executable, "-c", WINDOW, "slides"], "slides")

    def full_screen() -> bool:
        # Until the window is mapped wmctrl finds nothing to change; ask again until openbox has it.
        desktop.run(["wmctrl", "-r", "slides", "-b", "add,fullscreen"], check=False)
        state = desktop.run(["xprop", "-name", "slides", "_NET_WM_STATE"], check=False)
        return "_NET_WM_STATE_FULLSCREEN" in state

    wait_for(full_screen, timeout=10, message="the slides are full screen")
    desktop.run(["wmctrl", "-a", "slides"])
    # openbox reparents trayer's icons into its own frames, so wait for the app itself, not its icon.
    desktop.spawn([app_command], "hipbreak")
    wait_for(lambda: status(desktop, app_command)["running"], timeout=10, message="the app runs")
    wait_hold(desktop, app_command, "fullscreen")
    bubbles = Bubbles(desktop)
    quiet = bubbles.during(8)
    assert quiet == [], f"a reminder came over the full-screen window: {quiet}"
    assert status(desktop, app_command)["hold"] is not None

    left = time.monotonic()
    desktop.run(["wmctrl", "-r", "slides", "-b", "remove,fullscreen"])
    late = bubbles.next(timeout=10, message="the late reminder after leaving full screen")
    print(f"late reminder {late.after - left:.2f}..{late.by - left:.2f} s after leaving full screen")
    assert late.by >= left + 3 and late.after <= left + 3 + 3
    assert "You left full screen — you have sat for" in late.note["body"], late.note
    assert wait_hold(desktop, app_command, None)["hold"] is None
