"""The SQLite history against a real database file: schema, WAL, counts, corruption, other readers."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from hipbreak.adapters.history import SCHEMA_VERSION, History, HistoryError
from hipbreak.core.events import Event

BERLIN_WINTER = timezone(timedelta(hours=1))


def _at(hour: int, minute: int = 0, day: int = 24) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN_WINTER)


def test_a_new_history_is_versioned_and_in_wal_mode(tmp_path: Path) -> None:
    history = History.open(tmp_path / "deep" / "history.db")
    history.close()
    raw = sqlite3.connect(tmp_path / "deep" / "history.db")
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.close()


def test_counts_are_per_local_calendar_day(tmp_path: Path) -> None:
    history = History.open(tmp_path / "h.db")
    # 23:30 local on the 24th is already the 25th in UTC+0 terms only if offsets were ignored.
    history.record(Event("stretch_completed", _at(23, 30)))
    history.record(Event("stretch_completed", _at(0, 15, day=25)))
    history.record(Event("stretch_cancelled", _at(0, 20, day=25)))
    assert history.count("stretch_completed", "2026-11-24") == 1
    assert history.count("stretch_completed", "2026-11-25") == 1
    events = list(history.events("2026-11-25", "2026-11-25"))
    assert [e.kind for e in events] == ["stretch_completed", "stretch_cancelled"]
    assert events[0].at == _at(0, 15, day=25)
    assert events[0].at.utcoffset() == timedelta(hours=1)
    history.close()


def test_another_connection_reads_what_was_written_while_open(tmp_path: Path) -> None:
    writer = History.open(tmp_path / "h.db")
    reader = History.open(tmp_path / "h.db")
    writer.record(Event("stretch_completed", _at(10)))
    assert reader.count("stretch_completed", "2026-11-24") == 1
    writer.close()
    reader.close()


def test_state_round_trips_and_is_replaced(tmp_path: Path) -> None:
    history = History.open(tmp_path / "h.db")
    assert history.load_state("reminders") is None
    history.save_state("reminders", {"due_at": "x", "n": 1})
    history.save_state("reminders", {"due_at": "y", "n": 2})
    assert history.load_state("reminders") == {"due_at": "y", "n": 2}
    history.close()


def test_a_corrupt_file_is_moved_aside_with_a_timestamp_and_a_new_one_starts(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    path.write_bytes(b"\x00garbage that is no sqlite file" * 200)
    history = History.open(path, now=datetime(2026, 11, 24, 12, 0, 5, tzinfo=timezone.utc))
    assert history.moved_aside == tmp_path / "h.db.corrupt-20261124-120005"
    assert history.moved_aside.read_bytes().startswith(b"\x00garbage")
    history.record(Event("reminded", _at(12)))
    assert history.integrity_ok()
    history.close()


def test_a_history_from_a_newer_version_is_refused_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(HistoryError, match="newer hipbreak"):
        History.open(path)


def test_an_unwritable_data_folder_gives_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(HistoryError, match="cannot create the data folder"):
        History.open(blocker / "hipbreak" / "history.db")


def test_last_event_finds_the_newest_of_the_kinds(tmp_path: Path) -> None:
    history = History.open(tmp_path / "h.db")
    assert history.last_event(("reminded",)) is None
    history.record(Event("reminded", _at(9)))
    history.record(Event("snoozed", _at(10), {"seconds": 300}))
    history.record(Event("reminded", _at(11)))
    newest = history.last_event(("reminded", "snoozed"))
    assert newest is not None and newest.kind == "reminded" and newest.at == _at(11)
    history.close()


def test_a_history_of_schema_1_gains_event_ids_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA journal_mode = WAL")
    raw.executescript(
        "CREATE TABLE events (id INTEGER PRIMARY KEY, ts REAL NOT NULL, utc_offset INTEGER NOT NULL,"
        " day TEXT NOT NULL, kind TEXT NOT NULL, data TEXT NOT NULL DEFAULT '{}');"
        "CREATE INDEX events_day_kind ON events (day, kind);"
        "CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "INSERT INTO events (ts, utc_offset, day, kind) VALUES (1795000000, 3600, '2026-11-24', 'skipped');"
        "PRAGMA user_version = 1;"
    )
    raw.close()
    history = History.open(path)
    assert history.count("skipped", "2026-11-24") == 1
    history.record(Event("stretch_completed", _at(10)), uid="a1")
    assert history.saved_uids(["a1", "b2"]) == {"a1"}
    history.close()
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    raw.close()


def test_an_event_saved_twice_under_one_id_is_one_row(tmp_path: Path) -> None:
    history = History.open(tmp_path / "h.db")
    event = Event("stretch_completed", _at(10))
    history.record(event, uid="same")
    history.record_all([("same", event), ("other", event), (None, event), (None, event)])
    assert history.count("stretch_completed", "2026-11-24") == 4  # rows without an id are never merged
    history.close()


def test_a_history_deleted_or_replaced_under_an_open_connection_is_noticed(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    history = History.open(path)
    assert not history.replaced()
    path.rename(tmp_path / "moved.db")
    assert history.replaced()
    History.open(path).close()  # another file under the old name
    assert history.replaced()
    history.close()
