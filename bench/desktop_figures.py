"""Figures 1 to 4 for every subject and run: instances on desktops of their own, in batches.

A batch starts its instances one after another, each once the one before has gone quiet, so no start-up
is timed while another is still busy. Their idle windows open 70 s after docking, when every start in the
batch is over, and close together; only then are windows opened (timed, one at a time) and the batch
stopped. So an idle window never shares the CPU with a start or a window opening, which would add
involuntary context switches that are not the subject's doing. Memory is counted as if each tree were
alone on its desktop (bench/proc.py), so running side by side does not change it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bench.instance import Instance
from bench.subjects import Subject

# No start this close to the opening of an idle window, nor any start once one is open.
IDLE_MARGIN = 5.0
# A memory snapshot due this soon is taken before anything timed starts.
SNAPSHOT_MARGIN = 2.5

Say = Callable[[str], None]


def measure(
    plan: list[tuple[Subject, int]],
    settle: float,
    idle_after: float,
    idle: float,
    tend: Callable[[], None],
    say: Say,
) -> list[Instance]:
    """Run every (subject, run count) of `plan` and return the instances; a run that did not dock is
    tried once more in a later batch (both attempts are returned)."""

    def make(subject: Subject, run: int) -> Instance:
        return Instance(subject, run, settle, idle_after, idle)

    rounds = max(count for _, count in plan)
    pending = [make(subject, run) for run in range(rounds) for subject, count in plan if run < count]
    finished: list[Instance] = []
    retried: set[tuple[str, int]] = set()
    while pending:
        batch = _next_batch(pending)
        for instance in batch:
            pending.remove(instance)
        done, deferred = _run_batch(batch, tend, say)
        pending[:0] = deferred
        finished += done
        for instance in done:
            key = (instance.subject.key, instance.run)
            if instance.dock_s is None and key not in retried:
                retried.add(key)
                pending.append(make(instance.subject, instance.run))
    return finished


def _next_batch(pending: list[Instance]) -> list[Instance]:
    """Pending instances in order, but at most one run of each subject of a one-per-machine program (its
    runs in a batch then start one after another, see _startable)."""
    batch: list[Instance] = []
    seen: set[str] = set()
    for instance in pending:
        subject = instance.subject
        if subject.one_per_machine:
            if subject.key in seen:
                break
            seen.add(subject.key)
        batch.append(instance)
    return batch


def _run_batch(
    batch: list[Instance], tend: Callable[[], None], say: Say
) -> tuple[list[Instance], list[Instance]]:
    """Run one batch to the end; return the finished instances and those left for the next batch."""
    to_start = sorted(batch, key=lambda i: not i.subject.memory_only)  # the short runs first
    live: list[Instance] = []
    finished: list[Instance] = []
    deferred: list[Instance] = []
    newest: Instance | None = None
    try:
        while to_start or live:
            tend()
            now = time.monotonic()
            for instance in live:
                instance.step(now)
            for instance in [i for i in live if i.phase == "done"]:
                _finish(instance, live, finished, say)
            if to_start and any(i.phase == "idling" for i in live):  # a safety net: starts take seconds
                say(f"{len(to_start)} instance(s) left for the next batch")
                deferred, to_start = to_start, []
            now = time.monotonic()
            calm = newest is None or newest.quiet(now)
            if to_start and calm and not _due_soon(live, now):
                startable = _startable(to_start, live)
                if startable is not None:
                    to_start.remove(startable)
                    live.append(startable)  # first, so that the finally below stops it if start() fails
                    startable.start()
                    newest = startable
                    continue
            elif not to_start and live and calm and all(i.phase in ("window", "done") for i in live):
                waiting = next(i for i in live if i.phase == "window")
                waiting.open_window()
                _finish(waiting, live, finished, say)
                newest = None
                continue
            time.sleep(0.05)
    finally:
        for instance in live:
            instance.stop()
    return finished, deferred


def _due_soon(live: list[Instance], now: float) -> bool:
    """Whether a memory snapshot or the opening of an idle window is too close for a start."""
    for instance in live:
        margin = {"settling": SNAPSHOT_MARGIN, "waiting": IDLE_MARGIN}.get(instance.phase)
        if margin is not None and instance.next_due() - now < margin:
            return True
    return False


def _startable(to_start: list[Instance], live: list[Instance]) -> Instance | None:
    """The first instance that may start now: a one-per-machine program waits for its running copy."""
    running = {i.subject.command[-1] for i in live}  # the program, whatever runs it
    return next(
        (i for i in to_start if not (i.subject.one_per_machine and i.subject.command[-1] in running)), None
    )


def _finish(instance: Instance, live: list[Instance], finished: list[Instance], say: Say) -> None:
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
