"""The installed app costs nothing while nothing is due: no timer wakes any of its threads."""

from __future__ import annotations

import glob
import subprocess
import sys
import time
from pathlib import Path

import pytest
from desktop import Desktop, wait_for
from test_sni_e2e import WATCHER
from test_tray_app import start_app, status, write_config


def context_switches(pid: int) -> dict[int, tuple[str, int]]:
    """{thread id: (name, voluntary + involuntary context switches so far)} for every thread of `pid`."""
    found = {}
    for path in glob.glob(f"/proc/{pid}/task/*/status"):
        try:
            with open(path) as file:
                lines = file.read().splitlines()
        except OSError:
            continue  # a thread that ended between the listing and the read
        name = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("Name:")), "?")
        switches = sum(int(line.split()[1]) for line in lines if "ctxt_switches" in line)
        found[int(path.split("/")[4])] = (name, switches)
    return found


def woken(before: dict[int, tuple[str, int]], after: dict[int, tuple[str, int]]) -> dict[str, int]:
    """Context switches per thread between two samples; a thread that started or ended counts too."""
    counts = {
        f"{name} ({tid})": switches - before.get(tid, (name, 0))[1] for tid, (name, switches) in after.items()
    }
    for tid, (name, _switches) in before.items():
        if tid not in after:
            counts[f"{name} ({tid}, ended)"] = 1  # it ran to end: at least one wake-up, its count is gone
    return {thread: count for thread, count in counts.items() if count}


def cpu_ticks(pid: int) -> int:
    """utime + stime of `pid` (all threads), in clock ticks."""
    with open(f"/proc/{pid}/stat") as file:
        fields = file.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def woken_in_a_quiet_minute(desktop: Desktop, app_command: Path, process: subprocess.Popen[bytes]) -> int:
    """Let the app settle, then count its threads' context switches over 60 s with nothing due."""
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
    threads = woken(before, context_switches(process.pid))
    assert process.poll() is None
    print(f"context switches in 60 s with nothing due: {threads or 'none'}")
    return sum(threads.values())


# The first reminder 45 min away and idle_reset 5 min: nothing is due, and nobody goes away, in the window.
QUIET = '[reminders]\nevery = "45m"\nidle_reset = "5m"\n'


def test_a_minute_with_nothing_due_wakes_the_xembed_app_at_most_twice(
    desktop: Desktop, app_command: Path
) -> None:
    write_config(desktop, QUIET)
    process = start_app(desktop, app_command)
    woke = woken_in_a_quiet_minute(desktop, app_command, process)
    assert woke <= 2, f"the app woke {woke} times in a minute with nothing due"


@pytest.mark.desktop(tray=False)
def test_a_minute_with_nothing_due_wakes_the_status_notifier_app_at_most_twice(
    desktop: Desktop, app_command: Path
) -> None:
    write_config(desktop, QUIET)
    desktop.spawn([sys.executable, WATCHER], name="watcher")
    wait_for(lambda: "ready" in desktop.read_log("watcher"), timeout=10, message="the watcher is up")
    process = desktop.spawn([app_command], name="hipbreak")
    wait_for(lambda: "item " in desktop.read_log("watcher"), timeout=10, message="the app registers its item")
    woke = woken_in_a_quiet_minute(desktop, app_command, process)
    assert woke <= 2, f"the app woke {woke} times in a minute with nothing due"
