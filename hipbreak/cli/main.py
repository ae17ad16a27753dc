"""The `hipbreak` command: start the tray app, or control and query it from a terminal."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from hipbreak import __version__
from hipbreak.cli.origin import package_folder
from hipbreak.cli.parser import build_parser
from hipbreak.core import commands as c
from hipbreak.environment import Environment, current_environment
from hipbreak.exit_codes import ExitStatus
from hipbreak.language import _, choose, ngettext


def main(argv: Sequence[str] | None = None, env: Environment | None = None) -> int:
    """Run the command line `argv` in `env`, in the language its variables ask for; return the exit status."""
    env = env or current_environment()
    choose(env.variables)  # before the parser is built: its help and argparse's own words follow it
    args = build_parser().parse_args(argv)
    if args.version:
        print(f"hipbreak {__version__} ({package_folder()})", file=env.stdout)
        return ExitStatus.OK
    command = args.command or "run"
    if command == "run":
        from hipbreak.app.compose import run_app

        return run_app(env, verbose=args.verbose)
    handler = {
        "status": _status,
        "stretch": _stretch,
        "snooze": _snooze,
        "skip": _simple,
        "pause": _pause,
        "resume": _simple,
        "reload": _simple,
        "quit": _simple,
        "stats": _stats,
        "config": _config,
        "autostart": _autostart,
        "doctor": _doctor,
        "install-desktop": _desktop,
        "uninstall-desktop": _desktop,
    }[command]
    return int(handler(env, args))


def _fail(env: Environment, message: str, status: ExitStatus = ExitStatus.ERROR) -> ExitStatus:
    print(f"hipbreak: {message}", file=env.stderr)
    return status


def _send(
    env: Environment, command: c.Command, offline: Callable[[], ExitStatus] | None = None
) -> ExitStatus:
    """Send `command` to the running app and print its answer; without an app run `offline` or fail."""
    from hipbreak.ipc.client import ControlError, NotAnswering, NotRunning, send

    try:
        reply = send(env, command)
    except NotRunning:
        if offline is not None:
            return offline()
        return _fail(env, _("hipbreak is not running; start it with `hipbreak`"), ExitStatus.NOT_RUNNING)
    except NotAnswering as exc:
        return _fail(env, str(exc), ExitStatus.NOT_ANSWERING)
    except ControlError as exc:
        return _fail(env, str(exc))
    if not reply.ok:
        return _fail(env, reply.error)
    print(reply.message, file=env.stdout)
    return ExitStatus.OK


_SIMPLE: dict[str, c.Command] = {
    "skip": c.Skip(),
    "resume": c.Resume(),
    "reload": c.Reload(),
    "quit": c.Quit(),
}


def _simple(env: Environment, args: argparse.Namespace) -> ExitStatus:
    return _send(env, _SIMPLE[args.command])


def _seconds(env: Environment, text: str) -> float | None:
    from hipbreak.core.durations import parse_duration

    try:
        length = parse_duration(text)
    except ValueError as exc:
        # Translators: {reason} says what is wrong with the duration the user typed.
        _fail(env, _("bad duration: {reason}").format(reason=exc), ExitStatus.USAGE)
        return None
    if not timedelta(0) < length <= timedelta(hours=24):
        # Translators: {text} is the duration as typed, in quotes; "24h" is how the command reads a day.
        message = _("bad duration {text}: expected more than 0 and at most 24h").format(text=repr(text))
        _fail(env, message, ExitStatus.USAGE)
        return None
    return length.total_seconds()


def _snooze(env: Environment, args: argparse.Namespace) -> ExitStatus:
    if args.duration is None:
        return _send(env, c.Snooze())
    seconds = _seconds(env, args.duration)
    return ExitStatus.USAGE if seconds is None else _send(env, c.Snooze(seconds))


def _pause(env: Environment, args: argparse.Namespace) -> ExitStatus:
    if args.duration == "tomorrow":
        return _send(env, c.Pause())
    seconds = _seconds(env, args.duration)
    return ExitStatus.USAGE if seconds is None else _send(env, c.Pause(seconds))


def _status(env: Environment, args: argparse.Namespace) -> ExitStatus:
    from hipbreak.ipc.client import ControlError, NotAnswering, NotRunning, send

    data: dict[str, object]
    try:
        reply = send(env, c.Status())
    except NotRunning:
        reply = None
    except NotAnswering as exc:
        # Not "not running": a second launch would say "already running" (docs/reliability.md).
        return _fail(env, str(exc), ExitStatus.NOT_ANSWERING)
    except ControlError as exc:
        return _fail(env, str(exc))
    if reply is not None and not reply.ok:
        return _fail(env, reply.error)
    if reply is not None:
        data, message, status = dict(reply.data), reply.message, ExitStatus.OK
    else:
        data = _offline_status(env)
        message = _("hipbreak is not running. Breaks today: {count}.").format(count=data["breaks_today"])
        if data["breaks_pending"]:
            pending = _pending_sentence(int(str(data["breaks_pending"])))
            # Translators: two sentences in a row: "hipbreak is not running…" and why some wait to be saved.
            message = _("{first} {second}").format(first=message, second=pending)
        status = ExitStatus.NOT_RUNNING
    print(json.dumps(data) if args.json else message, file=env.stdout)
    return status


def _offline_status(env: Environment) -> dict[str, object]:
    """Status read from the history, for when the app is not running."""
    from hipbreak.adapters.clock.zone import local_zone
    from hipbreak.adapters.config_file.read import load_settings
    from hipbreak.adapters.history import History, HistoryError
    from hipbreak.adapters.history_queue import WithPending
    from hipbreak.core.status_record import status_record

    settings, _errors = load_settings(env.config_file)
    zone = local_zone(dict(env.variables))  # the app's zone, so both count the same "today"
    today = datetime.now(zone).date()
    history: History | None = None
    if env.history_file.exists():
        try:
            history = History.open(env.history_file)
            _tell_moved(env, history)
        except HistoryError as exc:
            print(f"hipbreak: {exc}", file=env.stderr)
    # Breaks the app could not save yet wait in a queue beside the history; they count all the same.
    view = WithPending.read(history, env.history_file)
    breaks = view.count_local_day("stretch_completed", today, zone)
    if history is not None:
        history.close()
    return status_record(
        None,
        breaks_today=breaks,
        breaks_pending=view.waiting_local_day("stretch_completed", today, zone),
        daily_goal=settings.stretch.daily_goal,
    )


def _pending_sentence(count: int) -> str:
    """Say that `count` of today's breaks wait to be saved in the history."""
    return ngettext(
        "One of them is waiting to be saved in the history; hipbreak saves it when it next starts.",
        "{count} of them are waiting to be saved in the history; hipbreak saves them when it next starts.",
        count,
    ).format(count=count)


