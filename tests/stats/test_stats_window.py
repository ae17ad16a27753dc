"""The statistics window: what it reads and says, and the real window on a private Xvfb display."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

import hipbreak
from hipbreak.core.stats import DayStats
from hipbreak.exit_codes import ExitStatus
from hipbreak.ui.chart import TODAY
from hipbreak.ui.stats_window import TITLE, headline, load_view

HIPBREAK_HOME = Path(hipbreak.__file__).resolve().parents[1]
NOW = "2026-11-15T13:00:00+01:00"
DEADLINE = 15.0


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (
            DayStats(date(2026, 5, 4), completed=3, snoozes=1, longest_sitting=timedelta(minutes=80)),
            "Today: 3 of 8 breaks · 1 snooze · longest sit 1 h 20 min",
        ),
        (DayStats(date(2026, 5, 4)), "Today: 0 of 8 breaks · 0 snoozes · longest sit 0 s"),
        (
            DayStats(date(2026, 5, 4), completed=9, snoozes=2, longest_sitting=timedelta(hours=2)),
            "Today: 9 of 8 breaks · 2 snoozes · longest sit 2 h",
        ),
    ],
)
def test_the_headline_names_todays_numbers(day: DayStats, text: str) -> None:
    assert headline(day, 8) == text


def test_a_missing_history_shows_thirty_empty_days_and_says_why(tmp_path: Path) -> None:
    view = load_view(tmp_path / "none.db", datetime(2026, 5, 4, 12, tzinfo=timezone.utc), 8)
    assert len(view.days) == 30
    assert view.today == DayStats(date(2026, 5, 4))
    assert view.note == "No breaks recorded yet."
    assert not (tmp_path / "none.db").exists()  # read-only: nothing was created


def test_the_view_is_read_while_the_app_holds_the_history_open(generated) -> None:
    now = datetime.fromisoformat(NOW)
    view = load_view(generated.path, now, generated.goal)
    assert view.note == ""
    assert view.streak == 12
    assert view.today.completed == 3
    assert view.today.longest_sitting == timedelta(minutes=90)  # the open span runs until now


def child_env(display: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    # The child imports the same hipbreak as these tests, installed or not (`-m` also puts the
    # working folder first on sys.path, so the children run in HIPBREAK_HOME too).
    env["PYTHONPATH"] = str(HIPBREAK_HOME)
    env["HIPBREAK_WINDOW_TRACE"] = "1"
    if display is not None:
        env["DISPLAY"] = display
    return env


def window_command(db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "hipbreak.ui.stats_window", "--db", str(db), *extra]


def test_bad_arguments_and_a_missing_display_end_with_their_statuses(tmp_path: Path) -> None:
    env = child_env(None)
    bad = subprocess.run(
        window_command(tmp_path / "h.db", "--goal", "0"), env=env, capture_output=True, text=True
    )
    assert bad.returncode == ExitStatus.USAGE
    headless = subprocess.run(window_command(tmp_path / "h.db"), env=env, capture_output=True, text=True)
    assert headless.returncode == ExitStatus.NOT_RUNNING
    assert "no display" in headless.stderr


def wait_for(condition: Callable[[], Any], what: str, deadline: float = DEADLINE) -> Any:
    """Return the first true value of `condition()`, polling until `deadline` seconds pass."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


class Window:
    """The window process, its trace lines and its X11 window id."""

    def __init__(self, process: subprocess.Popen[str], display: str) -> None:
        self.process = process
        self.display = display

    def next_trace(self, event: str) -> dict[str, Any]:
        """Return the next trace line of kind `event`, within the deadline."""
        assert self.process.stdout is not None
        end = time.monotonic() + DEADLINE
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.process.stdout], [], [], left)
            if not ready:
                break
            line = self.process.stdout.readline()
            if not line:
                pytest.fail(f"the window ended before {event!r}: {self.process.stderr.read()}")  # type: ignore[union-attr]
            record = json.loads(line)
            if record["event"] == event:
                return record
        pytest.fail(f"no {event!r} trace line within {DEADLINE} s")

    def xdotool(self, *args: str) -> str:
        env = {**os.environ, "DISPLAY": self.display}
        return subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True).stdout.strip()

    def find(self) -> str:
        return self.xdotool("search", "--name", f"^{TITLE}$")

    def screenshot(self, path: Path) -> Image.Image:
        env = {**os.environ, "DISPLAY": self.display}
        subprocess.run(["import", "-window", "root", str(path)], env=env, check=True, capture_output=True)
        return Image.open(path)


@pytest.fixture
def window(generated, display: str) -> Iterator[Window]:
    process = subprocess.Popen(
        window_command(generated.path, "--goal", str(generated.goal), "--now", NOW),
        env=child_env(display),
        cwd=HIPBREAK_HOME,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield Window(process, display)
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


@pytest.mark.desktop
def test_the_window_shows_today_switches_span_and_closes_on_esc(
    window: Window, stats_artifacts: Path
) -> None:
    shown = window.next_trace("shown")
    window_id = wait_for(window.find, "the window to be mapped")
    assert shown["title"] == TITLE
    assert shown["headline"] == "Today: 3 of 6 breaks · 0 snoozes · longest sit 1 h 30 min"
    assert shown["detail"] == "Streak: 12 days in a row with 6 stretches or more"
    assert shown["days"] == 7
    assert shown["today"]["completed"] == 3 and shown["today"]["cancelled"] == 1
    x, y, width, height = shown["geometry"]
    screen_width, screen_height = shown["screen"]
    assert abs(x + width / 2 - screen_width / 2) <= 2 and abs(y + height / 2 - screen_height / 2) <= 2

    shot = window.screenshot(stats_artifacts / "window-7-days.png")
    # Today's orange bar is on screen, inside the window.
    crop = shot.convert("RGB").crop((x, y, x + width, y + height))
    assert TODAY in {colour for _, colour in crop.getcolors(1 << 20) or []}

    window.xdotool("windowfocus", "--sync", window_id)
    window.xdotool("key", "3")
    assert window.next_trace("shown")["days"] == 30
    window.screenshot(stats_artifacts / "window-30-days.png")
    window.xdotool("key", "7")
    assert window.next_trace("shown")["days"] == 7

    window.xdotool("key", "Escape")
    window.next_trace("closed")
    assert window.process.wait(timeout=DEADLINE) == 0
    assert window.find() == ""
