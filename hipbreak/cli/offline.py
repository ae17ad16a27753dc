"""`hipbreak stretch` without a running app: open the stretch window here and record its outcome."""

from __future__ import annotations

import queue
from datetime import datetime
from typing import Any

from hipbreak.core.events import Event
from hipbreak.environment import Environment
from hipbreak.language import N_, _

BUSY = N_("A stretch window is already open; finish that stretch or close its window.")


def run_stretch(env: Environment) -> int:
    """Run one guided stretch in a window and record it in the history; return the exit status.

    When a stretch window is open already (one per user, app running or not), say so and return 0.
    """
    from hipbreak.adapters.clock.zone import local_zone
    from hipbreak.adapters.config_file.read import load_settings
    from hipbreak.adapters.history_keeper import HistoryKeeper
    from hipbreak.adapters.routine_files import routine_problem
    from hipbreak.adapters.stretch_outcomes import OutcomeFile, new_stretch_id
    from hipbreak.adapters.stretch_process import StretchArgs, StretchBusy, launch
    from hipbreak.ipc.instance import FileLock, InstanceError
    from hipbreak.ui.stretch.wire import PROCESS_ENDED

    # First, so that commands racing this one go away before they open the history or a window.
    lock = FileLock(env.stretch_lock_file, env.platform)
    try:
        if not lock.acquire():
            print(_(BUSY), file=env.stdout)
            return 0
    except InstanceError as exc:
        print(f"hipbreak: {_cannot_open(exc)}", file=env.stderr)
        return 1
    settings, errors = load_settings(env.config_file)
    for error in errors:
        print(f"hipbreak: {error}", file=env.stderr)
    problem = routine_problem(settings.stretch.routine, env.routines_dir, env.config_file)
    if problem is not None:  # the window would only fail to open, with nothing to say why
        print(f"hipbreak: {problem}", file=env.stderr)
        return 1
    zone = local_zone(dict(env.variables))
    # What the history cannot take now waits in its queue, for the next start of the app (or of this).
    history = HistoryKeeper.open(env.history_file, lambda: datetime.now(zone), busy_timeout=5.0)
    if history.open_error is not None:
        print(f"hipbreak: {history.open_error}", file=env.stderr)
    today = datetime.now(zone).date()
    done_today = history.count_local_day("stretch_completed", today, zone)
    stretch = settings.stretch
    stretch_id = new_stretch_id()
    events: queue.Queue[dict[str, Any]] = queue.Queue()
    try:
        window = launch(
            StretchArgs(
                hold=stretch.hold.total_seconds(),
                prepare=stretch.prepare.total_seconds(),
                daily_goal=stretch.daily_goal,
                done_today=done_today,
                sound=stretch.sound,
                routine=stretch.routine,
                routines_dir=env.routines_dir if env.routines_dir.is_dir() else None,
                voice=stretch.voice,
                motion=stretch.motion,
                large_text=stretch.large_text,
                stretch_id=stretch_id,
                outcomes=env.stretch_outcomes_file,
            ),
            events.put,
            python=env.executable,
            env=env.variables,
            lock=lock,
        )
    except StretchBusy:  # not while we hold the lock; kept for safety
        history.close()
        print(_(BUSY), file=env.stdout)
        return 0
    except (OSError, InstanceError) as exc:
        lock.release()
        history.close()
        print(f"hipbreak: {_cannot_open(exc)}", file=env.stderr)
        return 1
    started = False
    outcome: dict[str, Any] = {}
    try:
        while not outcome:
            event = events.get()
            kind = event.get("event")
            if kind == "started":
                started = True
                history.record(Event("stretch_started", datetime.now(zone)))
            elif kind in ("completed", "cancelled"):
                outcome = event
    except KeyboardInterrupt:  # Ctrl-C in the terminal: the window got it too and ends cancelled
        outcome = window.close(PROCESS_ENDED) or {"event": "cancelled", "progress": 0.0}
    if started:
        _settle(history, OutcomeFile(env.stretch_outcomes_file), outcome, stretch_id, zone, env)
    history.close()
    if not started:
        text = _("the stretch window could not be opened; see `hipbreak doctor`")
        print(f"hipbreak: {text}", file=env.stderr)
        return 1
    if outcome["event"] == "completed":
        print(_("Stretch completed. Breaks today: {count}.").format(count=done_today + 1), file=env.stdout)
        if history.waiting("stretch_completed"):
            print(f"hipbreak: {_waiting_text(history)}", file=env.stderr)
    else:
        share = round(100 * float(outcome.get("progress", 0)))
        # Not "({percent} % done)": catalog tools would take "% d" for a printf format.
        # Translators: {percent} is how much of the stretch was done, a whole number from 0 to 100.
        text = _("Stretch cancelled at {percent} %; not counted as a break.").format(percent=share)
        print(text, file=env.stdout)
    return 0


def _settle(
    history: Any, outcomes: Any, outcome: dict[str, Any], stretch_id: str, zone: Any, env: Environment
) -> None:
    """Record the window's outcome line (and any an earlier window left), then ours if the line is missing."""
    from hipbreak.adapters.stretch_outcomes import outcome_uid, record_outcome

    try:
        outcomes.settle(lambda record: record_outcome(history, record, zone))
    except OSError as exc:
        text = _("cannot read the stretch outcomes in {path}: {reason}").format(
            path=outcomes.path, reason=exc
        )
        print(f"hipbreak: {text}", file=env.stderr)
    # A window that died wrote no line: record what its pipe told (a cancel), under the same uid.
    uid = outcome_uid(stretch_id)
    if not history.knows(uid):
        data = {key: value for key, value in outcome.items() if key != "event"}
        data["stretch_id"] = stretch_id
        history.record(Event(f"stretch_{outcome['event']}", datetime.now(zone), data), uid=uid)


def _waiting_text(history: Any) -> str:
    """Say why this break is not in the history yet and when it will be."""
    if history.memory_only:
        return _("This break could not be saved: neither the history nor its queue can be written.")
    if history.problem == "busy":
        return _(
            "This break is waiting to be saved: the history is busy. hipbreak saves it when it next starts."
        )
    return _(
        "This break is waiting to be saved: the history cannot be written. "
        "hipbreak saves it when it next starts."
    )


def _cannot_open(error: Exception) -> str:
    """Say that the stretch window cannot open, and the reason `error` gives."""
    return _("cannot open the stretch window: {reason}").format(reason=error)
