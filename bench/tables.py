"""The figures against their targets, as the Markdown tables bench.run prints and docs/benchmarks.md shows.

One table per tray path (XEmbed under trayer, StatusNotifier under lxqt-panel) for figures 1 to 4, each
with hipbreak, its target, the verdict and the other subjects on that path; one for figures 5 to 7, which
do not depend on the tray.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bench import report
from bench.report import Row, number, verdict
from bench.subjects import LXQT, TRAYER

TARGETS = {
    "dock_s": 1.0,
    "registered_s": 0.3,
    "pss_ratio": 1.3,
    "pss_sni_mb": 25.0,
    "pss_sni_stretch_mb": 20.0,
    "switches_per_min": 1.0,
    "cpu_s_per_min": 0.05,
    "window_ms": 400.0,
    "p99_ms": 1000.0,
    "growth_mb": 2.0,
    "stats_ms": 50.0,
}
# hipbreak's subject and its floor on each path.
PATHS = {TRAYER: ("hipbreak", "floor-gtk"), LXQT: ("hipbreak-sni", "floor-sni")}


def table(results: dict[str, Any]) -> str:
    """The three tables, each under a heading."""
    return "\n\n".join(
        [
            "XEmbed path (trayer):\n\n" + path_table(results, TRAYER),
            "StatusNotifier path (lxqt-panel):\n\n" + path_table(results, LXQT),
            "Whichever tray:\n\n" + app_table(results),
        ]
    )


def path_table(results: dict[str, Any], host: str) -> str:
    """Figures 1 to 4 on one tray path: hipbreak, the target, the verdict, the other subjects beside it."""
    subjects = results["subjects"]
    ours, floor_key = PATHS[host]
    others = [k for k, v in subjects.items() if k != ours and v.get("host", TRAYER) == host]
    labels = [subjects[key]["label"] for key in others]
    if ours not in subjects:
        return report.markdown([Row("(not measured)", "—")], labels)

    def med(key: str, name: str) -> float | None:
        value = subjects.get(key, {}).get(name)
        return None if value is None else float(value["median"])

    def peer_cells(name: str, digits: int) -> tuple[str, ...]:
        cells = []
        for key in others:
            value = med(key, name)
            no_menu = name == "window_ms" and value is None and key == "floor-xorg"
            cells.append("no menu" if no_menu else number(value, digits))
        return tuple(cells)

    def judged(value: float | None, limit: float, note: str = "") -> str:
        return verdict(None if value is None else value <= limit, note)

    def row(label: str, name: str, digits: int, target: str, judge: Callable[[float | None], str]) -> Row:
        value = med(ours, name)
        return Row(label, number(value, digits), target, judge(value), peer_cells(name, digits))

    sni = host == LXQT
    start_limit = TARGETS["registered_s"] if sni else TARGETS["dock_s"]
    after = "registering" if sni else "docking"
    start_label = "1. start → item registered with the watcher (s)" if sni else "1. start → icon docked (s)"
    rows = [
        row(start_label, "dock_s", 2, f"≤ {start_limit:g}", lambda v: judged(v, start_limit)),
        row(f"2. RSS 10 s after {after} (MB)", "rss_mb", 1, "", lambda v: ""),
    ]
    pss, floor = med(ours, "pss_mb"), med(floor_key, "pss_mb")
    ratio = "" if floor is None or pss is None else f"({pss / floor:.2f} × the floor)"
    pss_label = f"2. PSS 10 s after {after} (MB)"
    if sni:
        most, stretch = TARGETS["pss_sni_mb"], TARGETS["pss_sni_stretch_mb"]
        note = ratio if pss is None or pss > stretch else f"{ratio}, stretch goal met".lstrip(", ")
        rows.append(
            row(
                pss_label,
                "pss_mb",
                1,
                f"≤ {most:g} (stretch ≤ {stretch:g})",
                lambda v: judged(v, most, note),
            )
        )
    else:
        limit = None if floor is None else floor * TARGETS["pss_ratio"]
        rows.append(
            row(
                pss_label,
                "pss_mb",
                1,
                f"≤ 1.3 × floor = {number(limit)}",
                lambda v: verdict(None if limit is None or v is None else v <= limit, ratio),
            )
        )
    rows.append(
        row(
            "3. idle CPU (s per min)",
            "cpu_s_per_min",
            3,
            f"≤ {TARGETS['cpu_s_per_min']:g}",
            lambda v: judged(v, TARGETS["cpu_s_per_min"]),
        )
    )
    wake = TARGETS["switches_per_min"]
    rows.append(
        row(
            "3. idle wake-ups, 1 min (context switches per min)",
            "switches_per_min",
            1,
            f"≤ {wake:g}",
            lambda v: judged(v, wake),
        )
    )
    long_idle = results.get("long_idle", {}).get(ours) or {}
    rate = long_idle.get("per_minute")
    minutes = long_idle["idle"]["seconds"] / 60 if long_idle.get("idle") else None
    rows.append(
        Row(
            f"3b. idle wake-ups over {number(minutes, 0)} min, user present (per min)",
            number(rate, 2),
            f"≤ {wake:g}",
            judged(rate, wake),
        )
    )
    if not sni:
        rows.append(
            row(
                "4. menu click → window mapped (ms)",
                "window_ms",
                0,
                f"≤ {TARGETS['window_ms']:g}",
                lambda v: judged(v, TARGETS["window_ms"]),
            )
        )
    return report.markdown(rows, labels)


def app_table(results: dict[str, Any]) -> str:
    """Figures 5 to 7: punctuality, the simulated day, the soak and the statistics report."""
    late = results["punctuality"]["from_start_ms"]
    rows = [
        Row(
            "5. reminder lateness p50 / p99 (ms)",
            f"{late['p50']:.1f} / {late['p99']:.1f}",
            "p99 ≤ 1000",
            verdict(late["p99"] <= TARGETS["p99_ms"]),
        ),
        Row("6. 24 simulated hours, core + history (s)", number(results["day"]["seconds"], 2)),
        _growth_row(results["soak"]),
    ]
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
    return report.markdown(rows, [])


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
        ("dock_s", "docked / registered s", 2),
        ("pss_mb", "PSS MB", 1),
        ("pss_kernel_mb", "kernel PSS MB", 1),
        ("cpu_s_per_min", "CPU s/min", 3),
        ("switches_per_min", "wake-ups/min", 1),
        ("involuntary_per_min", "of which preempted", 1),
        ("window_ms", "window ms", 0),
    ]
    lines = [
        "| subject | tray | runs | " + " | ".join(title for _, title, _ in names) + " |",
        "|---|---|---|" + "---|" * len(names),
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
        host = data.get("host", TRAYER)
        lines.append(f"| {data['label']} | {host} | {runs} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def long_idle_details(results: dict[str, Any]) -> str:
    """Figure 3b by thread: each long idle run's context switches over its window, and its CPU time."""
    lines = []
    for key, data in results.get("long_idle", {}).items():
        idle = data.get("idle")
        if not idle:
            lines.append(f"- {key}: no figure ({data.get('problem') or 'the window did not close'})")
            continue
        threads = ", ".join(f"{name} {count}" for name, count in sorted(data["thread_switches"].items()))
        lines.append(
            f"- {key}: {idle['switches']} context switches in {idle['seconds'] / 60:.1f} min "
            f"({idle['involuntary']} preempted), CPU {idle['cpu_s']:.2f} s; by thread: {threads or 'none'}"
        )
    return "\n".join(lines)
