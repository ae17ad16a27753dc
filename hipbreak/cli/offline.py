"""`hipbreak stretch` without a running app: open the stretch window here and record its outcome."""

from __future__ import annotations

import queue
from datetime import datetime
from typing import Any

from hipbreak.core.events import Event
from hipbreak.environment import Environment


def run_stretch(env: Environment) -> int:
    """Run one guided stretch in a window and record it in the history; return the exit status."""
    from hipbreak.adapters.clock.zone import local_zone
    from hipbreak.adapters.config_file.read import load_settings
    from hipbreak.adapters.history import History, HistoryError
    from hipbreak.adapters.routine_files import routine_problem
    from hipbreak.adapters.stretch_process import StretchArgs, launch

    settings, errors = load_settings(env.config_file)
    for error in errors:
        print(f"hipbreak: {error}", file=env.stderr)
    problem = routine_problem(settings.stretch.routine, env.routines_dir, env.config_file)
    if problem is not None:  # the window would only fail to open, with nothing to say why
        print(f"hipbreak: {problem}", file=env.stderr)
        return 1
    zone = local_zone(dict(env.variables))
    history: History | None
    try:
        history = History.open(env.history_file)
    except HistoryError as exc:
        print(f"hipbreak: {exc}; this stretch will not be counted", file=env.stderr)
        history = None
    today = datetime.now(zone).date().isoformat()
    done_today = history.count("stretch_completed", today) if history else 0
    stretch = settings.stretch
    events: queue.Queue[dict[str, Any]] = queue.Queue()
    launch(
        StretchArgs(
            hold=stretch.hold.total_seconds(),
            prepare=stretch.prepare.total_seconds(),
            daily_goal=stretch.daily_goal,
            done_today=done_today,
            sound=stretch.sound,
            routine=stretch.routine,
            routines_dir=env.routines_dir if env.routines_dir.is_dir() else None,
        ),
        events.put,
        python=env.executable,
        env=env.variables,
    )
    started = False
    outcome: dict[str, Any] = {}
    while not outcome:
        event = events.get()
        kind = event.get("event")
        if kind == "started":
            started = True
            _record(history, Event("stretch_started", datetime.now(zone)))
        elif kind in ("completed", "cancelled"):
            outcome = event
    if history is not None:
        if started:
            data = {k: v for k, v in outcome.items() if k != "event"}
            _record(history, Event(f"stretch_{outcome['event']}", datetime.now(zone), data))
        history.close()
    if not started:
        print("hipbreak: the stretch window could not be opened; see `hipbreak doctor`", file=env.stderr)
        return 1
    if outcome["event"] == "completed":
        print(f"Stretch completed. Breaks today: {done_today + 1}.", file=env.stdout)
    else:
        share = round(100 * float(outcome.get("progress", 0)))
        print(f"Stretch cancelled ({share} % done); not counted as a break.", file=env.stdout)
    return 0


def _record(history: Any, event: Event) -> None:
    if history is None:
        return
    from hipbreak.adapters.history import HistoryError

    try:
        history.record(event)
    except HistoryError as exc:
        print(f"hipbreak: {exc}", flush=True)
