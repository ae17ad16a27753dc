"""One subject on a headless desktop of its own, measured through its life (figures 1 to 4).

start() → docked in trayer, or registered with lxqt-panel's watcher (timed) → `settle` s later: memory →
`idle_after` s after docking the idle window opens →
`idle` s later it closes → open_window() (timed) → stop(). The runner interleaves many instances; each has
its own X server, bus and tray, so they meet only on the CPU.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.harness import Desktop, start_lxqt_panel, wait_for
from bench.proc import Activity, Memory, activity, cpu_busy, memory, thread_switches, trees
from bench.sni_watch import RegistrationWatch
from bench.subjects import LXQT, Subject
from bench.xwatch import Screen

DOCK_TIMEOUT = 20.0
WINDOW_TIMEOUT = 10.0
# A process whose CPU time has not moved for this long has finished starting up.
QUIET_SECONDS = 0.5
QUIET_AT_MOST = 5.0

# A second private bus of the system type, for a peer that wants logind; nothing answers on it.
_SYSTEM_BUS = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <keep_umask/>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class Instance:
    """One run of one subject; every method is called from the runner's single thread."""

    def __init__(
        self,
        subject: Subject,
        run: int,
        settle: float,
        idle_after: float,
        idle: float,
        nudge: float | None = None,
    ) -> None:
        """Describe the run; nothing starts before start(). With `nudge`, the pointer moves every `nudge` s
        of the idle window (far from the tray), so a long window keeps the user present."""
        self.subject = subject
        self.run = run
        self.settle = settle
        self.idle_after = max(idle_after, settle)
        self.idle_seconds = idle
        self.nudge = nudge
        self.phase = "new"  # new → settling → waiting → idling → window → done
        self.problem: str | None = None
        self.dock_s: float | None = None
        self.memory: Memory | None = None
        self.settled_after: float | None = None
        self.idle: tuple[Activity, Activity] | None = None
        self.thread_switches: dict[str, int] = {}
        self.window_ms: float | None = None
        self._desktop: Desktop | None = None
        self._screen: Screen | None = None
        self._pid = 0
        self._docked_at = 0.0
        self._idle_start: Activity | None = None
        self._threads_start: dict[int, tuple[str, int]] = {}
        self._cpu = (0.0, 0.0)  # (when it last moved, the value)
        self._nudged = 0.0
        self._nudges = 0

    def __repr__(self) -> str:
        return f"{self.subject.key}#{self.run + 1}"

    # -- life cycle ----------------------------------------------------------------------------------

    def start(self) -> None:
        """Start a desktop and its tray host, then the subject, and time it until its icon docks (trayer)
        or its item is registered (lxqt-panel)."""
        sni = self.subject.host == LXQT
        desktop = self._desktop = Desktop(tray=not sni).start()
        env = dict(self.subject.env)
        if self.subject.system_bus:
            env["DBUS_SYSTEM_BUS_ADDRESS"] = self._start_system_bus(desktop)
        self._screen = Screen(desktop.display)
        watch = None
        if sni:
            start_lxqt_panel(desktop, "tray-host")
            watch = RegistrationWatch(desktop.bus_address)  # subscribed before the clock starts
        else:
            self._screen.docked_icons()  # find the panel before the clock starts
        # The harness sets GDK_GL=disable for every child; the subjects get the environment a user's session
        # has, where hipbreak and the floor set it themselves and the peers do not.
        command = ["env", "-u", "GDK_GL", *self.subject.command]
        try:
            started = time.monotonic()
            process = desktop.spawn(command, self.subject.key, env=env)
            if watch is not None:
                heard = watch.wait_registered(started + DOCK_TIMEOUT)
                docked = None if heard is None else heard[0]
            else:
                docked = self._screen.wait_docked(1, started + DOCK_TIMEOUT)
        finally:
            if watch is not None:
                watch.close()
        self._pid = process.pid
        if docked is None:
            state = "exited" if process.poll() is not None else "still running"
            what = "no item registered" if sni else "no icon docked"
            self._fail(f"{what} within {DOCK_TIMEOUT:g} s ({state})")
            return
        self.dock_s = docked - started
        self._docked_at = docked
        self._cpu = (docked, cpu_busy(self._pid))
        self.phase = "settling"

    def next_due(self) -> float:
        """When step() next has something timed to do (infinity when nothing)."""
        if self.phase == "settling":
            return self._docked_at + self.settle
        if self.phase == "waiting":
            return self._docked_at + self.idle_after
        if self.phase == "idling" and self._idle_start is not None:
            end = self._idle_start.at + self.idle_seconds
            return end if self.nudge is None else min(end, self._nudged + self.nudge)
        return float("inf")

    def step(self, now: float) -> None:
        """Take the memory snapshot, or open or close the idle window, when due."""
        if now < self.next_due():
            return
        if self.phase == "settling":
            self.settled_after = now - self._docked_at
            self.memory = memory(trees([self._pid]), self._company())
            if self.subject.memory_only:
                self.phase = "done"
                return
            self.phase = "waiting"
            self.step(time.monotonic())  # the idle window may open at once
        elif self.phase == "waiting":
            self._threads_start = thread_switches(self._pid)
            self._idle_start = activity(self._pid, time.monotonic())
            self._nudged = self._idle_start.at
            self.phase = "idling"
        elif self.phase == "idling" and self._idle_start is not None and not self._window_over(now):
            # Input now and then keeps the user present (idle_reset is 5 min), well away from the tray.
            assert self._desktop is not None
            self._nudged = now
            self._nudges += 1
            self._desktop.move(100 + self._nudges % 2 * 300, 100)
        elif self.phase == "idling" and self._idle_start is not None:
            end = activity(self._pid, time.monotonic())
            self.idle = (self._idle_start, end)
            for tid, (name, count) in thread_switches(self._pid).items():
                before = self._threads_start.get(tid, (name, 0))[1]
                if count - before:
                    label = f"{name}/{tid}"
                    self.thread_switches[label] = count - before
            self.phase = "window" if self.subject.menu_keys is not None else "done"

    def quiet(self, now: float) -> bool:
        """Whether the subject has stopped using the CPU after starting (or started long enough ago)."""
        if self.phase in ("new", "done") or now - self._docked_at >= QUIET_AT_MOST:
            return True
        moved, value = self._cpu
        current = cpu_busy(self._pid)
        if current != value:
            self._cpu = (now, current)
            return False
        return now - moved >= QUIET_SECONDS

    def open_window(self) -> None:
        """Right-click the icon, pick the item with the keyboard, and time Return → the window mapped."""
        assert self._desktop is not None and self._screen is not None and self.subject.menu_keys is not None
        desktop, screen = self._desktop, self._screen
        self.phase = "done"
        icons = desktop.tray_icons()
        if not icons:
            self.problem = "the icon left the tray before the window test"
            return
        screen.watch_maps()
        desktop.click(*icons[0].center, button=3)
        if screen.wait_mapped(None, time.monotonic() + WINDOW_TIMEOUT, min_height=40) is None:
            self.problem = "no menu opened on a right click"
            return
        desktop.key(*self.subject.menu_keys)
        began = time.monotonic()
        desktop.run(["xdotool", "key", "Return"])
        found = screen.wait_mapped(self.subject.window_title, began + WINDOW_TIMEOUT)
        if found is None:
            self.problem = f"no window titled like {self.subject.window_title!r} within {WINDOW_TIMEOUT:g} s"
            return
        self.window_ms = (found[0] - began) * 1000

    def stop(self) -> None:
        """Stop the subject and its desktop; safe to repeat."""
        if self._screen is not None:
            self._screen.close()
            self._screen = None
        if self._desktop is not None:
            self._desktop.stop()
            self._desktop = None
        if self.phase != "done":
            self.phase = "done"

    def log_tail(self, lines: int = 5) -> str:
        """The last lines the subject printed (for a failure report)."""
        if self._desktop is None:
            return ""
        return "\n".join(self._desktop.read_log(self.subject.key).strip().splitlines()[-lines:])

    # -- helpers -------------------------------------------------------------------------------------

    def _window_over(self, now: float) -> bool:
        assert self._idle_start is not None
        return now >= self._idle_start.at + self.idle_seconds

    def _fail(self, problem: str) -> None:
        tail = self.log_tail(3)
        self.problem = f"{problem}: {tail}" if tail else problem
        self.phase = "done"

    def _company(self) -> list[int]:
        """The desktop's own processes: they share pages with the subject on any real desktop too."""
        assert self._desktop is not None
        servers = [proc.pid for name, proc in self._desktop.processes.items() if name != self.subject.key]
        return trees(servers)

    def _start_system_bus(self, desktop: Desktop) -> str:
        socket = Path(desktop.env["XDG_RUNTIME_DIR"]) / "system_bus_socket"
        config = socket.with_name("system-bus.conf")
        config.write_text(_SYSTEM_BUS.format(socket=socket))
        desktop.spawn(["dbus-daemon", "--nofork", f"--config-file={config}"], "system-bus")
        wait_for(socket.exists, timeout=10, message="the private system bus")
        return f"unix:path={socket}"
