"""The installed app costs nothing while nothing is due: no timer wakes any of its threads."""

from __future__ import annotations

import glob
import time
from pathlib import Path

from desktop import Desktop, wait_for
from test_tray_app import start_app, status, write_config


def context_switches(pid: int) -> int:
    """Voluntary + involuntary context switches of every thread of `pid` so far."""
    total = 0
    for path in glob.glob(f"/proc/{pid}/task/*/status"):
        try:
            with open(path) as file:
                total += sum(int(line.split()[1]) for line in file if "ctxt_switches" in line)
        except OSError:
            continue  # a thread that ended between the listing and the read
    return total


def cpu_ticks(pid: int) -> int:
    """utime + stime of `pid` (all threads), in clock ticks."""
    with open(f"/proc/{pid}/stat") as file:
        fields = file.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def test_a_minute_with_nothing_due_wakes_the_app_at_most_twice(desktop: Desktop, app_command: Path) -> None:
    # The defaults: the first reminder 45 min away, idle_reset 5 min, so nothing is due in the window.
    write_config(desktop, '[reminders]\nevery = "45m"\nidle_reset = "5m"\n')
    process = start_app(desktop, app_command)
    assert status(desktop, app_command)["state"] == "running"
    log = Path(desktop.env["XDG_STATE_HOME"]) / "hipbreak" / "log" / "hipbreak.log"
    wait_for(lambda: "started:" in log.read_text(), timeout=10, message="the app logs its parts")
    text = log.read_text()
    assert "idle watch xsync" in text and "clock changes by timerfd" in text, text

    # Start-up (the launcher, the first view, the status call) is over once the CPU time stops growing.
    last = [cpu_ticks(process.pid), time.monotonic()]

    def quiet() -> bool:
        now = cpu_ticks(process.pid)
        if now != last[0]:
            last[:] = [now, time.monotonic()]
        return time.monotonic() - last[1] >= 3

    wait_for(quiet, timeout=30, message="the app settles after start")
    before = context_switches(process.pid)
    time.sleep(60)  # the behaviour under test is that nothing happens during this minute
    woke = context_switches(process.pid) - before
    assert process.poll() is None
    print(f"{woke} context switches in 60 s with nothing due")
    assert woke <= 2, f"the app woke {woke} times in a minute with nothing due"
