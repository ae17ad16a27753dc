"""Hostile surroundings, on the installed app: another user's folders and sockets, files that are not
what they seem, a stopped app, a second session of the same user, and surroundings that used to end
in a traceback (a dead display, a full log folder, a bad $EDITOR, a huge duration).

Every answer must be one line on stderr (no traceback, no Python warning) and come in time; "another
user" is uid 65534 (needs root, as on CI).
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
from desktop import Desktop, wait_for
from fault_harness import (
    cli,
    config_file,
    log_file,
    quit_app,
    said,
    spawn_app,
    start_app,
    status,
    write_config,
)
from hostile import NOBODY, give_away, need_root, served_by_nobody
from xserver import unused_display

QUICK = 2.0  # seconds a one-line answer may take, as a hang guard: a blocked read would never come back
BOM = b"\xef\xbb\xbf"


def one_line(run: subprocess.CompletedProcess[str]) -> str:
    """The single line a refused command printed on stderr; nothing else anywhere."""
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert "Traceback" not in run.stderr and "Warning" not in run.stderr
    return lines[0]


@pytest.mark.desktop(tray=False, notifications=False)
def test_a_fallback_runtime_folder_made_first_by_another_user_is_refused_in_one_line(
    desktop: Desktop, app_command: Path
) -> None:
    """XDG_RUNTIME_DIR is another user's, so hipbreak falls back to its cache folder, which that user made
    first and serves a lying socket in: the CLI and the app each refuse in one line; nothing is sent."""
    need_root()
    theirs = Path(desktop.env["HOME"]).parent / "their-runtime"
    theirs.mkdir(mode=0o700)
    give_away(theirs)
    fallback = Path(desktop.env["XDG_CACHE_HOME"]) / "hipbreak" / "run"
    fallback.mkdir(parents=True, mode=0o777)
    os.chmod(fallback, 0o777)
    give_away(fallback)
    session = {"XDG_RUNTIME_DIR": str(theirs)}
    with served_by_nobody(fallback / "hipbreak.sock") as hostile:
        for verb in (["status"], ["status", "--json"], ["skip"], ["quit"]):
            run = cli(desktop, app_command, *verb, env=session, timeout=QUICK)
            line = one_line(run)
            assert run.returncode == 1 and run.stdout == "", run.stdout
            assert line.startswith(f"hipbreak: {fallback} belongs to another user (uid {NOBODY})"), line
            assert "have it removed" in line
        run = cli(desktop, app_command, env=session, timeout=10)
        assert run.returncode == 1
        assert one_line(run).startswith(f"hipbreak: {fallback} belongs to another user"), run.stderr
        assert hostile.stop() == []  # not one connection reached the other user's process


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_zero_link(path: Path) -> None:
    path.symlink_to("/dev/zero")


def make_huge(path: Path) -> None:
    path.write_bytes(b"# padding\n" * (1024 * 1024))  # 10 MiB


def make_deep(path: Path) -> None:
    path.write_text("[reminders]\nevery = " + "[" * 100_000 + "]" * 100_000 + "\n")


SPECIAL_CONFIGS = {
    "named pipe": (make_fifo, "is a named pipe, not a regular file"),
    "link to /dev/zero": (make_zero_link, "is a device, not a regular file"),
    "10 MiB": (make_huge, "is larger than the limit of 256 KiB"),
    "100k deep": (make_deep, "line 2 nests lists or tables more than 32 deep"),
}


@pytest.mark.desktop(notifications=False)
def test_special_config_files_get_one_line_from_config_check_and_from_the_starting_app(
    desktop: Desktop, app_command: Path
) -> None:
    """A FIFO, a /dev/zero link, 10 MiB, 100 000 levels deep: `config check` answers in time with one line
    naming the file and the limit; the app starts on the defaults, says the same line, and answers."""
    path = config_file(desktop)
    path.parent.mkdir(parents=True, exist_ok=True)
    for number, (case, (make, expected)) in enumerate(SPECIAL_CONFIGS.items()):
        path.unlink(missing_ok=True)
        make(path)
        run = cli(desktop, app_command, "config", "check", timeout=QUICK)
        assert run.returncode == 1, f"{case}: {run.stdout} {run.stderr}"
        assert one_line(run).startswith(f"{path}: {expected}") and "Using the defaults" in run.stderr

        name = f"special-{number}"
        process = start_app(desktop, app_command, name=name, docked=number == 0)
        told = [line for line in said(desktop, name) if str(path) in line]
        assert told == [f"hipbreak: {one_line(run)}"], f"{case}: {said(desktop, name)}"
        assert status(desktop, app_command)["daily_goal"] == 8  # the defaults are in use
        quit_app(desktop, app_command, process)
        assert "Traceback" not in desktop.read_log(name)


@pytest.mark.desktop(tray=False, notifications=False)
def test_a_config_saved_with_a_byte_order_mark_is_read(desktop: Desktop, app_command: Path) -> None:
    """Some Windows editors begin UTF-8 with a byte-order mark; the settings in such a file apply."""
    path = write_config(desktop, BOM + b"[stretch]\ndaily_goal = 5\n")
    run = cli(desktop, app_command, "config", "check", timeout=QUICK)
    assert run.returncode == 0 and run.stdout.strip() == f"{path}: OK", run.stderr
    process = start_app(desktop, app_command, docked=False)
    assert status(desktop, app_command)["daily_goal"] == 5
    quit_app(desktop, app_command, process)


@pytest.mark.desktop(notifications=False)
def test_a_stopped_app_is_not_answering_and_a_second_launch_says_already_running(
    desktop: Desktop, app_command: Path
) -> None:
    """SIGSTOP: `status` says "not answering" with the pid and exit 4 (not "not running", exit 3), and a
    second launch says "already running"; after SIGCONT the same app answers again."""
    process = start_app(desktop, app_command)
    os.kill(process.pid, signal.SIGSTOP)
    try:
        run = cli(desktop, app_command, "status")
        assert run.returncode == 4 and run.stdout == "", run.stdout
        line = one_line(run)
        assert line.startswith(f"hipbreak: hipbreak is running (pid {process.pid}) but did not answer"), line
        assert f"`kill {process.pid}`" in line
        run = cli(desktop, app_command, "snooze")
        assert run.returncode == 4, run.stderr
        second = cli(desktop, app_command)
        assert second.returncode == 0 and "already running" in second.stderr, second.stderr
    finally:
        os.kill(process.pid, signal.SIGCONT)
    assert status(desktop, app_command)["running"] is True
    quit_app(desktop, app_command, process)


@pytest.mark.desktop(notifications=False)
def test_two_sessions_of_one_user_run_one_app_and_both_reach_it(desktop: Desktop, app_command: Path) -> None:
    """A second session (its own XDG_RUNTIME_DIR, the same home) does not start a second app that would
    remind too; its CLI reaches the one app, and can quit it."""
    process = start_app(desktop, app_command)
    other = Path(desktop.env["HOME"]).parent / "second-session"
    other.mkdir(mode=0o700)
    session = {"XDG_RUNTIME_DIR": str(other)}
    second = cli(desktop, app_command, env=session)
    assert second.returncode == 0, second.stderr
    assert one_line(second) == (
        f"hipbreak: already running in another session of yours (pid {process.pid}); "
        "use its tray icon there, or `hipbreak status` from here"
    )
    assert status(desktop, app_command, env=session)["running"] is True
    assert cli(desktop, app_command, "skip", env=session).returncode == 0
    assert len(desktop.tray_icons()) == 1
    run = cli(desktop, app_command, "quit", env=session)
    assert run.returncode == 0, run.stderr
    assert process.wait(timeout=10) == 0


@pytest.mark.desktop(tray=False, notifications=False)
def test_a_dead_display_is_one_line(desktop: Desktop, app_command: Path) -> None:
    """DISPLAY names a display nobody serves: one line naming it, exit 1, and no lock left held."""
    display = unused_display()
    run = cli(desktop, app_command, env={"DISPLAY": display}, timeout=10)
    assert run.returncode == 1
    assert one_line(run).startswith(f"hipbreak: cannot open the display {display} (from DISPLAY)")


@pytest.mark.desktop(notifications=False)
def test_a_full_log_folder_is_one_line_and_the_app_runs(desktop: Desktop, app_command: Path) -> None:
    """The log file cannot take a byte (a link to /dev/full): one line saying so, no logging tracebacks."""
    path = log_file(desktop)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to("/dev/full")
    process = spawn_app(desktop, app_command)
    wait_for(lambda: status(desktop, app_command)["running"] is True, timeout=15, message="the app answers")
    cli(desktop, app_command, "skip")  # something to log
    quit_app(desktop, app_command, process)
    output = desktop.read_log("hipbreak")
    assert "Traceback" not in output and "Logging error" not in output, output
    told = [line for line in said(desktop, "hipbreak") if "log file" in line]
    assert told == [
        f"hipbreak: cannot write the log file {path} (No space left on device); logging to stderr instead"
    ]


@pytest.mark.desktop(tray=False, notifications=False)
def test_a_bad_editor_and_a_huge_duration_are_one_line(desktop: Desktop, app_command: Path) -> None:
    """$EDITOR with an unbalanced quote, and `hipbreak snooze` with a 100 000-character duration."""
    run = cli(desktop, app_command, "config", "edit", env={"EDITOR": 'vim "unbalanced'}, timeout=QUICK)
    assert run.returncode == 1
    assert one_line(run).startswith("hipbreak: $EDITOR (") and "fix its quotes" in run.stderr
    run = cli(desktop, app_command, "snooze", "1" * 100_000, timeout=QUICK)
    assert run.returncode == 2
    line = one_line(run)
    assert line.startswith('hipbreak: bad duration: expected a duration like "90s"') and len(line) < 200
