"""Crashes: the app killed with SIGKILL mid-burst, and the stretch window process killed mid-stretch."""

from __future__ import annotations

import os
import random
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from desktop import Desktop, wait_for
from fault_harness import (
    children,
    cli,
    events,
    history_file,
    integrity,
    kill_hard,
    log_file,
    start_app,
    status,
    write_config,
)

# Each CLI command that the app acknowledges (exit 0) records one event of this kind.
BURST = (("snooze", "1m"), ("skip",), ("pause", "1m"), ("resume",))
RECORDED = {"snooze": "snoozed", "skip": "skipped", "pause": "paused", "resume": "resumed"}
ROUNDS = 10


@dataclass(frozen=True)
class Ack:
    """One command the app acknowledged: the event kind it promised and when it was asked and answered."""

    kind: str
    sent: float
    answered: float


def drive(desktop: Desktop, app: Path, stop: threading.Event, acks: list[Ack], lock: threading.Lock) -> None:
    """Run the burst commands in a loop until `stop`, keeping each acknowledged one in `acks`."""
    step = random.randrange(len(BURST))
    while not stop.is_set():
        command = BURST[step % len(BURST)]
        step += 1
        sent = time.time()
        run = cli(desktop, app, *command, timeout=10)
        if run.returncode == 0:
            with lock:
                acks.append(Ack(RECORDED[command[0]], sent, time.time()))


def unmatched(acks: list[Ack], path: Path) -> list[Ack]:
    """The acknowledged commands with no event of their kind recorded between asking and answering."""
    missing = []
    for kind in RECORDED.values():
        times = [ts for _id, ts, _kind in events(path, kind)]
        used: set[int] = set()
        for ack in sorted((a for a in acks if a.kind == kind), key=lambda a: a.answered):
            # One second of slack each way: the app dates an event with its own clock read.
            match = next(
                (i for i, ts in enumerate(times) if i not in used and ack.sent - 1 <= ts <= ack.answered + 1),
                None,
            )
            if match is None:
                missing.append(ack)
            else:
                used.add(match)
    return missing


def test_kill_9_mid_burst_keeps_the_database_sound_and_every_acknowledged_event(
    desktop: Desktop, app_command: Path
) -> None:
    """SIGKILL mid-burst of CLI commands, 10 times: integrity_check passes, no acknowledged event is lost."""
    write_config(desktop, '[reminders]\nevery = "45m"\nidle_reset = "0"\n')
    path = history_file(desktop)
    acks: list[Ack] = []
    lock = threading.Lock()
    rng = random.Random(20240917)
    for round_number in range(ROUNDS):
        name = f"hipbreak-{round_number}"
        process = start_app(desktop, app_command, name=name, docked=round_number == 0)
        stop = threading.Event()
        workers = [
            threading.Thread(target=drive, args=(desktop, app_command, stop, acks, lock)) for _ in range(2)
        ]
        before = len(acks)
        for worker in workers:
            worker.start()
        # Kill once a few commands went through, at a random moment within the burst.
        wait_for(lambda: len(acks) >= before + 2, timeout=15, message="the burst gets going")  # noqa: B023
        time.sleep(rng.uniform(0.0, 0.6))
        kill_hard(process)
        stop.set()
        for worker in workers:
            worker.join(timeout=15)
        assert integrity(path) == "ok", f"round {round_number}"
        assert not unmatched(acks, path), f"round {round_number}: acknowledged events lost"
    print(f"{len(acks)} acknowledged events over {ROUNDS} kills, all recorded")
    assert len(acks) >= 3 * ROUNDS


def stretch_pid(app_pid: int) -> int | None:
    """The pid of the app's stretch window process, if one runs."""
    for pid, cmdline in children(app_pid):
        if "-m hipbreak.ui.stretch" in cmdline:
            return pid
    return None


def test_stretch_window_killed_mid_stretch_is_never_a_completed_break(
    desktop: Desktop, app_command: Path
) -> None:
    """SIGKILL of the stretch window: cancelled or not recorded, never completed; the app lives on."""
    write_config(
        desktop, '[reminders]\nevery = "45m"\nidle_reset = "0"\n[stretch]\nhold = "30s"\nprepare = "0"\n'
    )
    process = start_app(desktop, app_command)
    path = history_file(desktop)
    for attempt in range(2):
        run = cli(desktop, app_command, "stretch")
        assert run.returncode == 0, run.stderr
        wait_for(
            lambda: status(desktop, app_command)["state"] == "stretching",
            timeout=15,
            message="the app hears that the stretch started",
        )
        window = wait_for(lambda: stretch_pid(process.pid), timeout=5, message="the stretch process")
        os.kill(window, signal.SIGKILL)
        wait_for(
            lambda: status(desktop, app_command)["state"] != "stretching",
            timeout=10,
            message="the app hears that the stretch ended",
        )
        assert events(path, "stretch_completed") == [], f"attempt {attempt}"
        assert len(events(path, "stretch_cancelled")) <= attempt + 1
        data = status(desktop, app_command)
        assert data["running"] is True and data["breaks_today"] == 0
        assert process.poll() is None
        assert len(desktop.tray_icons()) == 1
    # The second attempt showed that a killed window blocks no later stretch; the log says what happened.
    assert "ended early" in log_file(desktop).read_text()
