"""How a stretch window ends when its parent cannot hear it: its own outcome line, heartbeats, one window."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from test_stretch_launcher import Recorder

import hipbreak
from hipbreak.adapters.stretch_process import StretchArgs, StretchBusy, StretchProcess, launch
from hipbreak.environment import Environment
from hipbreak.ipc.instance import FileLock

pytestmark = pytest.mark.desktop
HIPBREAK_HOME = Path(hipbreak.__file__).resolve().parents[1]


def start(
    args: StretchArgs, display: str, lock: FileLock | None = None, silence_limit: float = 45.0
) -> tuple[StretchProcess, Recorder]:
    recorder = Recorder()
    env = {**os.environ, "DISPLAY": display}
    env.pop("HIPBREAK_STRETCH_TRACE", None)
    process = launch(args, recorder, python=sys.executable, env=env, lock=lock, silence_limit=silence_limit)
    return process, recorder


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def wait_until(predicate: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"no {what} within {timeout} s")


def test_the_window_writes_its_outcome_with_its_id_before_its_parent_hears_it(
    display: str, quick_routines: Path, tmp_path: Path
) -> None:
    outcomes = tmp_path / "outcomes.jsonl"
    args = StretchArgs(
        hold=0.5, prepare=0.3, sound=False, routine="quick", routines_dir=quick_routines,
        stretch_id="s-1", outcomes=outcomes,
    )  # fmt: skip
    process, recorder = start(args, display)
    completed = recorder.wait("completed", timeout=15)
    assert completed["stretch_id"] == "s-1"
    [written] = lines(outcomes)  # already there when the line reached the parent
    assert written["event"] == "completed" and written["stretch_id"] == "s-1"
    assert written["seconds"] == completed["seconds"] and written["at"].startswith("20")
    process.close("app quit")
    assert lines(outcomes) == [written]  # closing the Done screen adds nothing


def test_a_window_whose_parent_died_finishes_and_keeps_its_outcome(
    display: str, quick_routines: Path, tmp_path: Path
) -> None:
    outcomes = tmp_path / "outcomes.jsonl"
    parent_code = f"""
import sys, time
sys.path.insert(0, {str(HIPBREAK_HOME)!r})
from pathlib import Path
from hipbreak.adapters.stretch_process import StretchArgs, launch
args = StretchArgs(
    hold=3, prepare=0, sound=False, routine="quick", routines_dir=Path({str(quick_routines)!r}),
    stretch_id="orphan", outcomes=Path({str(outcomes)!r}),
)
def report(event):
    if event["event"] == "started":
        print(window.pid, flush=True)
