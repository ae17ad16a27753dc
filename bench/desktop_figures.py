"""Figures 1 to 4 for every subject and run: many instances, each on its own desktop, interleaved.

Only the moments that are timed need the machine to themselves: an instance starts, and a window is
opened, only once the instance started before it has gone quiet. Memory is counted as if each tree were
alone on its desktop (bench/proc.py), and idle counters belong to one tree, so neither minds the
others; up to MAX_LIVE instances run at once, which keeps the whole phase to a few minutes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bench.instance import Instance
from bench.subjects import Subject

MAX_LIVE = 16
# A memory snapshot due this soon is taken before anything timed starts.
SNAPSHOT_MARGIN = 2.5


def measure(
    plan: list[tuple[Subject, int]],
    settle: float,
    idle_after: float,
    idle: float,
    tend: Callable[[], None],
    say: Callable[[str], None],
) -> list[Instance]:
    """Run every (subject, run count) of `plan`, runs interleaved across subjects; return the instances."""
    rounds = max(count for _, count in plan)
    pending = [
        Instance(subject, run, settle, idle_after, idle)
        for run in range(rounds)
        for subject, count in plan
        if run < count
    ]
    live: list[Instance] = []
    finished: list[Instance] = []
    newest: Instance | None = None
    try:
        while pending or live:
            tend()
            now = time.monotonic()
            for instance in live:
                instance.step(now)
            for instance in [i for i in live if i.phase == "done"]:
                _finish(instance, live, finished, say)
            now = time.monotonic()
            calm = newest is None or newest.quiet(now)
            snapshot_soon = any(i.phase == "settling" and i.next_due() - now < SNAPSHOT_MARGIN for i in live)
            if calm and not snapshot_soon:
                waiting = next((i for i in live if i.phase == "window"), None)
                if waiting is not None:
                    waiting.open_window()
                    _finish(waiting, live, finished, say)
                    continue
                startable = _next_startable(pending, live)
                if startable is not None and len(live) < MAX_LIVE:
                    pending.remove(startable)
                    live.append(startable)  # first, so that the finally below stops it if start() fails
                    startable.start()
                    newest = startable
                    continue
            time.sleep(0.05)
    finally:
        for instance in live:
            instance.stop()
    return finished


def _next_startable(pending: list[Instance], live: list[Instance]) -> Instance | None:
    """The first pending instance whose subject may start now (one copy at a time for some peers)."""
    running = {i.subject.command[-1] for i in live}  # the program, whatever runs it
    return next(
        (i for i in pending if not (i.subject.one_per_machine and i.subject.command[-1] in running)), None
    )


def _finish(
    instance: Instance, live: list[Instance], finished: list[Instance], say: Callable[[str], None]
) -> None:
    if instance.problem is not None:
        say(f"{instance}: {instance.problem}")
    instance.stop()
    live.remove(instance)
    finished.append(instance)
    figures = [f"docked {instance.dock_s:.2f} s" if instance.dock_s is not None else "not docked"]
    if instance.memory is not None:
        figures.append(f"PSS {instance.memory.pss_alone:.1f} MB")
    if instance.idle is not None:
        start, end = instance.idle
        minutes = (end.at - start.at) / 60
        figures.append(f"{(end.switches - start.switches) / minutes:.1f} wake-ups/min")
    if instance.window_ms is not None:
        figures.append(f"window {instance.window_ms:.0f} ms")
    say(f"{instance}: {', '.join(figures)}")
