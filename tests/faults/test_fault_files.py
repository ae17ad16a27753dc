"""Damaged files: a bad config file, a corrupt history, a data folder that cannot be written."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from desktop import Desktop, skip_or_fail, wait_for
from fault_harness import (
    cli,
    data_dir,
    events,
    history_file,
    integrity,
    quit_app,
    reminders_seen,
    said,
    start_app,
    status,
    write_config,
)

# (case, file bytes, one tuple of fragments per expected error line, `every` in effect, daily goal in effect)
CONFIG_CASES: list[tuple[str, bytes, list[tuple[str, ...]], timedelta, int]] = [
    (
        "truncated",
        b'[reminders]\nevery = "20m"\nsnooze = ["5m", "1',
        [("not valid TOML", "Unterminated string", "Using the defaults")],
        timedelta(minutes=45),
        8,
    ),
    (
        "binary",
        b"\x00\x01\x02[[[\x7f\x1b",
        [("not valid TOML", "Using the defaults")],
        timedelta(minutes=45),
        8,
    ),
    (
        "not utf-8",
        b'[reminders]\nevery = "20m"\n# caf\xe9 au lait\n',
        [("not UTF-8 text (line 3)", "Using the defaults")],
        timedelta(minutes=45),
        8,
    ),
    (
        "wrong types",
        b'[reminders]\nevery = "20m"\nsnooze = 5\nmax_snoozes = "three"\n'
        b'[stretch]\ndaily_goal = "eight"\nsound = "yes"\n',
        [
            ("reminders.snooze", "got 5", "using the default"),
            ("reminders.max_snoozes", "got 'three'", "using the default"),
            ("stretch.daily_goal", "got 'eight'", "using the default"),
            ("stretch.sound", "got 'yes'", "using the default"),
        ],
        timedelta(minutes=20),
        8,
    ),
    (
        "unknown keys",
        b'[reminders]\nevery = "20m"\ncolour = "red"\n[stretch]\ndaily_goal = 5\n[window]\nsize = 3\n',
        [("unknown key reminders.colour", "known keys: every"), ("unknown section [window]",)],
        timedelta(minutes=20),
        5,
    ),
    (
        "wrong shape",
        b"reminders = 5\n[stretch]\nhold = 30\ndaily_goal = 6\n",
        [("reminders: expected a table",), ("stretch.hold", "got 30", "using the default")],
        timedelta(minutes=45),
        6,
    ),
]


def test_bad_config_files_are_reported_in_one_line_and_never_touched(
    desktop: Desktop, app_command: Path
) -> None:
    """Six kinds of bad config: a stderr line per problem naming it, defaults for bad keys, file unchanged."""
    for number, (case, content, expected, every, goal) in enumerate(CONFIG_CASES):
        # A fresh history each time: the saved deadline of the run before would hide `every`.
        shutil.rmtree(data_dir(desktop), ignore_errors=True)
        path = write_config(desktop, content)
        os.utime(path, (1_600_000_000, 1_600_000_000))
        name = f"hipbreak-{number}"
        started = datetime.now().astimezone()
        process = start_app(desktop, app_command, name=name, docked=number == 0)
        data = status(desktop, app_command)
        lines = [line for line in said(desktop, name) if str(path) in line]
        assert len(lines) == len(expected), f"{case}: {lines}"
        for fragments in expected:
            assert any(all(f in line for f in fragments) for line in lines), f"{case}: {fragments} {lines}"
        due = datetime.fromisoformat(str(data["next_reminder"]))
        assert abs(due - started - every) < timedelta(seconds=20), f"{case}: next reminder at {due}"
        assert data["daily_goal"] == goal, case
        quit_app(desktop, app_command, process)
        assert path.read_bytes() == content, f"{case}: the file changed"
        assert path.stat().st_mtime == 1_600_000_000, f"{case}: the file was rewritten"
    print(f"{len(CONFIG_CASES)} bad config files reported, none touched")


def _fill_history(path: Path, rows: int) -> None:
    """Give the history `rows` events, through the app's own schema (the app creates it on first start)."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.executemany(
            "INSERT INTO events (ts, utc_offset, day, kind, data) VALUES (?, 0, '2020-01-01', 'skipped', ?)",
            [(1_577_880_000.0 + i, '{"pad": "' + "x" * 200 + '"}') for i in range(rows)],
        )
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


