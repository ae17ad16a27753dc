"""The stretch process's command line: arguments, the routine, the display, then the window."""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from hipbreak.adapters.routine_files import DEFAULT_ROUTINE, load_routine, valid_name
from hipbreak.core.coaching import VOICE_MODES
from hipbreak.core.routine import RoutineError, build_plan
from hipbreak.language import _, choose
from hipbreak.ui.stretch.wire import EXIT_NO_DISPLAY, EXIT_USAGE, TRACE_VARIABLE, Reporter, StretchArgs

PROG = "python -m hipbreak.ui.stretch"


class UsageError(Exception):
    """A bad command-line argument, as one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _seconds(low: float, high: float) -> Callable[[str], float]:
    def convert(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                _("expected a number of seconds, got {value}").format(value=repr(text))
            ) from None
        if not (math.isfinite(value) and low <= value <= high):
            raise argparse.ArgumentTypeError(
                _("expected seconds from {low} to {high}, got {value}").format(
                    low=f"{low:g}", high=f"{high:g}", value=repr(text)
                )
            )
        return value

    return convert


def _count(low: int, high: int) -> Callable[[str], int]:
    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                _("expected a whole number, got {value}").format(value=repr(text))
            ) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                _("expected a whole number from {low} to {high}, got {value}").format(
                    low=low, high=high, value=repr(text)
                )
            )
        return value

    return convert


def parse_args(argv: Sequence[str]) -> StretchArgs:
    """Return the stretch arguments in `argv`; raise UsageError with a one-line reason."""
    parser = _Parser(prog=PROG, description=_("Show the guided stretch window."))
    parser.add_argument("--hold", type=_seconds(0.1, 600), required=True, help=_("seconds to hold each side"))
    parser.add_argument(
        "--prepare", type=_seconds(0, 120), required=True, help=_("seconds to get into position")
    )
    parser.add_argument(
        "--daily-goal", type=_count(1, 1000), required=True, help=_("breaks aimed for each day")
    )
    parser.add_argument(
        "--done-today", type=_count(0, 100000), required=True, help=_("breaks done before this one")
    )
    parser.add_argument(
        "--sound", action=argparse.BooleanOptionalAction, default=True, help=_("chime at each step")
    )
    parser.add_argument(
        "--voice",
        choices=VOICE_MODES,
        default="on",
        help=_("speak each step and cue (default: %(default)s)"),
    )
    parser.add_argument(
        "--motion",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=_("move the picture during a hold"),
    )
    parser.add_argument(
        "--large-text",
        action=argparse.BooleanOptionalAction,
        default=False,
        help=_("only the side and the time"),
    )
    parser.add_argument("--routine", default=DEFAULT_ROUTINE, help=_("routine name (default: %(default)s)"))
    parser.add_argument(
        "--routines-dir", type=Path, default=None, help=_("folder with your own <name>.toml routines")
    )
    parser.add_argument("--stretch-id", default="", help=_("this stretch's id, written with its outcome"))
    parser.add_argument(
        "--outcomes", type=Path, default=None, help=_("file to append the outcome to (JSON lines)")
    )
    parser.add_argument(
        "--lock-fd",
        type=_count(0, 65535),
        default=None,
        help=_("inherited descriptor holding the window lock"),
    )
    ns = parser.parse_args(list(argv))
    if not valid_name(ns.routine):
        raise UsageError(
            _("argument --routine: expected a name of letters, digits, '-' and '_', got {value}").format(
                value=repr(ns.routine)
            )
        )
    if ns.routines_dir is not None and not ns.routines_dir.is_dir():
        raise UsageError(
            _("argument --routines-dir: {folder} is not a folder").format(folder=ns.routines_dir)
        )
    return StretchArgs(
        hold=ns.hold,
        prepare=ns.prepare,
        daily_goal=ns.daily_goal,
        done_today=ns.done_today,
        sound=ns.sound,
        routine=ns.routine,
        routines_dir=ns.routines_dir,
        voice=ns.voice,
        motion=ns.motion,
        large_text=ns.large_text,
        stretch_id=ns.stretch_id,
        outcomes=ns.outcomes,
        lock_fd=ns.lock_fd,
    )


def main(
    argv: Sequence[str],
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Run one guided stretch; return 0 once it ended either way, 2 for bad input, 3 with no display."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    env = os.environ if environ is None else environ
    choose(env)  # the app's language, handed down in the environment; the routine's texts follow it
    try:
        args = parse_args(argv)
        routine = load_routine(args.routine, args.routines_dir)
        plan = build_plan(routine, args.hold, args.prepare)
    except (UsageError, RoutineError, ValueError) as exc:
        err.write(f"{PROG}: {exc}\n")
        return EXIT_USAGE
    # Imported here so a bad argument is reported without loading Tk or Pillow.
    import tkinter as tk

    from hipbreak.ui.stretch.window import StretchWindow, listen_for_raise

    if sys.platform == "win32":
        _declare_dpi_awareness()
    try:
        root = tk.Tk(className="hipbreak-stretch")
    except tk.TclError as exc:
        err.write(
            _("{prog}: no display to show the stretch window on ({reason})").format(prog=PROG, reason=exc)
        )
        err.write("\n")
        return EXIT_NO_DISPLAY
    root.withdraw()  # shown once placed, so it never flashes at the screen's corner
    reporter = Reporter(out, args.stretch_id, _outcome_file(args.outcomes), err, tell_app=_tell_running_app)
    window = StretchWindow(
        root,
        plan,
        routine,
        args,
        reporter,
        trace=env.get(TRACE_VARIABLE) == "1",
        **_coaching_parts(args, env),
    )
    _hold_lock(args.lock_fd)
    _stop_on_signals(window)
    listen_for_raise(window)
    window.run()
    return 0


def _coaching_parts(args: StretchArgs, env: Mapping[str, str]) -> dict[str, Any]:
    """The window's speaker, whether its picture moves, and where its size is remembered."""
    import platformdirs

    from hipbreak.adapters.speech.choose import choose_speaker
    from hipbreak.environment import APP_NAME
    from hipbreak.ui.stretch.motion_hint import desktop_reduces_motion
    from hipbreak.ui.stretch.window_memory import FILE_NAME, WindowMemory

    speaker, _notes = choose_speaker(sys.platform, env)  # the notes are for `hipbreak doctor`
    state = Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))
    return {
        "speaker": speaker,
        "motion": args.motion and not desktop_reduces_motion(env),
        "memory": WindowMemory(state / FILE_NAME),
    }


