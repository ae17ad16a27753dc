"""The real app reminding at a short interval, heard by bench/fake_notifications.py (figures 5 and 6).

Punctuality: when each bubble arrives against when it was due. Soak: the app's memory after a first and
a last number of reminder cycles. Each run gets a desktop of its own with the fake server in place of
dunst, so an arrival is timed when the message is read.
"""

from __future__ import annotations

import math
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.fake_notifications import read_arrivals
from bench.harness import Desktop, wait_for
from bench.instance import DOCK_TIMEOUT
from bench.proc import Memory, memory, trees
from bench.subjects import Subject
from bench.xwatch import Screen

FAKE_SERVER = Path(__file__).resolve().parent / "fake_notifications.py"
NOTIFICATIONS = "org.freedesktop.Notifications"


class ReminderRun:
    """hipbreak on its own desktop reminding every `every` seconds, idle detection off."""

    def __init__(self, subject: Subject, every: int, name: str) -> None:
        """Describe the run; nothing starts before start()."""
        self.subject = subject
        self.every = every
        self.name = name
        self.desktop: Desktop | None = None
        self.log = Path()
        self.pid = 0
        self.started = 0.0

    def start(self) -> None:
        """Start the desktop, the fake notification server, then the app; return once its icon docked."""
        desktop = self.desktop = Desktop(notifications=False).start()
        self.log = desktop.logs / "arrivals.txt"
        desktop.spawn([sys.executable, str(FAKE_SERVER), str(self.log)], "fake-notifications")
        wait_for(lambda: desktop.name_has_owner(NOTIFICATIONS), timeout=10, message="the fake server")
        config = Path(desktop.env["XDG_CONFIG_HOME"]) / "hipbreak" / "config.toml"
        config.parent.mkdir(parents=True, exist_ok=True)
        # No away spells: Xvfb sees no input, so the default idle_reset would stop reminders after 5 min.
        config.write_text(f'[reminders]\nevery = "{self.every}s"\nidle_reset = "0"\n')
        screen = Screen(desktop.display)
        try:
            self.started = time.monotonic()
            process = desktop.spawn(
                ["env", "-u", "GDK_GL", *self.subject.command], "hipbreak", env=self.subject.env
            )
            self.pid = process.pid
            if screen.wait_docked(1, self.started + DOCK_TIMEOUT) is None:
                raise RuntimeError(
                    f"{self.name}: hipbreak did not dock: {desktop.read_log('hipbreak')[-500:]}"
                )
        finally:
            screen.close()

    def arrivals(self) -> list[tuple[float, float]]:
        """(monotonic, wall) of every bubble so far."""
        return read_arrivals(self.log)

    def memory(self) -> Memory:
        """The app's memory, counting its desktop's servers as the only other processes."""
        assert self.desktop is not None
        servers = [proc.pid for name, proc in self.desktop.processes.items() if name != "hipbreak"]
        return memory(trees([self.pid]), trees(servers))

    def history_times(self) -> tuple[float, list[float]]:
        """(app_started, [reminded, ...]) as the app recorded them, seconds since the epoch."""
        assert self.desktop is not None
        path = Path(self.desktop.env["XDG_DATA_HOME"]) / "hipbreak" / "history.db"
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = db.execute(
                "SELECT kind, ts FROM events WHERE kind IN ('app_started', 'reminded') ORDER BY ts, id"
            ).fetchall()
        finally:
            db.close()
        started = next(ts for kind, ts in rows if kind == "app_started")
        return started, [ts for kind, ts in rows if kind == "reminded"]

    def stop(self) -> None:
        """Stop the app and its desktop; safe to repeat."""
        if self.desktop is not None:
            self.desktop.stop()
            self.desktop = None


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value at or above `share` of the values."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def punctuality(subject: Subject, count: int, every: int, tend: Callable[[], None]) -> dict[str, Any]:
    """Time `count` reminders `every` s apart; lateness in ms, p50 and p99 (nearest rank).

    `tend` is called about every 50 ms while waiting (the runner's other duties).
    """
    run = ReminderRun(subject, every, "punctuality")
    try:
        run.start()
        deadline = time.monotonic() + count * every + 30
        while len(arrivals := run.arrivals()) < count:
            if time.monotonic() > deadline:
                raise RuntimeError(f"only {len(arrivals)} of {count} reminders arrived")
            tend()
            time.sleep(0.05)
        arrivals = arrivals[:count]
        started, reminded = run.history_times()
    finally:
        run.stop()
    walls = [wall for _, wall in arrivals]
    # As specified: due at app start + k × every. The app restarts the interval when it reminds, so this
    # also adds up each cycle's delay; the per-cycle figure is measured from the previous reminder.
    from_start = [(wall - (started + (k + 1) * every)) * 1000 for k, wall in enumerate(walls)]
    previous = [started, *reminded[: count - 1]]
    per_cycle = [(wall - (before + every)) * 1000 for wall, before in zip(walls, previous, strict=True)]
    delivery = [(wall - at) * 1000 for wall, at in zip(walls, reminded[:count], strict=True)]
    return {
        "count": count,
        "every_s": every,
        "from_start_ms": _spread(from_start),
        "per_cycle_ms": _spread(per_cycle),
        "delivery_ms": _spread(delivery),
    }


def _spread(values: list[float]) -> dict[str, float]:
    return {
        "p50": statistics.median(values),
        "p99": percentile(values, 0.99),
        "min": min(values),
        "max": max(values),
    }


@dataclass
class Soak:
    """The app reminding every second; memory after `first` and after `last` cycles. poll() drives it."""

    subject: Subject
    first: int = 100
    last: int = 1000
    run: ReminderRun | None = None
    snapshots: list[tuple[int, float, Memory]] = field(default_factory=list)  # (cycles, seconds, memory)
    problem: str | None = None
    done: bool = False

    def start(self) -> None:
        """Start the app; the cycles begin a second later."""
        self.run = ReminderRun(self.subject, 1, "soak")
        try:
            self.run.start()
        except Exception as error:
            self._end(f"could not start: {error}")

    def poll(self) -> None:
        """Take a snapshot when a milestone has passed, and stop after the last one (runner's thread)."""
        if self.done or self.run is None:
            return
        cycles = len(self.run.arrivals())
        wanted = self.first if not self.snapshots else self.last
        if cycles >= wanted:
            self.snapshots.append((cycles, time.monotonic() - self.run.started, self.run.memory()))
            if len(self.snapshots) == 2:
                self._end(None)
        elif time.monotonic() - self.run.started > wanted * 1.5 + 60:
            self._end(f"only {cycles} reminders after {time.monotonic() - self.run.started:.0f} s")

    def stop(self) -> None:
        """Stop early (the runner is failing); safe to repeat."""
        if not self.done:
            self._end("stopped early")

    def result(self) -> dict[str, Any]:
        """The snapshots and the growth between them, in MB."""
        out: dict[str, Any] = {"problem": self.problem}
        for cycles, seconds, mem in self.snapshots:
            out.setdefault("snapshots", []).append(
                {
                    "cycles": cycles,
                    "seconds": seconds,
                    "pss_alone": mem.pss_alone,
                    "pss": mem.pss,
                    "rss": mem.rss,
                }
            )
        if len(self.snapshots) == 2:
            (c1, _, m1), (c2, _, m2) = self.snapshots
            out["growth_pss_mb"] = m2.pss_alone - m1.pss_alone
            out["growth_private_mb"] = m2.private - m1.private
            out["cycles_between"] = c2 - c1
        return out

    def _end(self, problem: str | None) -> None:
        self.problem = problem
        self.done = True
        if self.run is not None:
            self.run.stop()