window = launch(args, report)
time.sleep(600)
"""
    parent = subprocess.Popen(
        [sys.executable, "-c", parent_code],
        env={**os.environ, "DISPLAY": display},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdout is not None
        window_pid = int(parent.stdout.readline())
        parent.kill()  # the window's stdout now leads nowhere
        parent.wait(timeout=5)
        [written] = wait_until(lambda: lines(outcomes), 20, "outcome line from the orphaned window")
        assert written["event"] == "completed" and written["stretch_id"] == "orphan"
    finally:
        parent.kill()
        parent.wait()
        with pytest.raises(ProcessLookupError):
            for _ in range(100):
                os.kill(window_pid, signal.SIGTERM)  # ends the Done screen; raises once it is gone
                time.sleep(0.1)


def test_a_stopped_window_is_killed_and_reported_cancelled(display: str, tmp_path: Path) -> None:
    process, recorder = start(
        StretchArgs(hold=30, prepare=0, sound=False, stretch_id="frozen"), display, silence_limit=3
    )
    recorder.wait("phase", name="Left side hold")
    os.kill(process.pid, signal.SIGSTOP)
    final = recorder.wait("cancelled", timeout=15)
    assert final["reason"] == "window stopped answering" and final["stretch_id"] == "frozen"
    assert process.exited.wait(5) and not process.alive()
    assert recorder.finals() == [final]


def test_heartbeats_keep_a_stretch_longer_than_the_silence_limit_alive(
    display: str, quick_routines: Path
) -> None:
    # 2 x 8 s holds and a 1 s switch: 17 s of stretch, with 12 s of silence allowed (heartbeat: 10 s).
    args = StretchArgs(hold=8, prepare=0, sound=False, routine="quick", routines_dir=quick_routines)
    process, recorder = start(args, display, silence_limit=12)
    completed = recorder.wait("completed", timeout=40)
    assert completed["seconds"] > 12 and recorder.finals() == [completed]
    assert process.alive()
    process.close("app quit")


def test_close_has_the_window_cancel_for_the_reason_with_how_far_it_got(display: str) -> None:
    process, recorder = start(StretchArgs(hold=4, prepare=0, sound=False, stretch_id="q"), display)
    recorder.wait("phase", name="Left side hold")
    threading.Event().wait(1.0)
    final = process.close("app quit")
    assert final is not None and recorder.finals() == [final]
    assert (final["event"], final["reason"], final["phase"], final["stretch_id"]) == (
        "cancelled", "app quit", "Left side hold", "q",
    )  # fmt: skip
    assert 0.05 < final["progress"] < 0.4
    assert not process.alive()


def test_sigterm_to_the_window_writes_its_own_cancel(display: str, tmp_path: Path) -> None:
    outcomes = tmp_path / "outcomes.jsonl"
    process, recorder = start(
        StretchArgs(hold=4, prepare=0, sound=False, stretch_id="t", outcomes=outcomes), display
    )
    recorder.wait("phase", name="Left side hold")
    os.kill(process.pid, signal.SIGTERM)
    assert process.exited.wait(10)
    [written] = lines(outcomes)
    assert (written["event"], written["reason"], written["stretch_id"]) == (
        "cancelled",
        "window process ended",
        "t",
    )
    assert recorder.finals()[0]["progress"] == written["progress"] > 0


def test_only_one_window_may_hold_the_lock(display: str, tmp_path: Path) -> None:
    env = Environment(
        config_dir=tmp_path, data_dir=tmp_path, log_dir=tmp_path, runtime_dir=tmp_path / "run", home=tmp_path
    )
    first, recorder = start(
        StretchArgs(hold=30, prepare=0, sound=False), display, FileLock(env.stretch_lock_file)
    )
    recorder.wait("started")
    with pytest.raises(StretchBusy, match="already open"):
        start(StretchArgs(sound=False), display, FileLock(env.stretch_lock_file))
    first.close("app quit")
    again, recorder = start(
        StretchArgs(hold=30, prepare=0, sound=False), display, FileLock(env.stretch_lock_file)
    )
    recorder.wait("started")
    again.close("app quit")


# A stand-in for the window: writes its outcome line, then dies before saying anything on its stdout.
SILENT_WINDOW = """#!{python}
import sys
sys.path.insert(0, {home!r})
from pathlib import Path
from hipbreak.adapters.stretch_outcomes import OutcomeFile
args = sys.argv[sys.argv.index("--hold"):]
path, stretch_id = Path(args[args.index("--outcomes") + 1]), args[args.index("--stretch-id") + 1]
OutcomeFile(path).append(
    {{"event": "completed", "seconds": 60.0, "stretch_id": stretch_id, "at": "2026-11-24T10:00:00+01:00"}}
)
"""


def test_a_window_that_wrote_its_outcome_and_died_unheard_is_reported_as_it_wrote_it(tmp_path: Path) -> None:
    window = tmp_path / "window"
    window.write_text(SILENT_WINDOW.format(python=sys.executable, home=str(HIPBREAK_HOME)))
    window.chmod(0o755)
    outcomes = tmp_path / "outcomes.jsonl"
    recorder = Recorder()
    process = launch(
        StretchArgs(sound=False, stretch_id="unheard", outcomes=outcomes), recorder, python=str(window)
    )
    assert process.wait(10)
    assert recorder.finals() == [{"event": "completed", "seconds": 60.0, "stretch_id": "unheard"}]


class BrokenPipe:
    """A stdout whose reader has gone."""

    def write(self, _text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def test_the_window_tells_the_running_app_only_when_its_parent_is_gone(tmp_path: Path) -> None:
    from io import StringIO

    from hipbreak.adapters.stretch_outcomes import OutcomeFile
    from hipbreak.ui.stretch.wire import Reporter

    told: list[dict[str, Any]] = []
    heard = Reporter(StringIO(), "a", OutcomeFile(tmp_path / "o.jsonl"), tell_app=told.append)
    heard.emit({"event": "alive"})
    heard.emit({"event": "completed", "seconds": 60.0})
    assert told == []  # the parent heard it
    orphan = Reporter(BrokenPipe(), "b", OutcomeFile(tmp_path / "o.jsonl"), tell_app=told.append)  # type: ignore[arg-type]
    orphan.emit({"event": "alive"})
    assert told == [] and orphan.broken
    orphan.emit({"event": "cancelled", "progress": 0.5, "phase": "Left side hold", "reason": "escape"})
    assert told == [
        {
            "event": "cancelled",
            "progress": 0.5,
            "phase": "Left side hold",
            "reason": "escape",
            "stretch_id": "b",
        }
    ]
    assert [line["stretch_id"] for line in lines(tmp_path / "o.jsonl")] == ["a", "b"]  # the file first
