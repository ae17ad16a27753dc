"""The figures against their targets, as the Markdown tables bench.run prints and docs/benchmarks.md shows."""

from __future__ import annotations

from typing import Any

from bench import report
from bench.report import Row, number, verdict

TARGETS = {
    "dock_s": 1.0,
    "pss_ratio": 1.3,
    "switches_per_min": 4.0,
    "cpu_s_per_min": 0.05,
    "window_ms": 400.0,
    "p99_ms": 1000.0,
    "growth_mb": 2.0,
    "stats_ms": 50.0,
}


def table(results: dict[str, Any]) -> str:
    """The figures table: hipbreak, the target, the verdict, and the other subjects beside it."""
    subjects = results["subjects"]
    others = [key for key in subjects if key != "hipbreak"]
    labels = [subjects[key]["label"] for key in others]

    def med(key: str, name: str) -> float | None:
        value = subjects[key].get(name)
        return None if value is None else float(value["median"])

    def peer_cells(name: str, digits: int) -> tuple[str, ...]:
        cells = []
        for key in others:
            value = med(key, name)
            cells.append(
                "no menu"
                if name == "window_ms" and value is None and key == "floor-xorg"
                else number(value, digits)
            )
        return tuple(cells)

    def judged(name: str, limit: float) -> str:
        value = med("hipbreak", name)
        return verdict(None if value is None else value <= limit)

    rows = [
        Row(
            "1. start → icon docked (s)",
            number(med("hipbreak", "dock_s"), 2),
            "≤ 1",
            judged("dock_s", TARGETS["dock_s"]),
            peer_cells("dock_s", 2),
        ),
        Row(
            "2. RSS 10 s after docking (MB)",
            number(med("hipbreak", "rss_mb")),
            "",
            "",
            peer_cells("rss_mb", 1),
        ),
    ]
    floor = med("floor-gtk", "pss_mb") if "floor-gtk" in subjects else None
    pss = med("hipbreak", "pss_mb")
    limit = None if floor is None else floor * TARGETS["pss_ratio"]
    ratio = "" if floor is None or pss is None else f"({pss / floor:.2f} ×)"
    rows.append(
        Row(
            "2. PSS 10 s after docking (MB)",
            number(pss),
            f"≤ 1.3 × floor = {number(limit)}",
            verdict(None if limit is None or pss is None else pss <= limit, ratio),
            peer_cells("pss_mb", 1),
        )
    )
    rows.append(
        Row(
            "3. idle CPU (s per min)",
            number(med("hipbreak", "cpu_s_per_min"), 3),
            "≤ 0.05",
            judged("cpu_s_per_min", TARGETS["cpu_s_per_min"]),
            peer_cells("cpu_s_per_min", 3),
        )
    )
    rows.append(
        Row(
            "3. idle wake-ups (context switches per min)",
            number(med("hipbreak", "switches_per_min")),
            "≤ 4",
            judged("switches_per_min", TARGETS["switches_per_min"]),
            peer_cells("switches_per_min", 1),
        )
    )
    rows.append(
        Row(
            "4. menu click → window mapped (ms)",
            number(med("hipbreak", "window_ms"), 0),
            "≤ 400",
            judged("window_ms", TARGETS["window_ms"]),
            peer_cells("window_ms", 0),
        )
    )
    late = results["punctuality"]["from_start_ms"]
    rows.append(
        Row(
            "5. reminder lateness p50 / p99 (ms)",
            f"{late['p50']:.1f} / {late['p99']:.1f}",
            "p99 ≤ 1000",
            verdict(late["p99"] <= TARGETS["p99_ms"]),
        )
    )
    rows.append(Row("6. 24 simulated hours, core + history (s)", number(results["day"]["seconds"], 2)))
    rows.append(_growth_row(results["soak"]))
    stats = results["stats"]["rows"]
    worst = [max(row["7_days_ms"], row["30_days_ms"]) for row in stats]
    at_million = next((w for row, w in zip(stats, worst, strict=True) if row["events"] == 1_000_000), None)
    rows.append(
        Row(
            "7. stats report, 10k / 100k / 1M events (ms)",
            " / ".join(f"{w:.1f}" for w in worst),
            "≤ 50 at 1M",
            verdict(None if at_million is None else at_million <= TARGETS["stats_ms"]),
        )
    )
    return report.markdown(rows, labels)


def _growth_row(soak: dict[str, Any]) -> Row:
    if "growth_pss_mb" not in soak:
        return Row(
            "6. memory growth over reminder cycles (MB)",
            "—",
            "≤ 2 per 1,000",
            verdict(None, soak.get("problem") or ""),
        )
    first, last = soak["snapshots"][0]["cycles"], soak["snapshots"][1]["cycles"]
    growth = soak["growth_pss_mb"]
    # A shorter soak (--quick) is judged on the growth it would reach over the same 900 cycles.
    scaled = growth * 900 / max(1, last - first)
    note = "" if last >= 1000 else "(scaled to 900 cycles)"
    return Row(
        f"6. PSS growth, cycle {first} → {last} (MB)",
        f"{growth:+.2f}",
        "≤ 2",
        verdict(scaled <= TARGETS["growth_mb"], note),
    )


def details(results: dict[str, Any]) -> str:
    """Every subject's figures 1 to 4 as median (min–max) over its runs."""
    names = [
        ("dock_s", "docked s", 2),
        ("pss_mb", "PSS MB", 1),
        ("pss_kernel_mb", "kernel PSS MB", 1),
        ("cpu_s_per_min", "CPU s/min", 3),
        ("switches_per_min", "wake-ups/min", 1),
        ("involuntary_per_min", "of which preempted", 1),
        ("window_ms", "window ms", 0),
    ]
    lines = [
        "| subject | runs | " + " | ".join(title for _, title, _ in names) + " |",
        "|---|---|" + "---|" * len(names),
    ]
    for data in results["subjects"].values():
        cells = []
        runs = 0
        for name, _, digits in names:
            value = data.get(name)
            if value is None:
                cells.append("—")
                continue
            runs = max(runs, value["runs"])
            cells.append(
                f"{value['median']:.{digits}f} ({value['low']:.{digits}f}–{value['high']:.{digits}f})"
            )
        lines.append(f"| {data['label']} | {runs} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
