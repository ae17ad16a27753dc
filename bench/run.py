"""Benchmark the installed hipbreak on a headless desktop beside the floor of its stack and two peers.

`.venv/bin/python -m bench.run [--runs 5] [--quick]`; docs/benchmarks.md explains each figure. Not part
of the test suite: it takes about 17 minutes (4 with --quick), most of it waiting for reminders.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bench import desktop_figures, report
from bench.harness import missing_tools
from bench.instance import Instance
from bench.reminder_runs import Soak, punctuality
from bench.report import Row, number, verdict
from bench.subjects import (
    REPO,
    Subject,
    floor_subjects,
    hipbreak_subject,
    install_peers,
    installed_version,
    peer_subjects,
)

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


class Runner:
    """Runs the phases in order while the soak runs underneath; prints progress to stderr."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.began = time.monotonic()
        self.hipbreak = hipbreak_subject()
        self.soak = Soak(self.hipbreak, first=100, last=200 if args.quick else 1000)
        self.problems: list[str] = []

    def say(self, line: str) -> None:
        """Print one progress line with the time since the start."""
        print(f"[{time.monotonic() - self.began:6.0f} s] {line}", file=sys.stderr, flush=True)

    def tend(self) -> None:
        """The background duty: the soak's snapshots."""
        was = len(self.soak.snapshots)
        self.soak.poll()
        if len(self.soak.snapshots) > was:
            cycles, _, mem = self.soak.snapshots[-1]
            self.say(f"soak: PSS {mem.pss_alone:.2f} MB after {cycles} reminders")

    def subjects(self) -> list[Subject]:
        """hipbreak, the floors, and the peers that are installed (installing them first if allowed)."""
        chosen = [self.hipbreak, *floor_subjects()]
        if self.args.no_peers:
            return chosen
        peers = peer_subjects()
        packages = [peer.package for peer in peers if peer.package]
        if not self.args.no_install:
            for problem in install_peers(packages, self.say):
                self.say(f"peer left out: {problem}")
                self.problems.append(problem)
        for peer in peers:
            if peer.package and installed_version(peer.package):
                chosen.append(peer)
            else:
                self.problems.append(f"{peer.label}: not installed, so not measured")
        return chosen

    def run(self) -> dict[str, Any]:
        """Measure everything and return the results."""
        args = self.args
        missing = missing_tools()
        if missing:
            sys.exit(f"bench: missing tool(s) {', '.join(missing)}; run scripts/setup.sh --test")
        subjects = self.subjects()
        self.say(f"measuring {report.hipbreak_version(self.hipbreak)}")
        results: dict[str, Any] = {
            "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "machine": report.machine(),
            "load_before": report.load(),
            "options": {
                "runs": args.runs,
                "quick": args.quick,
                "idle_s": args.idle,
                "idle_after_s": args.idle_after,
            },
        }
        self.soak.start()
        self.say(f"soak: reminding every second until {self.soak.last} reminders have arrived")
        peer_runs = 1 if args.quick else args.runs
        plan = [(s, args.runs if s.package is None else peer_runs) for s in subjects]
        self.say(
            f"figures 1-4: {sum(n for _, n in plan)} instances, idle from {args.idle_after:g} s to "
            f"{args.idle_after + args.idle:g} s after docking"
        )
        instances = desktop_figures.measure(
            plan, settle=10.0, idle_after=args.idle_after, idle=args.idle, tend=self.tend, say=self.say
        )
        count = 25 if args.quick else 50
        self.say(f"figure 5: {count} reminders 2 s apart")
        results["punctuality"] = punctuality(self.hipbreak, count, 2, self.tend)
        self.say("figure 6: 24 simulated hours; figure 7: stats at 10k, 100k, 1M events")
        results["day"] = self.step(["day", "--runs", str(args.runs)])
        results["stats"] = self.step(["stats", "--repeats", str(args.runs)])
        while not self.soak.done:
            self.tend()
            time.sleep(0.2)
        results["soak"] = self.soak.result()
        results["load_after"] = report.load()
        results["seconds"] = time.monotonic() - self.began
        results["instances"] = [_instance_data(i) for i in instances]
        results["subjects"] = {
            s.key: {"label": s.label, "window": s.window_what, **_figures(instances, s)} for s in subjects
        }
        results["problems"] = self.problems + [f"{i}: {i.problem}" for i in instances if i.problem]
        return results

    def step(self, arguments: list[str]) -> dict[str, Any]:
        """Run a bench.steps step in a child interpreter, tending the soak meanwhile."""
        child = subprocess.Popen(
            [sys.executable, "-m", "bench.steps", *arguments], cwd=REPO, stdout=subprocess.PIPE, text=True
        )
        while child.poll() is None:
            self.tend()
            time.sleep(0.2)
        assert child.stdout is not None
        output = child.stdout.read()
        if child.returncode != 0:
            raise RuntimeError(f"bench.steps {' '.join(arguments)} failed with status {child.returncode}")
        result: dict[str, Any] = json.loads(output)
        return result


def _figures(instances: list[Instance], subject: Subject) -> dict[str, Any]:
    mine = [i for i in instances if i.subject.key == subject.key]
    summary = report.summarise(mine)
    return {key: dataclasses.asdict(value) if value else None for key, value in summary.items()}


def _instance_data(instance: Instance) -> dict[str, Any]:
    data: dict[str, Any] = {
        "subject": instance.subject.key,
        "run": instance.run + 1,
        "dock_s": instance.dock_s,
        "settled_after_s": instance.settled_after,
        "memory": dataclasses.asdict(instance.memory) if instance.memory else None,
        "window_ms": instance.window_ms,
        "problem": instance.problem,
        "thread_switches": instance.thread_switches,
    }
    if instance.idle is not None:
        start, end = instance.idle
        data["idle"] = {
            "seconds": end.at - start.at,
            "cpu_s": end.cpu - start.cpu,
            "switches": end.switches - start.switches,
        }
    return data


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


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options, run the benchmark, print the tables and save the results as JSON."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        help="runs per subject, medians reported (default 5; 3 with --quick)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="3 runs, peers once, 25 reminders, a 200-cycle soak (about 4 min)",
    )
    parser.add_argument("--no-peers", action="store_true", help="leave Workrave and Safe Eyes out")
    parser.add_argument("--no-install", action="store_true", help="do not apt-get install missing peers")
    parser.add_argument(
        "--json",
        type=Path,
        default=None,
        help="where to save the results (default artifacts/bench-<time>.json)",
    )
    args = parser.parse_args(argv)
    args.runs = args.runs or (3 if args.quick else 5)
    # From 70 s after docking: a steady minute, after hipbreak's first heartbeat and the peers' start-up.
    # --quick keeps it, as the phase overlaps the soak and costs no extra time.
    args.idle_after, args.idle = 70.0, 60.0
    runner = Runner(args)
    results = runner.run()
    output = args.json or REPO / "artifacts" / f"bench-{datetime.now():%Y%m%d-%H%M%S}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(table(results))
    print()
    print(details(results))
    for problem in results["problems"]:
        print(f"- {problem}")
    print(
        f"\n{results['seconds'] / 60:.1f} min; load average {results['load_before'][0]:.2f} before, "
        f"{results['load_after'][0]:.2f} after; results in {output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
