"""The outcome file and the history together: real files, real processes, each stretch recorded once."""

from __future__ import annotations

import logging
import stat
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlite_locker import Locker

import hipbreak
from hipbreak.adapters.history import History
from hipbreak.adapters.history_keeper import HistoryKeeper
from hipbreak.adapters.stretch_outcomes import OutcomeFile, new_stretch_id, outcome_uid, record_outcome

HIPBREAK_HOME = Path(hipbreak.__file__).resolve().parents[1]
ZONE = timezone(timedelta(hours=1))


def outcome(stretch_id: str, event: str = "completed") -> dict[str, Any]:
    return {"event": event, "stretch_id": stretch_id, "at": "2026-11-24T10:00:00+01:00", "seconds": 60.0}


def test_appended_lines_are_private_and_settle_drops_only_what_was_taken(tmp_path: Path) -> None:
    file = OutcomeFile(tmp_path / "data" / "outcomes.jsonl")  # the folder does not exist yet
    for name in ("a", "b", "c"):
        file.append(outcome(name))
    assert stat.S_IMODE(file.path.stat().st_mode) == 0o600
    seen: list[str] = []

    def take(record: dict[str, Any]) -> bool:
        seen.append(record["stretch_id"])
        return record["stretch_id"] != "b"

    assert file.settle(take) == 2
    assert seen == ["a", "b", "c"]
    assert file.settle(lambda record: True) == 1  # "b" waited for the next time
    assert file.path.read_bytes() == b""
    assert file.settle(lambda record: pytest.fail("an empty file hands nothing out")) == 0


def test_a_missing_file_settles_nothing(tmp_path: Path) -> None:
    assert OutcomeFile(tmp_path / "none.jsonl").settle(lambda record: True) == 0


def test_damaged_and_foreign_lines_are_dropped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    file = OutcomeFile(tmp_path / "outcomes.jsonl")
    file.path.write_bytes(
        b'{"event": "completed", "stretch_id": "x", "at": "2026-11-24T10:00:00+01:00"}\n'
        b'{"event": "comple\n'  # cut off mid-line
        b'{"event": "started", "stretch_id": "y", "at": "2026-11-24T10:00:00+01:00"}\n'
        b'{"event": "completed", "stretch_id": "", "at": "2026-11-24T10:00:00+01:00"}\n'
        b'{"event": "completed", "stretch_id": "z", "at": "yesterday"}\n'
        b"\xff\xfe\n"
    )
    taken: list[str] = []
    with caplog.at_level(logging.WARNING):
        file.settle(lambda record: taken.append(record["stretch_id"]) is None)
    assert taken == ["x"]
    assert len([r for r in caplog.records if "damaged line" in r.getMessage()]) == 5
    assert file.path.read_bytes() == b""


def test_recording_an_outcome_twice_records_it_once(tmp_path: Path) -> None:
    keeper = HistoryKeeper.open(tmp_path / "history.db", lambda: datetime(2026, 11, 24, 10, 5, tzinfo=ZONE))
    try:
        first, second = new_stretch_id(), new_stretch_id()
        assert first != second and keeper.knows(outcome_uid(first)) is False
        assert record_outcome(keeper, outcome(first), ZONE)
        assert record_outcome(keeper, outcome(first), ZONE)
        assert record_outcome(keeper, outcome(second, "cancelled"), ZONE)
        assert keeper.knows(outcome_uid(first)) and keeper.knows(outcome_uid(second))
        assert keeper.count("stretch_completed", "2026-11-24") == 1
        assert keeper.count("stretch_cancelled", "2026-11-24") == 1
    finally:
        keeper.close()


def test_an_outcome_waiting_behind_a_locked_history_is_not_counted_twice(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    History.open(path).close()
    now = [datetime(2026, 11, 24, 10, 5, tzinfo=ZONE)]
    keeper = HistoryKeeper.open(path, lambda: now[0], busy_timeout=0.2)
    try:
        line = outcome(new_stretch_id())
        with Locker(path):
            assert record_outcome(keeper, line, ZONE)  # waits in the keeper's queue
            assert keeper.waiting("stretch_completed") == 1
            assert record_outcome(keeper, line, ZONE)  # the same line again: already waiting
            assert keeper.count("stretch_completed", "2026-11-24") == 1
        now[0] += timedelta(seconds=5)
        keeper.retry()
        assert keeper.waiting() == 0
        assert record_outcome(keeper, line, ZONE)
        assert keeper.count("stretch_completed", "2026-11-24") == 1
    finally:
        keeper.close()


# A window's part: append `count` outcomes, each with its own id.
APPENDER = """
import sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from hipbreak.adapters.stretch_outcomes import OutcomeFile
file = OutcomeFile(Path(sys.argv[2]))
for n in range(int(sys.argv[4])):
    file.append({"event": "completed", "stretch_id": f"{sys.argv[3]}-{n}", "at": "2026-11-24T10:00:00+01:00"})
"""


def test_lines_appended_while_others_settle_are_each_taken_exactly_once(tmp_path: Path) -> None:
    path = tmp_path / "outcomes.jsonl"
    writers = [
        subprocess.Popen([sys.executable, "-c", APPENDER, str(HIPBREAK_HOME), str(path), f"w{w}", "150"])
        for w in range(4)
    ]
    taken: list[str] = []
    file = OutcomeFile(path)
    while any(writer.poll() is None for writer in writers):
        file.settle(lambda record: taken.append(record["stretch_id"]) is None)
    file.settle(lambda record: taken.append(record["stretch_id"]) is None)
    assert [writer.returncode for writer in writers] == [0, 0, 0, 0]
    assert sorted(taken) == sorted(f"w{w}-{n}" for w in range(4) for n in range(150))