def _tell_moved(env: Environment, history: object) -> None:
    """Say so when opening the history found it damaged and moved it aside."""
    moved = getattr(history, "moved_aside", None)
    if moved is not None:
        text = _("the history was damaged; moved to {path} and a new one begun").format(path=moved)
        print(f"hipbreak: {text}", file=env.stderr)


def _stretch(env: Environment, args: argparse.Namespace) -> ExitStatus:
    def standalone() -> ExitStatus:
        from hipbreak.cli.offline import run_stretch

        return ExitStatus(run_stretch(env))

    return _send(env, c.StretchNow(), offline=standalone)


def _stats(env: Environment, args: argparse.Namespace) -> ExitStatus:
    from hipbreak.adapters.clock.zone import local_zone
    from hipbreak.adapters.config_file.read import load_settings
    from hipbreak.adapters.history import History, HistoryError
    from hipbreak.adapters.history_queue import WithPending
    from hipbreak.cli.stats_report import report

    if not 1 <= args.days <= 3660:
        return _fail(env, _("--days must be from 1 to 3660"), ExitStatus.USAGE)
    kind = "PNG"
    if args.chart:
        from hipbreak.cli.chart_file import ChartPathError, chart_format

        try:
            kind = chart_format(Path(args.chart))
        except ChartPathError as exc:
            return _fail(env, str(exc), ExitStatus.USAGE if exc.usage else ExitStatus.ERROR)
    settings, _errors = load_settings(env.config_file)
    try:
        history = History.open(env.history_file)
    except HistoryError as exc:
        return _fail(env, str(exc))
    _tell_moved(env, history)
    view = WithPending.read(history, env.history_file)
    if view.waiting:
        print(f"hipbreak: {_waiting_sentence(len(view.waiting))}", file=env.stderr)
    try:
        zone = local_zone(dict(env.variables))  # days as the clock reads here, like "Breaks today"
        today = datetime.now(zone).date()
        fmt = "json" if args.json else "csv" if args.csv else "text"
        report(view, today, args.days, settings.stretch.daily_goal, fmt, env.stdout, zone=zone)
        if args.chart:
            from hipbreak.cli.stats_report import load_stats
            from hipbreak.ui.chart import save_chart

            days, _streak = load_stats(view, today, args.days, settings.stretch.daily_goal, zone=zone)
            try:
                save_chart(days, settings.stretch.daily_goal, Path(args.chart), kind)
            except OSError as exc:
                # Translators: {reason} is the system's reason, e.g. "Permission denied".
                text = _("cannot write {path}: {reason}")
                return _fail(env, text.format(path=args.chart, reason=exc.strerror))
            print(_("Chart written to {path}").format(path=args.chart), file=env.stderr)
    finally:
        history.close()
    return ExitStatus.OK


