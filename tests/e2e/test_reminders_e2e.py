"""The reminder rules on the installed app: away, snooze and pause from the tray, clock jumps, work hours.

Bubbles are read from dunst's history and dated with this process's monotonic clock, between the last look
that had not seen them and the look that did (see Bubbles), so every timing below has honest bounds.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from desktop import Desktop, Window, skip_or_fail, wait_for
from screen_text import close_menu, open_submenu, open_tray_menu, read_until
from test_tray_app import start_app, status, write_config

from hipbreak.core.view import clock_text


@dataclass(frozen=True)
class Arrival:
    """One bubble from hipbreak: it reached dunst after `after` and by `by` (both time.monotonic())."""

    note: dict[str, Any]
    after: float
    by: float


class Bubbles:
    """Watches dunst's history for hipbreak's bubbles; each look closes open bubbles, as a user would."""

    def __init__(self, desktop: Desktop, nudge: Callable[[], None] | None = None) -> None:
        self.desktop = desktop
        self.nudge = nudge  # called before each look, e.g. to keep the user present
        self.arrivals: list[Arrival] = []
        self._taken = 0
        self._seen: set[int] = set()
        self._last_look = time.monotonic()

    def look(self) -> list[Arrival]:
        """Look once and return the bubbles that arrived since the previous look, oldest first."""
        if self.nudge is not None:
            self.nudge()
        start = time.monotonic()
        notes = [n for n in self.desktop.notifications() if n["appname"] == "hipbreak"]
        end = time.monotonic()
        new = [Arrival(n, self._last_look, end) for n in reversed(notes) if n["id"] not in self._seen]
        # dunst reads its history after `start`: a bubble the next look finds came after it.
        self._last_look = start
        self._seen.update(n["id"] for n in notes)
        self.arrivals.extend(new)
        return new

    def next(self, timeout: float, message: str) -> Arrival:
        """Wait for the next bubble not returned before (by next() or during())."""
        wait_for(lambda: len(self.arrivals) > self._taken or self.look(), timeout=timeout, message=message)
        self._taken += 1
        return self.arrivals[self._taken - 1]

    def during(self, seconds: float) -> list[Arrival]:
        """Watch for `seconds` and return every bubble that arrived meanwhile (including unreturned ones)."""
        # Showing that nothing comes needs the whole period watched: there is no event to wait for.
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.look()
            time.sleep(0.1)
        found, self._taken = self.arrivals[self._taken :], len(self.arrivals)
        return found


class Presence:
    """A user at work: each call moves the pointer a little, which resets the X server's idle time."""

    def __init__(self, desktop: Desktop) -> None:
        self.desktop = desktop
        self.moves = 0

    def __call__(self) -> None:
        self.moves += 1
        self.desktop.move(300 + 10 * (self.moves % 2), 300)  # far from the bubbles and the tray


def cli(desktop: Desktop, app: Path, *args: str) -> str:
    """Run `hipbreak ARGS` in the desktop's session and return its output; fail on a non-zero exit."""
    run = subprocess.run([app, *args], env=desktop.env, capture_output=True, text=True, timeout=20)
    assert run.returncode == 0, f"hipbreak {' '.join(args)} exited {run.returncode}: {run.stderr}"
    return run.stdout


def read_menu(desktop: Desktop, shot: Path, *expected: str) -> str:
    """Open the tray menu, read it by OCR until `expected` shows, and close it."""
    menu = open_tray_menu(desktop, desktop.tray_icons()[0])
    try:
        return read_until(desktop, menu, shot, *expected)
    finally:
        close_menu(desktop, menu)


def wait_closed(desktop: Desktop, *menus: Window) -> None:
    """Wait until every window in `menus` has left the screen."""
    ids = {menu.id for menu in menus}
    wait_for(lambda: not ids & {w.id for w in desktop.windows()}, timeout=5, message="the menus close")


def moment(value: object) -> datetime:
    """An ISO time from `hipbreak status --json`."""
    return datetime.fromisoformat(str(value))


