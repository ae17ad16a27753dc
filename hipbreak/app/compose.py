"""The composition root: builds the running tray app from its parts, in one place."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from hipbreak.environment import Environment
from hipbreak.language import _

log = logging.getLogger("hipbreak")


def setup_logging(env: Environment, verbose: bool) -> None:
    """Log to a rotating file in the log dir (else to stderr), and to stderr too when `verbose`."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    from hipbreak.adapters.log_file import log_handler

    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    root.addHandler(log_handler(env.log_file, env.stderr, formatter))
    if verbose:
        console = logging.StreamHandler(env.stderr)
        console.setFormatter(formatter)
        root.addHandler(console)
    # APScheduler logs every job it adds and runs at INFO: one line per reminder deadline is noise.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("tzlocal").setLevel(logging.WARNING)


def run_app(env: Environment, verbose: bool = False) -> int:
    """Run the tray app until Quit; return the process exit status."""

    def say(line: str) -> None:
        print(f"hipbreak: {line}", file=env.stderr, flush=True)

    if not env.has_display:
        # Translators: DISPLAY and WAYLAND_DISPLAY are environment variables: keep them as they are.
        say(
            _(
                "no graphical desktop found (DISPLAY and WAYLAND_DISPLAY are unset); "
                "start hipbreak from your desktop session"
            )
        )
        return 1
    if not env.platform.startswith(("win32", "darwin")):
        from hipbreak.adapters.display_check import display_problem

        problem = display_problem(env.variables)
        if problem is not None:
            say(problem)
            return 1
    from hipbreak.ipc.instance import InstanceError, InstanceLock

    lock = InstanceLock(env)
    try:
        first = lock.acquire()
    except (InstanceError, OSError) as exc:
        say(str(exc))  # names the folder or file and what to do
        return 1
    if not first and lock.other_session_pid is not None:
        # Translators: {pid} is a process number; `hipbreak status` is a command: keep it as it is.
        message = _(
            "already running in another session of yours (pid {pid}); "
            "use its tray icon there, or `hipbreak status` from here"
        )
        say(message.format(pid=lock.other_session_pid))
        return 0
    if not first:
        say(_("already running; use its tray icon, or `hipbreak status`"))
        return 0
    _one_malloc_arena(env)
    setup_logging(env, verbose)
    from hipbreak.adapters.alarm import Alarm
    from hipbreak.adapters.autostart.choose import choose_autostart
    from hipbreak.adapters.clock.change_watch import choose_clock_watch
    from hipbreak.adapters.clock.system import SystemClock
    from hipbreak.adapters.clock.zone import local_zone
    from hipbreak.adapters.config_file.read import load_settings
    from hipbreak.adapters.history_keeper import HistoryKeeper
    from hipbreak.adapters.hold.choose import choose_hold_signals
    from hipbreak.adapters.idle.choose_watch import choose_idle_watch
    from hipbreak.adapters.idle.watching import IdleWatching
    from hipbreak.adapters.notify.choose import choose_notifier
    from hipbreak.adapters.tray.choose import UNIX_DESKTOPS, choose_tray
    from hipbreak.adapters.tray.holder import TrayHolder
    from hipbreak.app.gnome_port import GnomePort
    from hipbreak.app.live_ports import LivePorts
    from hipbreak.app.state import App
    from hipbreak.app.stopping import Stopping
    from hipbreak.core import commands as c
    from hipbreak.core.reminders import Reminders
    from hipbreak.core.view import BUBBLE_COMMANDS, tray_view
    from hipbreak.ipc.server import ControlServer

    settings, errors = load_settings(env.config_file)

    zone = local_zone(dict(env.variables))
    clock = SystemClock(zone)
    autostart = choose_autostart(env)

    app = App(
        settings,
        clock,
        None,  # type: ignore[arg-type]  # the ports need the app's post(); they are attached below
        lambda: HistoryKeeper.open(env.history_file, clock.now),
        lambda: load_settings(env.config_file),
    )

    app.problems.extend(errors)  # shown once as a bubble, for an app started at login has no terminal
    post = app.post

    def bubble_pressed(key: str) -> None:
        command = BUBBLE_COMMANDS.get(key)
        if command is not None:
            post(command)

    now = clock.now()
    first_view = tray_view(Reminders(settings.reminders, zone).status(now), settings, now)
    first_tray, plan = choose_tray(env, post, _draw_icon, first_view)
    tray = TrayHolder(first_tray)
    for note in plan.notes:
        log.info("tray: %s", note)
    notifier, notifier_notes = choose_notifier(env, on_action=bubble_pressed, tray_icon=tray)
    for note in notifier_notes:
        log.info("notifier: %s", note)
    if notifier.name == "none" or (env.platform.startswith("linux") and "freedesktop" not in notifier.name):
        say(
            _(
                "no notification service with buttons found on the session bus; a reminder may show only "
                "as the due mark on the tray icon (see `hipbreak doctor`)"
            )
        )
    holds, hold_notes = choose_hold_signals(env, settings)
    for note in hold_notes:
        log.info("hold: %s", note)
    # The idle watch, the alarm and the clock-change watch only post commands: no timer runs between
    # deadlines, and the state thread learns of idleness, a resume or a clock change when it happens.
    idle = IdleWatching(
        lambda: choose_idle_watch(env),
        on_idle=lambda seconds: post(c.UserIdle(seconds)),
        on_active=lambda: post(c.UserActive()),
    )
    alarm = Alarm(on_wake=lambda: post(c.Tick()))
    clock_watch, clock_notes = choose_clock_watch(env)
    for note in clock_notes:
        log.info("clock changes: passed over %s", note)

    def clock_changed() -> None:
        alarm.rearm()  # its wait ran on the monotonic clock, which a suspend stops
        post(c.Tick())  # the state thread compares the clocks before every command

    stop_asked = threading.Event()
    finished = threading.Event()

    def stop_tray() -> None:
        stop_asked.set()
        tray.stop()

    def tell(line: str) -> None:
        say(line)
        log.warning("%s", line)

    def tray_ready() -> None:
        if getattr(tray.current, "backend", None) == "gtk":
            stopping.watch_gtk()
        # The tray ignores stop() until its loop runs: a quit that came earlier would leave us hanging.
        if stop_asked.is_set():
            tray.stop()
        else:
            post(c.Tick())

    host_watch = _watch_for_tray_host(env, post) if plan.kind == "none" else None

    def tray_host_appeared(kind: str) -> bool:
        # The state thread decides (TrayHostAppeared); the holder runs the new tray on the main thread.
        return _adopt_tray_host(env, tray, host_watch, post, _draw_icon, tray.view or first_view)

    app.ports = LivePorts(
        env,
        tray,
        notifier,
        alarm,
        idle,
        autostart,
        on_stop=stop_tray,
        say=say,
        on_tray_host=tray_host_appeared,
        hold_signals=holds,
        gnome=GnomePort(env, post) if env.platform.startswith("linux") else None,
    )

    def handle(command: c.Command) -> Any:
        from hipbreak.ipc.wire import Reply

        reply = app.call(command)
        return Reply.success(reply.message, reply.data) if reply.ok else Reply.failure(reply.message)

    server = ControlServer(env, handle)
    status = 0
    state_thread = threading.Thread(target=app.run, args=(zone,), name="hipbreak-state", daemon=True)

    def finish() -> None:
        """Close what the app opened: socket, alarm, bus connections, the icon's files, the lock (once)."""
        if finished.is_set():
            return
        finished.set()
        server.stop()
        alarm.stop()
        if host_watch is not None:
            host_watch.close()
        clock_watch.close()
        notifier.close()
        idle.close()
        for signal in holds:
            signal.close()
        remove_temp_files = getattr(tray.current, "remove_temp_files", None)  # pystray's icon files
        if remove_temp_files is not None:
            remove_temp_files()
        lock.release()

    stopping = Stopping(post, tell, finish, state_thread)
    stopping.catch_signals()
    try:
        alarm.start()
        clock_watch.start(clock_changed)
        idle.watch(settings.reminders.idle_reset.total_seconds())
        state_thread.start()
        for signal in holds:
            signal.start(_hold_poster(post, signal))
        try:
            server.start()
        except OSError as exc:
            # Translators: {path} is the socket file, {problem} why it could not be opened.
            message = _("cannot open the control socket {path} ({problem}); the CLI cannot reach this app")
            say(message.format(path=env.socket_file, problem=exc))
        if plan.kind == "none" and env.platform.startswith(UNIX_DESKTOPS):
            say(_("no system tray found; opening the hipbreak control window until one appears"))
            post(c.TrayMissing())
            if host_watch is not None:
                host_watch.start()
        log.info(
            "started: tray %s (%s), notifier %s, idle watch %s, clock changes by %s",
            plan.label,
            plan.reason,
            notifier.name,
            idle.watch_in_use.name,
            clock_watch.name,
        )
        log.info("hold signals: %s", ", ".join(s.name for s in holds) or "none")
        tray.run(on_ready=tray_ready)
    except KeyboardInterrupt:
        pass
    except Exception as exc:
        if stop_asked.is_set():
            # pystray's gtk backend closes its last bubble on the way out, which fails with no
            # notification service on the bus: the quit itself went well.
            log.warning("the tray failed while closing: %s", exc)
        else:
            # The display went away under GTK, say: the traceback goes to the log, the user gets a line.
            log.exception("the tray stopped")
            reason = " ".join(str(exc).split()) or type(exc).__name__
            # Translators: {problem} is the error, {path} the log file.
            say(
                _("the tray icon stopped ({problem}); see the log {path}").format(
                    problem=reason, path=env.log_file
                )
            )
            status = 1
    finally:
        if app.running:
            app.post(c.Stop("the tray ended"))  # not user text: a reason for the log
            state_thread.join(timeout=3)
        finish()
    return status


