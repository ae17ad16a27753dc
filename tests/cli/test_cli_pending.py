"""`hipbreak status` and `stats` without the app count the breaks still waiting beside the history."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

from temp_env import temp_env

from hipbreak.adapters.history import History
from hipbreak.adapters.history_queue import Pending, PendingQueue, queue_path
from hipbreak.cli.main import ExitStatus, main
from hipbreak.core.events import Event
from hipbreak.environment import Environment


def make_env(root: Path) -> Environment:
    return temp_env(root, {"HOME": str(root)}, stdout=io.StringIO(), stderr=io.StringIO())


def text(stream: object) -> str:
    assert isinstance(stream, io.StringIO)
    return stream.getvalue()


def _one_saved_one_waiting(env: Environment) -> None:
    now = datetime.now().astimezone()
    history = History.open(env.history_file)
    history.record(Event("stretch_completed", now))
    history.close()
    PendingQueue(queue_path(env.history_file)).append(Pending.new(Event("stretch_completed", now)))


def test_status_without_the_app_counts_a_waiting_break_and_says_it_waits(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    _one_saved_one_waiting(env)
    assert main(["status"], env) == ExitStatus.NOT_RUNNING
    assert text(env.stdout).strip() == (
        "hipbreak is not running. Breaks today: 2. "
        "One of them is waiting to be saved in the history; hipbreak saves it when it next starts."
    )
    json_env = make_env(tmp_path)
    assert main(["status", "--json"], json_env) == ExitStatus.NOT_RUNNING
    data = json.loads(text(json_env.stdout))
    assert data["breaks_today"] == 2 and data["breaks_pending"] == 1


def test_status_without_the_app_counts_waiting_breaks_when_the_history_is_gone(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    _one_saved_one_waiting(env)
    env.history_file.unlink()
    assert main(["status", "--json"], env) == ExitStatus.NOT_RUNNING
    assert json.loads(text(env.stdout))["breaks_today"] == 1


def test_stats_count_waiting_breaks_and_say_so(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    _one_saved_one_waiting(env)
    assert main(["stats", "--days", "1", "--json"], env) == ExitStatus.OK
    days = json.loads(text(env.stdout))["days"]
    assert days[-1]["completed"] == 2
    assert text(env.stderr).strip() == (
        "hipbreak: 1 event is waiting to be saved in the history; it is counted here."
    )
