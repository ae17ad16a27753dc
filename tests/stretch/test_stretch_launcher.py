"""The tray app's side: launch() runs the real window process and reports its events, even when it dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from hipbreak.adapters.stretch_process import StretchArgs, StretchProcess, launch

pytestmark = pytest.mark.desktop


class Recorder:
    """Collects on_event calls (made from the launcher's reader thread)."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.threads: set[str] = set()
        self.changed = threading.Condition()

    def __call__(self, event: dict[str, Any]) -> None:
        with self.changed:
            self.events.append(event)
            self.threads.add(threading.current_thread().name)
            self.changed.notify_all()

    def wait(self, kind: str, timeout: float = 10.0, **fields: Any) -> dict[str, Any]:
        def find() -> dict[str, Any] | None:
            return next(
                (
                    e
                    for e in self.events
                    if e["event"] == kind and all(e.get(k) == v for k, v in fields.items())
                ),
                None,
            )

        with self.changed:
            if not self.changed.wait_for(find, timeout):
                raise AssertionError(f"no {kind} {fields} within {timeout} s; got {self.events}")
            found = find()
            assert found is not None
            return found

    def finals(self) -> list[dict[str, Any]]:
        return [e for e in self.events if e["event"] in ("completed", "cancelled")]


def start(args: StretchArgs, display: str) -> tuple[StretchProcess, Recorder]:
    recorder = Recorder()
    env = {**os.environ, "DISPLAY": display}
    env.pop("HIPBREAK_STRETCH_TRACE", None)
    return launch(args, recorder, python=sys.executable, env=env), recorder


def test_the_arguments_make_the_documented_command_line(tmp_path: Path) -> None:
    args = StretchArgs(hold=30, prepare=10, daily_goal=8, done_today=3, sound=False, routines_dir=tmp_path)
    assert args.argv() == [
        "--hold", "30.0", "--prepare", "10.0", "--daily-goal", "8", "--done-today", "3",
        "--no-sound", "--routine", "hip-flexor", "--voice", "on", "--motion", "--no-large-text",
        "--routines-dir", str(tmp_path.resolve()),
    ]  # fmt: skip
    with pytest.raises(AttributeError):
        args.hold = 5  # type: ignore[misc]


def test_events_arrive_in_order_on_the_reader_thread_and_end_in_one_outcome(
    display: str, quick_routines: Path
) -> None:
    args = StretchArgs(
        hold=0.5, prepare=0.3, done_today=1, sound=False, routine="quick", routines_dir=quick_routines
    )
    process, recorder = start(args, display)
    assert process.wait(15)
    assert recorder.finals() == [recorder.wait("completed")]
    assert [e["event"] for e in recorder.events] == ["started", *["phase"] * 5, "completed"]
    assert recorder.threads == {"stretch-reader"}
    assert process.alive()  # the Done screen stays up until the user closes it
    process.terminate()
    subprocess_exit = _wait_dead(process)
    assert subprocess_exit and len(recorder.finals()) == 1  # no second outcome after the first


@pytest.mark.parametrize("how", ["kill", "terminate"])
def test_a_window_process_that_dies_is_reported_cancelled_never_completed(display: str, how: str) -> None:
    process, recorder = start(StretchArgs(hold=4, prepare=0, sound=False), display)
    recorder.wait("phase", name="Left side hold")
    threading.Event().wait(1.0)  # let a quarter of the left hold pass
    if how == "kill":
        os.kill(process.pid, signal.SIGKILL)
    else:
        process.terminate()
    assert process.wait(10)
    final = recorder.finals()
    assert len(final) == 1
    assert final[0]["event"] == "cancelled"
    assert final[0]["reason"] == "window process ended" and final[0]["phase"] == "Left side hold"
    assert 0.05 < final[0]["progress"] < 0.3  # about 1 s of 8 s of holding
    assert process.exited.wait(10)  # on SIGTERM the window reports its own cancel, then exits
    assert not process.alive()


def test_a_bad_routine_is_reported_and_its_reason_kept(display: str, tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('title = "Bad"\n[[phase]]\nkind = "hold"\ntitle = "x"\n', "utf-8")
    process, recorder = start(StretchArgs(routine="bad", routines_dir=tmp_path, sound=False), display)
    assert process.wait(10)
    assert recorder.events == [
        {"event": "cancelled", "progress": 0.0, "phase": "", "reason": "window process ended"}
    ]
    assert "bad.toml line 2: phase 'hold' needs a 'side' of left/right" in process.error


def test_raise_window_keeps_the_stretch_running(display: str) -> None:
    process, recorder = start(StretchArgs(hold=5, prepare=5, sound=False), display)
    recorder.wait("started")
    process.raise_window()
    process.raise_window()
    threading.Event().wait(0.3)
    assert process.alive() and recorder.finals() == []
    process.terminate()
    assert process.wait(10)


def _wait_dead(process: StretchProcess) -> bool:
    deadline = threading.Event()
    for _ in range(100):
        if not process.alive():
            return True
        deadline.wait(0.05)
    return False


def test_importing_the_launcher_loads_no_gui_library() -> None:
    code = (
        "import sys, hipbreak.adapters.stretch_process, hipbreak.core.routine,"
        " hipbreak.core.stretch_session\n"
        "bad = {'tkinter', 'PIL', 'pystray', 'plyer', 'apscheduler', 'sqlite3'} & set(sys.modules)\n"
        "print(sorted(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