def history_events(desktop: Desktop, kind: str) -> list[dict[str, Any]]:
    """The data of every `kind` event in the app's SQLite history, oldest first."""
    database = Path(desktop.env["XDG_DATA_HOME"]) / "hipbreak" / "history.db"
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        rows = connection.execute("SELECT data FROM events WHERE kind = ? ORDER BY id", (kind,)).fetchall()
    return [json.loads(row[0]) for row in rows]


def test_no_reminder_while_away_and_one_a_full_interval_after_coming_back(
    desktop: Desktop, app_command: Path
) -> None:
    """Away holds reminders back; back at work, one comes a full interval later; history has the spell."""
    write_config(desktop, '[reminders]\nevery = "4s"\nidle_reset = "3s"\n')
    started = time.monotonic()
    start_app(desktop, app_command)
    bubbles = Bubbles(desktop)
    # Nobody has touched the pointer since the X server started: away from 3 s on, before the 4 s reminder.
    quiet = bubbles.during(started + 8.5 - time.monotonic())
    assert quiet == [], f"a reminder came while the user was away: {quiet}"
    assert status(desktop, app_command)["state"] == "away"

    back, back_wall = time.monotonic(), datetime.now().astimezone()
    bubbles.nudge = Presence(desktop)  # from now on the user works: input before every look
    arrival = bubbles.next(timeout=10, message="a reminder once the user is back")
    print(f"reminder {arrival.after - back:.2f}..{arrival.by - back:.2f} s after the user came back")
    assert arrival.by >= back + 4, "the reminder came before a full interval of sitting"
    assert arrival.after <= back + 4 + 1.5 + 1.0, "the reminder came later than interval + heartbeat + 1 s"

    stats = json.loads(cli(desktop, app_command, "stats", "--days", "1", "--json"))
    assert stats["days"][-1]["away_breaks"] == 1, stats
    spells = history_events(desktop, "away")
    assert len(spells) == 1, spells
    spell = spells[0]
    start, end = moment(spell["start"]), moment(spell["end"])
    assert spell["sleep"] is False
    assert end - start >= timedelta(seconds=3), spell
    assert abs(end - back_wall) < timedelta(seconds=2), (spell, back_wall.isoformat())


def test_snooze_chosen_in_the_tray_menu_puts_the_next_reminder_off_by_that_long(
    desktop: Desktop, app_command: Path, artifacts: Path
) -> None:
    """Snooze ▸ 20 s from the real menu: the menu says 1 min; the next bubble comes 20 s later, not sooner."""
    write_config(desktop, '[reminders]\nevery = "5s"\nsnooze = ["20s", "1m"]\nidle_reset = "0"\n')
    start_app(desktop, app_command)
    bubbles = Bubbles(desktop)
    first = bubbles.next(timeout=15, message="the first reminder")

    menu = open_tray_menu(desktop, desktop.tray_icons()[0])
    # Down lands on Stretch now, Breaks today, Next reminder, then Snooze (separators are skipped).
    submenu = open_submenu(desktop, "Down", "Down", "Down", "Down")
    read_until(desktop, submenu, artifacts / "snooze-submenu.png", "20 s", "1 min")
    pressed = time.monotonic()
    # Otherwise the reminder after the first (due 5 s after it) could come before the snooze.
    assert pressed < first.after + 4.5, f"the menu took {pressed - first.after:.1f} s; the test raced"
    desktop.key("Return")  # Right selected the submenu's first item, "20 s"
    done = time.monotonic()
    wait_closed(desktop, menu, submenu)

    due = moment(status(desktop, app_command)["next_reminder"])
    shown = clock_text(due, datetime.now().astimezone())
    read_menu(desktop, artifacts / "menu-after-snooze.png", f"Next reminder at {shown}")
    left = (due - datetime.now().astimezone()).total_seconds() + (time.monotonic() - pressed)
    assert 19 <= left <= 21.5, f"the app's next reminder is {left:.1f} s after the snooze"

    arrival = bubbles.next(timeout=30, message="the reminder after the snooze")
    print(f"snoozed reminder {arrival.after - done:.2f}..{arrival.by - pressed:.2f} s after the snooze")
    assert arrival.by >= pressed + 20, "the snoozed reminder came early"
    assert arrival.after <= done + 23, "the snoozed reminder came more than 3 s late"


