"""The wall clock moved under the running app (libfaketime): jumps of hours, and midnight."""

from __future__ import annotations

import itertools
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from desktop import Desktop, skip_or_fail, wait_for
from fault_harness import cli, events, history_file, start_app, status, write_config

from hipbreak.adapters.history import History
from hipbreak.core.events import Event

# A zone off UTC by a half hour, so a day taken in UTC instead of local time shows.
ZONE = "Asia/Kolkata"
EVERY = 6.0


def libfaketime() -> Path:
    """The libfaketime library to preload; skip (fail on CI) without the faketime package."""
    listed = subprocess.run(["dpkg", "-L", "libfaketime"], capture_output=True, text=True, check=False)
    for line in listed.stdout.splitlines():
        if line.endswith("/libfaketime.so.1"):
            return Path(line)
    skip_or_fail("libfaketime is not installed (Debian package faketime)")
    raise AssertionError("unreachable")


def faked(offset_file: Path) -> dict[str, str]:
    """Variables that run a child on a wall clock moved by the offset written in `offset_file`."""
    return {
        "LD_PRELOAD": str(libfaketime()),
        "FAKETIME_TIMESTAMP_FILE": str(offset_file),
        "FAKETIME_NO_CACHE": "1",  # read the file at every clock call, so a new offset is a jump
        # MONOTONIC and BOOTTIME stay real: that is how the app tells a jump from a suspend.
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
        "TZ": ZONE,
    }


def clocks_seen(offset_file: Path) -> tuple[float, float]:
    """(wall - ours, boottime - ours) as a process preloaded with libfaketime reads them."""
    probe = "import time; print(time.time(), time.clock_gettime(time.CLOCK_BOOTTIME))"
    env = {"PATH": "/usr/bin:/bin", **faked(offset_file)}
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    wall, boot = (float(field) for field in out.stdout.split())
    return wall - time.time(), boot - time.clock_gettime(time.CLOCK_BOOTTIME)


def reminder_times(desktop: Desktop, path: Path, since: int, until: float, enough: int = 99) -> list[float]:
    """When (monotonic) each reminder after id `since` came, polled until `until` or `enough` of them."""
    seen: list[float] = []
    step = 0
    while time.monotonic() < until and len(seen) < enough:
        count = len([row for row in events(path, "reminded") if row[0] > since])
        seen += [time.monotonic()] * (count - len(seen))
        step += 1
        desktop.move(100 + step % 2 * 50, 100)  # keeps the user present: idle time must not read as a break
        time.sleep(0.1)
    return seen


def test_clock_jumps_of_hours_bring_no_burst_and_reminders_keep_their_interval(
    desktop: Desktop, app_command: Path, tmp_path: Path
) -> None:
    """Clock moved 3 h forward, then 3 h back: each time at most one reminder in 4 s, then one per 6 s."""
    offset = tmp_path / "faketime"
    offset.write_text("+0\n")
    # idle_reset 10 s makes the heartbeat 5 s: the beat is what notices a jump back within that time.
    write_config(desktop, f'[reminders]\nevery = "{EVERY:g}s"\nidle_reset = "10s"\n')
    start_app(desktop, app_command, env=faked(offset))
    path = history_file(desktop)
    desktop.move(100, 100)
    wait_for(lambda: events(path, "reminded"), timeout=EVERY + 10, message="a first reminder")
    for jump, content in (("+3h", "+3h"), ("-3h", "+0")):
        last = events(path, "reminded")[-1][0]
        offset.write_text(content + "\n")
        jumped = time.monotonic()
        wall, boot = clocks_seen(offset)
        # Only the wall clock moves; BOOTTIME staying real is how the app tells a jump from a suspend.
        assert abs(wall - (10_800 if content == "+3h" else 0)) < 5 and abs(boot) < 5, (wall, boot)
        soon = reminder_times(desktop, path, last, jumped + 4)
        assert len(soon) <= 1, f"{jump}: {len(soon)} reminders within 4 s of the jump"
        later = reminder_times(desktop, path, last, jumped + 4 + 2 * EVERY + 3, enough=2)
        print(f"after {jump}: reminders at {[round(t - jumped, 1) for t in later]} s")
        assert len(later) >= 2, f"{jump}: only {len(later)} reminders in {4 + 2 * EVERY + 3:g} s"
        gaps = [b - a for a, b in itertools.pairwise(later)]
        assert all(EVERY - 1.5 <= gap <= EVERY + 2.5 for gap in gaps), f"{jump}: {gaps}"


def test_midnight_while_running_starts_the_new_days_count(
    desktop: Desktop, app_command: Path, tmp_path: Path
) -> None:
    """Fake clock at 23:59:35 local, a break done: after midnight status counts 0, then the new break."""
    zone = ZoneInfo(ZONE)
    now = datetime.now(zone)
    # 25 s before midnight: starting under faketime on a busy machine can take several seconds.
    start = now.replace(hour=23, minute=59, second=35, microsecond=0)
    if start <= now + timedelta(seconds=30):
        start += timedelta(days=1)
    shift = int((start - now).total_seconds())
    offset = tmp_path / "faketime"
    offset.write_text(f"+{shift}\n")
    midnight = datetime.combine(start.date() + timedelta(days=1), datetime.min.time(), zone)
    new_day = midnight.date().isoformat()
    # One break already done that (fake) evening, as the app would have recorded it.
    path = history_file(desktop)
    history = History.open(path)
    history.record(Event("stretch_completed", start - timedelta(minutes=5), {}))
    history.close()
    write_config(
        desktop,
        f'[reminders]\nevery = "{EVERY:g}s"\nidle_reset = "0"\n[stretch]\nhold = "1s"\nprepare = "0"\n',
    )
    start_app(desktop, app_command, env=faked(offset))
    before = status(desktop, app_command)
    assert before["breaks_today"] == 1, before
    assert time.time() + shift < midnight.timestamp(), "the app started too slowly to see midnight come"
    wait_for(
        lambda: time.time() + shift > midnight.timestamp() + 0.5,
        timeout=30,
        message="the fake clock passes midnight",
    )
    assert status(desktop, app_command)["breaks_today"] == 0
    wait_for(
        lambda: [row for row in events(path, "reminded") if row[1] >= midnight.timestamp()],
        timeout=EVERY + 5,
        message="a reminder after midnight",
    )
    run = cli(desktop, app_command, "stretch")
    assert run.returncode == 0, run.stderr
    wait_for(
        lambda: status(desktop, app_command)["breaks_today"] == 1,
        timeout=30,
        message="a break after midnight counts for the new day",
    )
    with sqlite3.connect(path) as db:
        days = dict(db.execute("SELECT kind, MAX(day) FROM events GROUP BY kind").fetchall())
    # Dated on the local calendar: the break and the reminders after midnight belong to the new day.
    assert days["stretch_completed"] == new_day and days["reminded"] == new_day, days
