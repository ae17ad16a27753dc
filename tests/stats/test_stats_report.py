"""report() on the generated history in its three formats."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from hipbreak.adapters.history import History
from hipbreak.cli.stats_report import CSV_FIELDS, report


def run(generated, days: int, fmt: str, today: date | None = None) -> str:
    out = io.StringIO()
    report(generated.history, today or generated.today, days, generated.goal, fmt, out)
    return out.getvalue()


def test_json_has_the_days_oldest_first_the_streak_and_the_goal(generated) -> None:
    document = json.loads(run(generated, 7, "json"))
    assert document["streak"] == 12
    assert document["daily_goal"] == 6
    days = document["days"]
    assert [d["day"] for d in days] == [f"2026-11-{n:02d}" for n in range(9, 16)]
    assert days[-1] == {
        "day": "2026-11-15",
        "completed": 3,
        "cancelled": 1,
        "reminders": 1,
        "snoozes": 0,
        "skips": 0,
        "away_breaks": 0,
        "longest_sitting_seconds": 50 * 60,
        "goal_met": False,
        "held": 0,
        "call_seconds": 0,
    }
    assert all(d["goal_met"] is True and d["completed"] == 6 for d in days[:-1])


def test_csv_has_the_header_and_one_row_per_day(generated) -> None:
    rows = list(csv.reader(io.StringIO(run(generated, 30, "csv"))))
    assert tuple(rows[0]) == CSV_FIELDS
    assert len(rows) == 31
    assert rows[1][0] == "2026-10-17"
    assert rows[-1] == ["2026-11-15", "3", "1", "1", "0", "0", "0", "3000", "false", "0", "0"]
    autumn = next(r for r in rows if r[0] == "2026-10-25")
    assert autumn == ["2026-10-25", "1", "1", "0", "0", "1", "1", "10800", "false", "0", "0"]


def test_text_is_a_table_newest_first_with_totals_and_the_streak(generated) -> None:
    text = run(generated, 7, "text")
    lines = text.splitlines()
    assert lines[0] == "Breaks from 2026-11-09 to 2026-11-15 (goal: 6 stretches a day)"
    header = lines[2]
    assert header.split()[:3] == ["Day", "Stretches", "Cancelled"]
    rows = lines[3:10]
    # The days of one year leave the year out: the heading above names it.
    assert [r.split()[1:3] for r in rows] == [["Nov", str(n)] for n in range(15, 8, -1)]
    assert rows[0].split()[:7] == ["Sun", "Nov", "15", "3", "1", "1", "0"]
    assert rows[0].endswith("50 min       -     0         -")  # no reminder held, no call
    # Right-aligned numbers: every row is as wide as the header.
    assert {len(r) for r in rows[1:]} == {len(header)}
    totals = lines[11]
    assert totals.split()[:3] == ["Total", str(6 * 6 + 3), "1"]
    assert totals.split()[-5:-2] == ["6", "of", "7"] and totals.endswith("0         -")
    assert lines[-1] == "Streak: 12 days in a row with 6 stretches or more"


def test_a_day_without_a_streak_says_how_to_start_one(generated) -> None:
    text = run(generated, 7, "text", today=date(2026, 11, 2))
    assert text.splitlines()[-1] == "Streak: none yet; a day with 6 stretches starts one"


def test_an_empty_history_reports_zeros(tmp_path) -> None:
    history = History.open(tmp_path / "empty.db")
    out = io.StringIO()
    report(history, date(2026, 5, 10), 3, 8, "json", out)
    document = json.loads(out.getvalue())
    assert [d["completed"] for d in document["days"]] == [0, 0, 0]
    assert document["streak"] == 0
    history.close()


@pytest.mark.parametrize(
    ("days", "fmt", "message"), [(7, "xml", "unknown format"), (0, "text", "at least 1")]
)
def test_bad_arguments_are_refused(generated, days: int, fmt: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        run(generated, days, fmt)


def test_held_reminders_and_time_in_calls_are_counted(tmp_path) -> None:
    from datetime import datetime, timedelta, timezone

    from hipbreak.core.events import Event

    zone = timezone(timedelta(hours=1))
    history = History.open(tmp_path / "calls.db")
    at = datetime(2026, 5, 10, 10, 0, tzinfo=zone)
    call = {"reason": "call", "start": at.isoformat(), "end": (at + timedelta(minutes=70)).isoformat()}
    history.record(Event("held", at + timedelta(minutes=20), {"reason": "call", "due": at.isoformat()}))
    history.record(Event("hold_ended", at + timedelta(minutes=70), {**call, "seconds": 4200.0}))
    screen = {"reason": "fullscreen", "start": at.isoformat(), "end": at.isoformat(), "seconds": 600.0}
    history.record(Event("hold_ended", at + timedelta(hours=2), screen))  # not a call
    out = io.StringIO()
    report(history, date(2026, 5, 10), 1, 8, "json", out)
    [day] = json.loads(out.getvalue())["days"]
    assert (day["held"], day["call_seconds"]) == (1, 4200)
    text = io.StringIO()
    report(history, date(2026, 5, 10), 1, 8, "text", text)
    assert text.getvalue().splitlines()[3].endswith("1  1 h 10 min")


def test_a_table_across_new_year_keeps_each_days_year(tmp_path) -> None:
    history = History.open(tmp_path / "empty.db")
    out = io.StringIO()
    report(history, date(2027, 1, 2), 5, 8, "text", out)
    history.close()
    days = [line.split()[:2] for line in out.getvalue().splitlines()[3:8]]
    assert days == [
        ["Sat", "2027-01-02"],
        ["Fri", "2027-01-01"],
        ["Thu", "2026-12-31"],
        ["Wed", "2026-12-30"],
        ["Tue", "2026-12-29"],
    ]
