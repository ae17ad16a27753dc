"""Benchmark the installed hipbreak on a headless desktop beside the floor of its stack and two peers.

`.venv/bin/python -m bench.run [--runs 5] [--quick]`; docs/benchmarks.md explains each figure. Not part
of the test suite: it takes about 17 minutes (4 with --quick), most of it waiting for reminders.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bench import desktop_figures, report, tables
from bench.harness import REQUIRED_TOOLS, missing_tools
from bench.instance import Instance
from bench.reminder_runs import Soak, punctuality
from bench.subjects import (
    REPO,
    Subject,
    floor_subjects,
    hipbreak_subject,
    install_peers,
    installed_version,
    peer_subjects,
    sni_subjects,
)

# Figure 3b: the long idle window opens this long after docking, and the pointer moves this often in it.
LONG_IDLE_AFTER, NUDGE = 70.0, 60.0


class Runner:
    """Runs the phases in order while the soak runs underneath; prints progress to stderr."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.began = time.monotonic()
        self.hipbreak = hipbreak_subject()
        self.soak = Soak(self.hipbreak, first=100, last=200 if args.quick else 1000)
        # hipbreak on each path, idle for args.long_idle s with the user present, beside everything else.
        self.long_idle = [
            Instance(replace(subject, menu_keys=None), 0, 10.0, LONG_IDLE_AFTER, args.long_idle, NUDGE)
            for subject in (self.hipbreak, sni_subjects()[0])
        ]
        self.problems: list[str] = []

    def say(self, line: str) -> None:
        """Print one progress line with the time since the start."""
        print(f"[{time.monotonic() - self.began:6.0f} s] {line}", file=sys.stderr, flush=True)

    def tend(self) -> None:
        """The background duties: the soak's snapshots, the long idle windows."""
        was = len(self.soak.snapshots)
        self.soak.poll()
        if len(self.soak.snapshots) > was:
            cycles, _, mem = self.soak.snapshots[-1]
            self.say(f"soak: PSS {mem.pss_alone:.2f} MB after {cycles} reminders")
        now = time.monotonic()
        for instance in self.long_idle:
            if instance.phase == "done":
                continue
            instance.step(now)
            if instance.phase == "done":
                instance.stop()
                rate = _long_idle(instance)["per_minute"]
                figure = "no figure" if rate is None else f"{rate:.2f} wake-ups/min"
                self.say(f"{instance} long idle: {figure} {instance.problem or ''}".rstrip())

    def start_long_idle(self) -> None:
        """Start the long idle runs one after another, each once the one before has gone quiet."""
        for instance in self.long_idle:
            instance.start()
            while not instance.quiet(time.monotonic()):
                self.tend()
                time.sleep(0.05)
            if instance.problem is not None:
                self.problems.append(f"long idle {instance}: {instance.problem}")

    def subjects(self) -> list[Subject]:
        """hipbreak, the floors, and the peers that are installed (installing them first if allowed)."""
        chosen = [self.hipbreak, *floor_subjects(), *sni_subjects()]
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
        missing = missing_tools([*REQUIRED_TOOLS, "lxqt-panel"])  # the StatusNotifier path's host
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
                "long_idle_s": args.long_idle,
            },
        }
        self.soak.start()
        try:
            self.say(f"soak: reminding every second until {self.soak.last} reminders have arrived")
            self.say(
                f"figure 3b: hipbreak on trayer and on lxqt-panel idle for {args.long_idle / 60:g} min from "
                f"{LONG_IDLE_AFTER:g} s after docking, the pointer moving every {NUDGE:g} s"
            )
            self.start_long_idle()
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
            while not self.soak.done or any(i.phase != "done" for i in self.long_idle):
                self.tend()
                time.sleep(0.2)
        finally:
            self.soak.stop()  # only when something above failed
            for instance in self.long_idle:
                instance.stop()
        results["soak"] = self.soak.result()
        results["load_after"] = report.load()
        results["seconds"] = time.monotonic() - self.began
        results["instances"] = [_instance_data(i) for i in instances]
        results["long_idle"] = {i.subject.key: _long_idle(i) for i in self.long_idle}
        results["subjects"] = {
            s.key: {"label": s.label, "host": s.host, "window": s.window_what, **_figures(instances, s)}
            for s in subjects
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


def _long_idle(instance: Instance) -> dict[str, Any]:
    """Figure 3b of one long idle run: wake-ups per minute over all threads, and by thread."""
    data = _instance_data(instance)
    idle = data.get("idle")
    minutes = idle["seconds"] / 60 if idle else None
    data["per_minute"] = idle["switches"] / minutes if idle and minutes else None
    data["cpu_s_per_min"] = idle["cpu_s"] / minutes if idle and minutes else None
    return data


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
            "involuntary": end.involuntary - start.involuntary,
        }
    return data


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
    # From 70 s after docking: a steady minute, after every subject's start-up.
    # --quick keeps it, as the phase overlaps the soak and costs no extra time.
    args.idle_after, args.idle = 70.0, 60.0
    # Figure 3b: ten minutes (two with --quick), beside the soak.
    args.long_idle = 120.0 if args.quick else 600.0
    # A plain `kill` ends the run through the same clean-up as Ctrl-C: no desktop is left behind.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    runner = Runner(args)
    results = runner.run()
    output = args.json or REPO / "artifacts" / f"bench-{datetime.now():%Y%m%d-%H%M%S}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(tables.table(results))
    print()
    print(tables.details(results))
    print()
    print(tables.long_idle_details(results))
    for problem in results["problems"]:
        print(f"- {problem}")
    print(
        f"\n{results['seconds'] / 60:.1f} min; load average {results['load_before'][0]:.2f} before, "
        f"{results['load_after'][0]:.2f} after; results in {output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
