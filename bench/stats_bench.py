"""How long the statistics report takes as the history grows: run `python -m bench.stats_bench`."""

from __future__ import annotations

import argparse
import io
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from hipbreak.adapters.history import History
from hipbreak.cli.stats_report import report

ZONE = ZoneInfo("Europe/Berlin")
Row = tuple[float, int, str, str, str]


def _row(kind: str, at: datetime, data: dict[str, object] | None = None) -> Row:
    offset = at.utcoffset() or timedelta(0)
    return (at.timestamp(), int(offset.total_seconds()), at.date().isoformat(), kind, json.dumps(data or {}))


def _work_day(day: date, rng: random.Random) -> list[Row]:
    """One plausible working day: a run from morning to evening with reminders every 45 minutes."""
    clock = datetime(day.year, day.month, day.day, 8, rng.randrange(60), tzinfo=ZONE)
    rows = [_row("app_started", clock)]
    for _ in range(rng.randint(8, 12)):
        clock += timedelta(minutes=45)
        rows.append(_row("reminded", clock))
        roll = rng.random()
        if roll < 0.15:
            rows.append(_row("repeated", clock + timedelta(minutes=5), {"count": 1}))
            rows.append(_row("skipped", clock + timedelta(minutes=6)))
        elif roll < 0.35:
            rows.append(_row("snoozed", clock + timedelta(minutes=1), {"seconds": 300}))
            clock += timedelta(minutes=5)
            rows.append(_row("reminded", clock))
        if roll >= 0.15:
            rows.append(_row("stretch_started", clock + timedelta(minutes=1)))
            if rng.random() < 0.1:
                progress = {"progress": 0.4, "phase": "left", "reason": "closed"}
                rows.append(_row("stretch_cancelled", clock + timedelta(minutes=2), progress))
            else:
                rows.append(_row("stretch_completed", clock + timedelta(minutes=2), {"seconds": 70}))
        if rng.random() < 0.1:
            start, end = clock + timedelta(minutes=10), clock + timedelta(minutes=40)
            rows.append(
                _row("away", end, {"start": start.isoformat(), "end": end.isoformat(), "sleep": False})
            )
    rows.append(_row("app_stopped", clock + timedelta(minutes=30)))
    return rows


def generate_rows(count: int, last_day: date, seed: int = 7) -> Iterator[Row]:
    """Yield exactly `count` event rows of working days ending at `last_day`, newest day first."""
    rng = random.Random(seed)
    day = last_day
    left = count
    while left > 0:
        if day.weekday() < 5:
            rows = _work_day(day, rng)[:left]
            left -= len(rows)
            yield from rows
        day -= timedelta(days=1)


def fill_history(path: Path, count: int, last_day: date, seed: int = 7) -> None:
    """Create the history at `path` with `count` generated events, written in one transaction."""
    History.open(path).close()  # the real schema and index
    db = sqlite3.connect(path)
    with db:
        db.executemany(
            "INSERT INTO events (ts, utc_offset, day, kind, data) VALUES (?, ?, ?, ?, ?)",
            generate_rows(count, last_day, seed),
        )
    db.close()


def _oldest_day(path: Path) -> date:
    db = sqlite3.connect(path)
    try:
        return date.fromisoformat(db.execute("SELECT MIN(day) FROM events").fetchone()[0])
    finally:
        db.close()


def query_plan(path: Path) -> str:
    """Return SQLite's plan for the report's range query, to show that it uses the (day, kind) index."""
    db = sqlite3.connect(path)
    try:
        rows = db.execute(
            "EXPLAIN QUERY PLAN SELECT ts, utc_offset, kind, data FROM events "
            "WHERE day BETWEEN ? AND ? ORDER BY ts, id",
            ("2026-01-01", "2026-01-31"),
        ).fetchall()
    finally:
        db.close()
    return "; ".join(str(row[-1]) for row in rows)


def time_report(history: History, today: date, days: int, repeats: int) -> float:
    """Return the median seconds of `repeats` text reports of `days` days."""
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        report(history, today, days, 8, "text", io.StringIO())
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def run(
    sizes: Sequence[int] = (10_000, 100_000, 1_000_000),
    ranges: Sequence[int] = (7, 30),
    repeats: int = 5,
    out: TextIO = sys.stdout,
) -> list[dict[str, float]]:
    """Time report() for each history size and day range, print a table to `out`, and return the rows."""
    today = date.today()  # a benchmark, not the core: the real date keeps the data plausible
    results = []
    plan = ""
    header = f"{'events':>10}  {'years':>5}  {'db MB':>6}  {'fill s':>6}" + "".join(
        f"  {f'{n} days ms':>11}" for n in ranges
    )
    out.write(header + "\n")
    with tempfile.TemporaryDirectory(prefix="hipbreak-bench-") as folder:
        for size in sizes:
            path = Path(folder) / f"history-{size}.db"
            started = time.perf_counter()
            fill_history(path, size, today)
            filled = time.perf_counter() - started
            years = (today - _oldest_day(path)).days / 365.25
            history = History.open(path)
            row: dict[str, float] = {"events": size, "years": years, "fill_s": filled}
            row["db_mb"] = path.stat().st_size / 1e6
            for days in ranges:
                row[f"{days}_days_ms"] = time_report(history, today, days, repeats) * 1000
            history.close()
            results.append(row)
            plan = query_plan(path)
            out.write(
                f"{size:>10,}  {years:>5.1f}  {row['db_mb']:>6.1f}  {filled:>6.1f}"
                + "".join(f"  {row[f'{n}_days_ms']:>11.2f}" for n in ranges)
                + "\n"
            )
    out.write(f"(median of {repeats} runs of report(), text format; query plan: {plan})\n")
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    run(args.sizes, repeats=args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