def _outcome_file(path: Path | None) -> Any:
    if path is None:
        return None
    from hipbreak.adapters.stretch_outcomes import OutcomeFile

    return OutcomeFile(path)


def _tell_running_app(outcome: dict[str, Any]) -> None:
    """Send the outcome to the app now running, if any (from a thread the process waits for at exit).

    Only when our parent is gone: the line is in the outcome file already, and this makes an app started
    since then record it at once instead of at its next deadline. No app, or one that does not answer,
    is fine: the line waits in the file.
    """
    import threading

    def send() -> None:
        from hipbreak.core.commands import CommandError, Outcome, StretchEnded
        from hipbreak.environment import current_environment
        from hipbreak.ipc.client import ControlError, send

        details = {key: value for key, value in outcome.items() if key != "event"}
        with contextlib.suppress(ControlError, CommandError, OSError, ValueError):
            send(current_environment(), StretchEnded(Outcome(outcome["event"]), details), timeout=3.0)

    threading.Thread(target=send, name="tell-app").start()


def _hold_lock(fd: int | None) -> None:
    # The launcher locked it and let us inherit it; we hold it until we exit. Our own children (a sound
    # player) must not inherit it, or a chime could keep "a window is open" true after we are gone.
    if fd is not None:
        with contextlib.suppress(OSError):
            os.set_inheritable(fd, False)


def _stop_on_signals(window: Any) -> None:
    """End the stretch as cancelled (and write its outcome) on SIGTERM, SIGINT or SIGHUP."""
    import signal

    from hipbreak.ui.stretch.wire import PROCESS_ENDED

    def stop(_signum: int, _frame: object) -> None:
        # Runs between bytecodes on the Tk thread; the window's queue is safe to put to from here.
        window.calls.put(lambda: window.stop(PROCESS_ENDED))

    for name in ("SIGTERM", "SIGINT", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, stop)


def _declare_dpi_awareness() -> None:
    # Without this Windows scales the window up as a blurry bitmap at 150-200 %; Tk then reports the real dpi.
    import ctypes

    with contextlib.suppress(AttributeError, OSError):
        ctypes.windll.shcore.SetProcessDpiAwareness(1)  # type: ignore[attr-defined]