def _smash_middle(path: Path) -> None:
    """Overwrite the pages after the first two with garbage: the header still reads as SQLite."""
    raw = bytearray(path.read_bytes())
    raw[8192 : 8192 + 32768] = bytes((i * 37 + 11) % 256 for i in range(32768))
    path.write_bytes(bytes(raw))


DB_CASES = {
    "not a database": lambda path: path.write_bytes(b"this is not a database\n" * 200),
    "truncated": lambda path: path.write_bytes(path.read_bytes()[: path.stat().st_size // 3]),
    "damaged pages": _smash_middle,
}


def test_a_corrupt_history_is_moved_aside_the_user_told_and_a_new_one_begun(
    desktop: Desktop, app_command: Path
) -> None:
    """Three kinds of corrupt history.db: kept under a timestamped name, a stderr line, a fresh sound db."""
    path = history_file(desktop)
    process = start_app(desktop, app_command, name="hipbreak-seed")
    quit_app(desktop, app_command, process)
    seed = path.with_name("seed.db")
    _fill_history(path, 400)
    shutil.copyfile(path, seed)
    for number, (case, damage) in enumerate(DB_CASES.items()):
        for stale in data_dir(desktop).glob("history.db*"):
            stale.unlink()
        shutil.copyfile(seed, path)
        damage(path)
        broken = path.read_bytes()
        name = f"hipbreak-{number}"
        process = start_app(desktop, app_command, name=name, docked=False)
        moved = list(data_dir(desktop).glob("history.db.corrupt-*"))
        assert len(moved) == 1, f"{case}: {sorted(p.name for p in data_dir(desktop).iterdir())}"
        assert moved[0].name[len("history.db.corrupt-") :].replace("-", "").isdigit(), moved[0].name
        assert moved[0].read_bytes() == broken, f"{case}: the damaged file was not kept as it was"
        told = [line for line in said(desktop, name) if "damaged" in line]
        assert len(told) == 1 and str(moved[0]) in told[0], f"{case}: {said(desktop, name)}"
        run = cli(desktop, app_command, "skip")
        assert run.returncode == 0, f"{case}: {run.stderr}"
        assert [kind for _id, _ts, kind in events(path)][-1] == "skipped", case
        assert integrity(path) == "ok", case
        quit_app(desktop, app_command, process)
        moved[0].unlink()
    print(f"{len(DB_CASES)} corrupt histories moved aside and replaced")


@contextlib.contextmanager
def tmpfs(where: Path, *options: str) -> Iterator[Path]:
    """Mount a 64 KiB tmpfs at `where` for the block; skip (fail on CI) where mounting is not allowed."""
    where.mkdir(parents=True, exist_ok=True)
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", ",".join(("size=64k", *options)), "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if mount.returncode != 0:
        skip_or_fail(f"cannot mount a tmpfs here (needs root): {mount.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(folder: Path) -> None:
    """Write into `folder` until its file system is full."""
    with contextlib.suppress(OSError), open(folder / "filler", "wb", buffering=0) as filler:
        while True:
            filler.write(b"\0" * 4096)


@pytest.mark.parametrize("fault", ["data folder is a file", "read-only", "full"])
def test_an_unwritable_data_folder_is_reported_and_reminders_still_come(
    desktop: Desktop, app_command: Path, fault: str
) -> None:
    """Data folder a file, read-only or full: one clear stderr line, no crash, bubbles still reach dunst."""
    write_config(desktop, '[reminders]\nevery = "3s"\nidle_reset = "0"\n')
    folder = data_dir(desktop)
    with contextlib.ExitStack() as stack:
        if fault == "data folder is a file":
            folder.parent.mkdir(parents=True, exist_ok=True)
            folder.write_text("not a folder\n")
        elif fault == "read-only":
            stack.enter_context(tmpfs(folder, "ro"))
        else:
            _fill(stack.enter_context(tmpfs(folder)))
        process = start_app(desktop, app_command)
        told = [line for line in said(desktop, "hipbreak") if "history" in line or "data folder" in line]
        assert len(told) == 1, said(desktop, "hipbreak")
        assert str(folder) in told[0] and "will not be saved" in told[0], told[0]
        wait_for(lambda: reminders_seen(desktop) >= 2, timeout=15, message="two reminders reach dunst")
        data = status(desktop, app_command)
        assert data["running"] is True and process.poll() is None
        assert cli(desktop, app_command, "skip").returncode == 0
        quit_app(desktop, app_command, process)