def test_pause_from_the_tray_holds_reminders_across_a_restart_until_resume(
    desktop: Desktop, app_command: Path, artifacts: Path
) -> None:
    """Pause ▸ 30 min: the menu says until when and offers Resume; nothing comes, even after a restart."""
    write_config(desktop, '[reminders]\nevery = "5s"\nidle_reset = "0"\n')
    process = start_app(desktop, app_command)
    due = moment(status(desktop, app_command)["next_reminder"])
    bubbles = Bubbles(desktop)

    menu = open_tray_menu(desktop, desktop.tray_icons()[0])
    # Stretch now, Breaks today, Next reminder, Snooze, Skip this reminder, Pause.
    submenu = open_submenu(desktop, *["Down"] * 6)
    assert datetime.now().astimezone() < due - timedelta(seconds=0.5), "the menu took longer than an interval"
    desktop.key("Return")  # "30 min", the first choice
    paused_at = datetime.now().astimezone()
    wait_closed(desktop, menu, submenu)
    pause_look = time.monotonic()

    data = status(desktop, app_command)
    assert data["state"] == "paused", data
    until = moment(data["paused_until"])
    assert abs(until - paused_at - timedelta(minutes=30)) < timedelta(seconds=3), data
    # Near midnight the pause ends tomorrow, and the menu names the day.
    expected = f"Paused until {clock_text(until, paused_at)}"
    text = read_menu(desktop, artifacts / "menu-paused.png", expected, "Resume")
    assert "Skip this reminder" in text

    # Two intervals with nothing: the reminder due before the pause must not come either.
    held = bubbles.during(pause_look + 10.5 - time.monotonic())
    assert held == [], f"a reminder came during the pause: {held}"

    cli(desktop, app_command, "quit")
    assert process.wait(timeout=10) == 0
    wait_for(lambda: not desktop.tray_icons(), timeout=10, message="the icon leaves the tray")
    start_app(desktop, app_command, name="hipbreak-again")
    data = status(desktop, app_command)
    assert data["state"] == "paused" and moment(data["paused_until"]) == until, data

    resumed = time.monotonic()
    cli(desktop, app_command, "resume")
    arrival = bubbles.next(timeout=12, message="a reminder after resume")
    print(f"reminder {arrival.after - resumed:.2f}..{arrival.by - resumed:.2f} s after resume")
    assert arrival.by >= resumed + 5, "the reminder after resume came before a full interval"
    assert arrival.after <= resumed + 5 + 2, "the reminder after resume came late"


def span(earlier: Arrival, later: Arrival) -> tuple[float, float]:
    """The least and the most time that can have passed between two arrivals, in seconds."""
    return round(later.after - earlier.by, 2), round(later.by - earlier.after, 2)


def assert_interval(bounds: tuple[float, float], every: float, where: str) -> None:
    """Assert that a gap with these bounds can be `every`: not sooner, and not 2.5 s later."""
    least, most = bounds
    assert most >= every - 0.5, f"a reminder came {most:.2f} s after the one before, {where}"
    assert least <= every + 2.5, f"a reminder came {least:.2f} s after the one before, {where}"


def faketime_library() -> Path:
    """The libfaketime preload library, from the Debian package's file list."""
    listing = subprocess.run(["dpkg", "-L", "libfaketime"], capture_output=True, text=True, check=False)
    for line in listing.stdout.splitlines():
        if line.endswith("/libfaketime.so.1"):
            return Path(line)
    skip_or_fail("libfaketime is needed to move the app's wall clock (apt-get install faketime)")
    raise AssertionError("unreachable")


def faked_clocks(env: dict[str, str]) -> tuple[float, float]:
    """Under `env`'s faketime, return how far the wall clock and CLOCK_BOOTTIME are moved, in seconds."""
    code = "import time; print(time.time(), time.clock_gettime(time.CLOCK_BOOTTIME))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    real_wall, real_boot = time.time(), time.clock_gettime(time.CLOCK_BOOTTIME)
    wall, boot = map(float, out.stdout.split())
    return wall - real_wall, boot - real_boot


