"""The pending queue file: durable lines, 0600, unreadable lines set aside (never lost), readers' view."""

from __future__ import annotations

import logging
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from hipbreak.adapters.history import History
from hipbreak.adapters.history_queue import Pending, PendingQueue, WithPending, queue_path
from hipbreak.core.events import Event

ZONE = timezone(timedelta(hours=-5))


def _at(hour: int, day: int = 24) -> datetime:
    return datetime(2026, 11, day, hour, 30, tzinfo=ZONE)


def test_the_queue_lives_beside_the_history_and_only_its_owner_may_read_it(tmp_path: Path) -> None:
    path = queue_path(tmp_path / "data" / "history.db")
    assert path == tmp_path / "data" / "history-pending.jsonl"
    item = Pending.new(Event("stretch_completed", _at(23), {"seconds": 61.5}))
    PendingQueue(path).append(item)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert PendingQueue(path).read() == [item]
    back = PendingQueue(path).read()[0].event
    assert back.at == _at(23) and back.at.utcoffset() == timedelta(hours=-5) and back.day == "2026-11-24"


def test_unreadable_lines_are_skipped_with_one_log_line_and_the_file_kept_aside(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "history-pending.jsonl"
    good = [Pending.new(Event("stretch_completed", _at(9))), Pending.new(Event("snoozed", _at(10)))]
    raw = (
        good[0].to_line()
        + b"this is no json\n"
        + b'{"uid": "x", "kind": "dancing", "ts": 1, "utc_offset": 0, "data": {}}\n'
        + b"\xff\xfe\n"
        + good[1].to_line()
        + b'{"uid": "half a line'  # a crash mid-write
    )
    path.write_bytes(raw)
    queue = PendingQueue(path)
    assert queue.read() == good  # readers skip, and change nothing
    assert path.read_bytes() == raw
    with caplog.at_level(logging.WARNING, logger="hipbreak.adapters.history_queue"):
        assert queue.load() == good
    assert len(caplog.records) == 1 and "4 unreadable line(s)" in caplog.records[0].getMessage()
    kept = list(tmp_path.glob("history-pending.jsonl.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == raw
    assert str(kept[0]) in caplog.records[0].getMessage()
    assert path.read_bytes() == b"".join(item.to_line() for item in good)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="hipbreak.adapters.history_queue"):
        assert queue.load() == good  # set aside once, not on every read
    assert caplog.records == []
    queue.append(Pending.new(Event("skipped", _at(11))))
    assert [item.event.kind for item in queue.read()] == ["stretch_completed", "snoozed", "skipped"]


def test_drain_empties_the_file_only_when_saving_succeeded(tmp_path: Path) -> None:
    queue = PendingQueue(tmp_path / "q.jsonl")
    item = Pending.new(Event("stretch_completed", _at(9)))
    queue.append(item)

    def refuse(items: list[Pending]) -> None:
        raise RuntimeError("busy")

    with pytest.raises(RuntimeError):
        queue.drain(refuse)
    assert queue.read() == [item]
    taken: list[Pending] = []
    queue.drain(taken.extend)
    assert taken == [item] and queue.read() == []
    queue.drain(taken.extend)
    assert taken == [item]


def test_readers_count_waiting_events_once_even_after_a_crash_left_them_saved(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    history = History.open(db)
    history.record(Event("stretch_completed", _at(8)))
    saved_twice = Pending.new(Event("stretch_completed", _at(9)))
    history.record(saved_twice.event, saved_twice.uid)
    queue = PendingQueue(queue_path(db))
    queue.append(saved_twice)  # saved, but the crash came before the queue was emptied
    queue.append(Pending.new(Event("stretch_completed", _at(10))))
    queue.append(Pending.new(Event("stretch_completed", _at(1, day=25))))
    view = WithPending.read(history, db)
    assert view.count("stretch_completed", "2026-11-24") == 3
    assert view.waiting_count("stretch_completed", "2026-11-24") == 1
    assert [e.at.hour for e in view.events("2026-11-24", "2026-11-25")] == [8, 9, 10, 1]
    history.close()
    alone = WithPending.read(None, db)  # the database cannot be opened: the queue alone
    assert alone.count("stretch_completed", "2026-11-24") == 2