def _draw_icon(size: int, badge: str | None) -> Any:
    """The app icon as a Pillow image; Pillow loads only for a tray that draws (the StatusNotifier tray
    mostly sends the pixmaps the package ships)."""
    from hipbreak.adapters.icon_art import draw_app_icon

    return draw_app_icon(size, badge)


def _hold_poster(post: Callable[[Any], None], signal: Any) -> Callable[[bool], None]:
    """Return the callback of `signal`: its thread only posts; the state thread records and re-plans."""

    def changed(active: bool) -> None:
        from hipbreak.core.commands import HoldChanged

        post(HoldChanged(signal.reason, active, signal.name))

    return changed


def _one_malloc_arena(env: Environment) -> None:
    """Have glibc's malloc serve every thread from one arena; call before any thread starts (Linux only)."""
    # glibc gives each thread that allocates an arena of its own, where the app's mostly idle threads kept
    # about 2 MB of PSS between them (docs/benchmarks.md); they never allocate enough to contend.
    if not env.platform.startswith("linux"):
        return
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc
        return
    m_arena_max = -8  # from glibc's <malloc.h>
    mallopt(m_arena_max, 1)


def _watch_for_tray_host(env: Environment, post: Any) -> Any:
    """Return a (not yet started) watch that posts TrayHostAppeared when a panel brings a tray host."""
    from hipbreak.adapters.tray.host_watch import TrayHostWatch
    from hipbreak.core.commands import TrayHostAppeared

    return TrayHostWatch(env.variables, lambda kind: post(TrayHostAppeared(kind)))


def _adopt_tray_host(
    env: Environment, holder: Any, host_watch: Any, post: Any, draw_icon: Any, view: Any
) -> bool:
    """Show the icon on the host that appeared; True when a tray now shows it (state thread)."""
    from hipbreak.adapters.tray.choose import build_tray, plan_tray
    from hipbreak.adapters.tray.null import NullTray

    if not isinstance(holder.current, NullTray):
        return False  # already showing somewhere
    plan = plan_tray(env)
    log.info("a tray host appeared: tray %s (%s)", plan.label, plan.reason)
    if plan.kind == "none":  # gone again already: the control window stays
        log.warning("the tray host left before the icon could show; restart hipbreak to look again")
        return False
    if host_watch is not None:
        host_watch.close()
    holder.replace(build_tray(plan, env, post, draw_icon, view))
    return True