def _waiting_sentence(count: int) -> str:
    """Say that `count` events wait in the queue beside the history and are counted all the same."""
    return ngettext(
        "{count} event is waiting to be saved in the history; it is counted here.",
        "{count} events are waiting to be saved in the history; they are counted here.",
        count,
    ).format(count=count)


def _config(env: Environment, args: argparse.Namespace) -> ExitStatus:
    from hipbreak.adapters.config_file.read import load_settings

    if args.action == "path":
        print(env.config_file, file=env.stdout)
        return ExitStatus.OK
    if args.action == "check":
        from hipbreak.adapters.routine_files import routine_problem

        settings, errors = load_settings(env.config_file)
        # The routine it names is checked too: a broken one would only show when a stretch fails to open.
        problem = routine_problem(settings.stretch.routine, env.routines_dir, env.config_file)
        for error in [*errors, problem] if problem else errors:
            print(error, file=env.stderr)
        if errors or problem:
            return ExitStatus.ERROR
        if not env.config_file.exists():
            text = _("{path} does not exist; hipbreak uses its defaults").format(path=env.config_file)
            print(text, file=env.stdout)
            return ExitStatus.OK
        # Translators: the settings file {path} has no problems.
        print(_("{path}: OK").format(path=env.config_file), file=env.stdout)
        return ExitStatus.OK
    from hipbreak.cli.config_edit import edit_config

    return ExitStatus(edit_config(env))


def _autostart(env: Environment, args: argparse.Namespace) -> ExitStatus:
    from hipbreak.adapters.autostart import AutostartError
    from hipbreak.adapters.autostart.choose import choose_autostart
    from hipbreak.ipc.autostart import set_autostart
    from hipbreak.ipc.client import ControlError

    try:
        if args.action == "status":
            autostart = choose_autostart(env)
            enabled, where = bool(autostart.enabled()), str(autostart.location())
        else:
            # Through the running app when there is one, so its tray's checkbox follows at once.
            enabled, where = set_autostart(env, args.action == "on")
    except (AutostartError, ControlError) as exc:
        return _fail(env, str(exc))
    # Translators: {where} is the start-at-login entry's file (or registry key).
    text = _("Start at login: on ({where})") if enabled else _("Start at login: off ({where})")
    print(text.format(where=where), file=env.stdout)
    return ExitStatus.OK


def _doctor(env: Environment, args: argparse.Namespace) -> ExitStatus:
    from hipbreak.cli.doctor import run_doctor

    return ExitStatus(run_doctor(env))


def _desktop(env: Environment, args: argparse.Namespace) -> ExitStatus:
    from hipbreak.cli.desktop_setup import install_desktop, uninstall_desktop

    return install_desktop(env) if args.command == "install-desktop" else uninstall_desktop(env)
