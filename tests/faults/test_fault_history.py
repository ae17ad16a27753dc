"""The history taken away while the app runs: locked by another program, or deleted. No break is lost."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from desktop import Desktop, wait_for
from fault_harness import (
    cli,
    data_dir,
    events,
    history_file,
    integrity,
    quit_app,
    said,
    start_app,
    status,
    write_config,
)
from sqlite_locker import Locker

QUICK_STRETCH = '[reminders]\nevery = "45m"\nidle_reset = "0"\n[stretch]\nhold = "1s"\nprepare = "0"\n'
STRETCH_WINDOW = ". hipbreak$"  # the stretch window's title ends in " — hipbreak"
WAITING = "Break not saved yet"
SAVED = "Break saved"


def stretch(desktop: Desktop, app: Path) -> None:
    """Run `hipbreak stretch` and wait until the app hears that the stretch began and ended."""
    run = cli(desktop, app, "stretch")
    assert run.returncode == 0, run.stderr
    wait_for(lambda: status(desktop, app)["state"] == "stretching", timeout=15, message="the stretch begins")
    wait_for(lambda: status(desktop, app)["state"] != "stretching", timeout=30, message="the stretch ends")
    # Enter closes the Done screen, as a user would; it would linger for a minute and refuse the next stretch.
    for window in desktop.window_ids(STRETCH_WINDOW):
        desktop.focus(window)
        desktop.key("Return")
    wait_for(lambda: not desktop.window_ids(STRETCH_WINDOW), timeout=10, message="the Done screen closes")


def queued(desktop: Desktop) -> list[str]:
    """The kinds of the events waiting in the app's queue file."""
    path = data_dir(desktop) / "history-pending.jsonl"
    if not path.exists():
        return []
    return [json.loads(line)["kind"] for line in path.read_text().splitlines() if line.strip()]


def news(desktop: Desktop, seen: list[str]) -> list[str]:
    """Add the summaries of hipbreak's history bubbles shown since the last call to `seen`; return `seen`."""
    for note in desktop.notifications():
        key = f"{note['id']}:{note['summary']}"
        if note["appname"] == "hipbreak" and note["summary"] in (WAITING, SAVED) and key not in seen:
            seen.append(key)
    return seen


def summaries(seen: list[str]) -> list[str]:
    return [key.split(":", 1)[1] for key in seen]


def test_a_break_ended_while_another_program_locks_the_history_counts_and_is_saved_once_it_lets_go(
    desktop: Desktop, app_command: Path
) -> None:
    """Exclusive lock across a stretch's end: counted at once, told once, in the database once freed."""
    write_config(desktop, QUICK_STRETCH)
    process = start_app(desktop, app_command)
    path = history_file(desktop)
    seen: list[str] = []
    with Locker(path):
        stretch(desktop, app_command)
        data = status(desktop, app_command)
        assert data["breaks_today"] == 1 and data["breaks_pending"] == 1, data
        assert events(path, "stretch_completed") == []  # the lock kept it out
        assert "stretch_completed" in queued(desktop)
        wait_for(lambda: WAITING in summaries(news(desktop, seen)), timeout=10, message="the user is told")
    saved = wait_for(
        lambda: events(path, "stretch_completed"), timeout=90, message="the break is saved once the lock goes"
    )
    assert len(saved) == 1
    data = status(desktop, app_command)
    assert data["breaks_today"] == 1 and data["breaks_pending"] == 0, data
    assert queued(desktop) == []
    wait_for(
        lambda: SAVED in summaries(news(desktop, seen)), timeout=10, message="the user hears it is saved"
    )
    assert summaries(news(desktop, seen)) == [WAITING, SAVED], seen
    assert integrity(path) == "ok"
    quit_app(desktop, app_command, process)
    assert len(events(path, "stretch_completed")) == 1
    assert [kind for _id, _ts, kind in events(path)].count("stretch_started") == 1


def test_a_history_deleted_while_running_is_begun_again_and_keeps_the_next_break(
    desktop: Desktop, app_command: Path
) -> None:
    """history.db deleted (alone, then with its -wal and -shm): the next stretch is in the new file."""
    write_config(desktop, QUICK_STRETCH)
    process = start_app(desktop, app_command)
    path = history_file(desktop)
    stretch(desktop, app_command)
    assert len(events(path, "stretch_completed")) == 1
    for files in (("history.db",), ("history.db", "history.db-wal", "history.db-shm")):
        for name in files:
            with contextlib.suppress(FileNotFoundError):
                (data_dir(desktop) / name).unlink()
        stretch(desktop, app_command)
        wait_for(
            lambda: len(events(path, "stretch_completed")) == 1,
            timeout=60,
            message=f"the break in a new history after deleting {files}",
        )
        assert integrity(path) == "ok", files
        # The count is what the history holds, never more.
        assert status(desktop, app_command)["breaks_today"] == 1, files
    quit_app(desktop, app_command, process)
    process = start_app(desktop, app_command, name="hipbreak-again", docked=False)
    assert status(desktop, app_command)["breaks_today"] == 1
    quit_app(desktop, app_command, process)


def test_a_history_locked_at_start_is_said_once_and_takes_the_sessions_breaks_once_freed(
    desktop: Desktop, app_command: Path
) -> None:
    """A lock that keeps even readers out while the app starts: one stderr line, the break saved later."""
    write_config(desktop, QUICK_STRETCH)
    path = history_file(desktop)
    quit_app(desktop, app_command, start_app(desktop, app_command, name="hipbreak-seed", docked=False))
    with Locker(path, mode="everyone"):
        process = start_app(desktop, app_command)
        told = [line for line in said(desktop, "hipbreak") if "history" in line]
        assert len(told) == 1 and "another program is using it" in told[0], said(desktop, "hipbreak")
        stretch(desktop, app_command)
        data = status(desktop, app_command)
        assert data["breaks_today"] == 1 and data["breaks_pending"] == 1, data
    saved = wait_for(
        lambda: events(path, "stretch_completed"), timeout=90, message="the break is saved once the lock goes"
    )
    assert len(saved) == 1
    assert status(desktop, app_command)["breaks_today"] == 1
    quit_app(desktop, app_command, process)
    assert len(events(path, "stretch_completed")) == 1 and queued(desktop) == []