def test_wall_clock_jumps_bring_no_burst_and_no_hours_of_silence(desktop: Desktop, app_command: Path) -> None:
    """The app's wall clock jumps 5 h ahead, then 10 h back: never a burst, and the interval goes on."""
    clock_file = desktop.root / "faketime-offset"
    clock_file.write_text("+0\n")
    faked = {
        "LD_PRELOAD": str(faketime_library()),
        "FAKETIME_TIMESTAMP_FILE": str(clock_file),
        "FAKETIME_NO_CACHE": "1",  # read the file on every call, so a write is a jump at once
        # Time itself keeps running: only the wall clock jumps. This also leaves CLOCK_BOOTTIME alone,
        # which the app's clock watch needs to tell a jump from a suspend (checked just below).
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
    }
    probe_file = desktop.root / "faketime-probe"
    probe_file.write_text("+5h\n")
    probe = {**desktop.env, **faked, "FAKETIME_TIMESTAMP_FILE": str(probe_file)}
    wall_moved, boot_moved = faked_clocks(probe)
    assert abs(wall_moved - 5 * 3600) < 5 and abs(boot_moved) < 5, (wall_moved, boot_moved)

    # The user keeps working throughout, from before the start: the idle watch reports any 4 s without
    # input, and a slow start (libfaketime slows every clock call) must not read as the user away.
    write_config(desktop, '[reminders]\nevery = "6s"\nidle_reset = "4s"\n')
    presence = Presence(desktop)
    presence()
    desktop.spawn([app_command], name="hipbreak", env=faked)
    wait_for(
        lambda: presence() or len(desktop.tray_icons()) == 1, timeout=10, message="the icon docks in the tray"
    )
    bubbles = Bubbles(desktop, nudge=presence)
    first = bubbles.next(timeout=12, message="the first reminder")

    clock_file.write_text("+5h\n")
    jumped = time.monotonic()
    burst = bubbles.during(5.0)
    assert len(burst) <= 1, f"{len(burst)} reminders within 5 s of a 5 h jump ahead"
    second = burst[0] if burst else bubbles.next(timeout=8, message="a reminder after the jump ahead")
    third = bubbles.next(timeout=10, message="the reminder after that")
    ahead = (span(first, second), span(second, third))
    print(f"jumped ahead {jumped - first.by:.2f} s after a bubble; gaps around it (least, most): {ahead}")
    assert span(first, second)[0] <= 6 + 2.5, "the reminder after the jump ahead came late"
    assert_interval(span(second, third), 6, "after the jump ahead")

    clock_file.write_text("-5h\n")
    back = time.monotonic()
    fourth = bubbles.next(timeout=15, message="a reminder after the clock went back 10 h")
    fifth = bubbles.next(timeout=10, message="the reminder after that")
    behind = (span(third, fourth), span(fourth, fifth))
    print(f"jumped back {back - third.by:.2f} s after a bubble; gaps around it (least, most): {behind}")
    assert_interval(span(third, fourth), 6, "across the jump back")
    assert_interval(span(fourth, fifth), 6, "after the jump back")
    # Had BOOTTIME moved with the wall clock, the jump ahead would have read as a 5 h suspend: a break.
    assert history_events(desktop, "away") == []


def test_outside_work_hours_the_menu_says_until_when_and_no_reminder_comes(
    desktop: Desktop, app_command: Path, artifacts: Path
) -> None:
    """With work hours that exclude now, the menu names when they begin and no reminder comes."""
    now = datetime.now().astimezone()
    # At least three hours from now either way, so the test never runs into the start of work hours.
    if now.hour < 12:
        hours, begins = "20:00-21:00", "20:00"
    else:
        hours, begins = "03:00-04:00", f"{now + timedelta(days=1):%a} 03:00"
    write_config(desktop, f'[reminders]\nevery = "4s"\nidle_reset = "0"\nwork_hours = "{hours}"\n')
    started = time.monotonic()
    start_app(desktop, app_command)
    bubbles = Bubbles(desktop)
    assert status(desktop, app_command)["state"] == "off_hours"
    read_menu(desktop, artifacts / "menu-off-hours.png", f"Outside work hours until {begins}")
    quiet = bubbles.during(started + 8.5 - time.monotonic())
    assert quiet == [], f"a reminder came outside work hours: {quiet}"
