"""A private headless X11 desktop (session bus, Xvfb, dunst, trayer) for end-to-end tests.

Run ``python tests/desktop.py`` to start one by hand and print its environment.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, Any, TypeVar

import pytest
from servers import stop_process
from session_bus import SessionBus, name_has_owner
from xserver import start_xvfb

T = TypeVar("T")

# Programs the desktop itself runs; a test needing more (notify-send, faketime) asks require_tools().
REQUIRED_TOOLS = (
    "dbus-daemon",
    "dbus-send",
    "Xvfb",
    "dunst",
    "dunstctl",
    "trayer",
    "xdotool",
    "xwininfo",
    "import",
)

NOTIFICATIONS_NAME = "org.freedesktop.Notifications"
TRAY_SELECTION = "_NET_SYSTEM_TRAY_S0"

# Bubbles never expire, so a test sees them until it closes them; left click runs the default action.
_DUNSTRC = """[global]
    monitor = 0
    follow = none
    width = 320
    origin = top-right
    offset = 10x10
    font = DejaVu Sans 10
    history_length = 1000
    sticky_history = yes
    idle_threshold = 0
    show_age_threshold = -1
    mouse_left_click = do_action, close_current
    mouse_right_click = close_current

[urgency_low]
    timeout = 0

[urgency_normal]
    timeout = 0

[urgency_critical]
    timeout = 0
"""

_TRAYER_ARGS = ("--edge", "bottom", "--align", "right", "--widthtype", "request", "--height", "32")

# One line of `xwininfo -root -tree`: indent, id, name, (res class), WxH+x+y relative, +x+y absolute.
_TREE_LINE = re.compile(
    r"^(?P<indent>\s*)(?P<id>0x[0-9a-f]+) (?:\(has no name\)|\"(?P<name>.*)\"): \(.*\)\s+"
    r"(?P<w>\d+)x(?P<h>\d+)\+-?\d+\+-?\d+\s+\+(?P<x>-?\d+)\+(?P<y>-?\d+)\s*$"
)


@dataclass(frozen=True)
class Window:
    """An X window with its geometry in root coordinates."""

    id: int
    name: str
    x: int
    y: int
    width: int
    height: int

    @property
    def center(self) -> tuple[int, int]:
        """The middle of the window, for click()."""
        return self.x + self.width // 2, self.y + self.height // 2


@dataclass
class _Node:
    window: Window
    depth: int
    children: list[_Node] = field(default_factory=list)


def missing_tools(tools: Sequence[str] = REQUIRED_TOOLS) -> list[str]:
    """Return the tools from `tools` that are not on PATH."""
    return [tool for tool in tools if shutil.which(tool) is None]


def skip_or_fail(reason: str) -> None:
    """Skip the current test, or fail it when CI=true (CI must never skip for want of a tool)."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true, so this fails instead of skipping)")
    pytest.skip(reason)


def require_tools(*tools: str) -> None:
    """Skip (fail on CI) the current test unless every tool is on PATH; default: the desktop's tools."""
    missing = missing_tools(tools or REQUIRED_TOOLS)
    if missing:
        skip_or_fail(f"missing tool(s): {', '.join(missing)}")


def wait_for(predicate: Callable[[], T], timeout: float = 10.0, message: str = "condition") -> T:
    """Poll `predicate` until it returns a truthy value and return it; AssertionError after `timeout` s."""
    deadline = time.monotonic() + timeout
    last: object = None
    while True:
        try:
            last = predicate()
        except Exception as exc:  # polled state often is not there yet (missing file, dead window)
            last = exc
        else:
            if last:
                return last
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {message}; last value: {last!r}")
        time.sleep(0.05)


@cache
def _libx11() -> ctypes.CDLL:
    lib = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    lib.XOpenDisplay.restype = ctypes.c_void_p
    lib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    lib.XInternAtom.restype = ctypes.c_ulong
    lib.XGetSelectionOwner.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    lib.XGetSelectionOwner.restype = ctypes.c_ulong
    lib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    return lib


def selection_owner(display: str, selection: str) -> int | None:
    """Return the window owning X selection `selection` on `display`, or None."""
    # xprop cannot show selection owners; one Xlib call through ctypes needs no extra package.
    lib = _libx11()
    dpy = lib.XOpenDisplay(display.encode())
    if not dpy:
        raise RuntimeError(f"cannot open X display {display}")
    try:
        owner = lib.XGetSelectionOwner(dpy, lib.XInternAtom(dpy, selection.encode(), 0))
    finally:
        lib.XCloseDisplay(dpy)
    return int(owner) or None


def _parse_tree(text: str) -> list[_Node]:
    """Parse `xwininfo -root -tree` into the root's children, each with its subtree."""
    roots: list[_Node] = []
    stack: list[_Node] = []
    for line in text.splitlines():
        match = _TREE_LINE.match(line)
        if not match:
            continue
        window = Window(
            id=int(match["id"], 16),
            name=match["name"] or "",
            x=int(match["x"]),
            y=int(match["y"]),
            width=int(match["w"]),
            height=int(match["h"]),
        )
        node = _Node(window, len(match["indent"]))
        while stack and stack[-1].depth >= node.depth:
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots


class Desktop:
    """A session bus, Xvfb, dunst and trayer of its own; call start(), and stop() in a finally."""

    def __init__(
        self,
        *,
        tray: bool = True,
        notifications: bool = True,
        size: tuple[int, int] = (1280, 800),
        timeout: float = 15.0,
    ) -> None:
        """Describe the desktop; nothing starts before start()."""
        self.want_tray = tray
        self.want_notifications = notifications
        self.size = size
        self.timeout = timeout
        self.root = Path(tempfile.mkdtemp(prefix="hipbreak-desktop-"))
        self.home = self.root / "home"
        self.logs = self.root / "logs"
        self.display = ""
        self.bus_address = ""
        self.start_seconds = 0.0
        self._env: dict[str, str] = {}
        self._procs: dict[str, subprocess.Popen[bytes]] = {}
        self._log_files: dict[str, IO[bytes]] = {}

    # ----- life cycle -------------------------------------------------------------------------------

    def start(self) -> Desktop:
        """Start bus, X server, then dunst and trayer as asked; everything is stopped if any step fails."""
        began = time.monotonic()
        try:
            self._make_dirs()
            self._start_bus()
            self._start_x()
            self.run(["dbus-update-activation-environment", "DISPLAY", "XDG_RUNTIME_DIR"])
            if self.want_notifications:
                self.start_notifications()
            if self.want_tray:
                self.start_tray()
        except BaseException:
            self.stop()
            raise
        self.start_seconds = time.monotonic() - began
        return self

    def stop(self, *, keep_files: bool = False) -> None:
        """Kill every process this desktop started (newest first) and remove its files; safe to repeat."""
        for name in reversed([*self._log_files, *self._procs]):  # a failed Popen leaves only a log
            self.kill(name)
        if not keep_files:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Desktop:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def processes(self) -> dict[str, subprocess.Popen[bytes]]:
        """The running components and spawned processes by name (dbus, xvfb, dunst, trayer, ...)."""
        return dict(self._procs)

    @property
    def env(self) -> dict[str, str]:
        """A fresh copy of the environment every child gets: this display, this bus, private XDG dirs."""
        return dict(self._env)

    def spawn(
        self,
        args: Sequence[str | os.PathLike[str]],
        name: str,
        *,
        env: dict[str, str] | None = None,
        cwd: str | os.PathLike[str] | None = None,
    ) -> subprocess.Popen[bytes]:
        """Start `args` in its own process group with the desktop env plus `env`; output to log_path(name).

        The desktop kills it on stop(); `name` must be unique among running processes.
        """
        if name in self._procs and self._procs[name].poll() is None:
            raise ValueError(f"a process named {name!r} is still running")
        self.kill(name)  # reap an earlier process of that name and close its log
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 - closed in kill()
        self._log_files[name] = log
        proc = subprocess.Popen(
            [os.fspath(arg) for arg in args],
            env={**self._env, **(env or {})},
            cwd=cwd or self.home,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group, so kill() also reaches its children
        )
        self._procs[name] = proc
        return proc

    def kill(self, name: str) -> None:
        """Stop the spawned process `name` and its process group (TERM, then KILL after 3 s)."""
        proc = self._procs.pop(name, None)
        stop_process(proc, group=True, grace=3.0)
        log = self._log_files.pop(name, None)
        if log is not None:
            log.close()

    def log_path(self, name: str) -> Path:
        """Where the output of the process spawned as `name` goes."""
        return self.logs / f"{name}.log"

    def read_log(self, name: str) -> str:
        """The output so far of the process spawned as `name` ("" if none)."""
        path = self.log_path(name)
        return path.read_text(errors="replace") if path.exists() else ""

    def run(self, args: Sequence[str], *, check: bool = True, timeout: float = 10.0) -> str:
        """Run a short command with the desktop env and return its stdout; RuntimeError on failure."""
        result = subprocess.run(
            list(args), env=self._env, capture_output=True, text=True, timeout=timeout, check=False
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} exited {result.returncode}: {result.stderr.strip()}")
        return result.stdout

    # ----- components -------------------------------------------------------------------------------

    def start_notifications(self) -> None:
        """Start dunst and wait until it owns org.freedesktop.Notifications on the private bus."""
        config = self.root / "dunstrc"
        config.write_text(_DUNSTRC)
        self.spawn(["dunst", "-config", str(config)], "dunst")
        self._wait_alive("dunst", lambda: self.name_has_owner(NOTIFICATIONS_NAME), NOTIFICATIONS_NAME)

    def stop_notifications(self) -> None:
        """Kill dunst and wait until the notification name has no owner."""
        self.kill("dunst")
        wait_for(lambda: not self.name_has_owner(NOTIFICATIONS_NAME), self.timeout, "dunst to leave the bus")

    def start_tray(self) -> None:
        """Start trayer and wait until it owns the system tray selection."""
        self.spawn(["trayer", *_TRAYER_ARGS, "--transparent", "false"], "trayer")
        self._wait_alive("trayer", self.tray_owner, TRAY_SELECTION)

    def stop_tray(self) -> None:
        """Kill trayer and wait until nobody owns the system tray selection."""
        self.kill("trayer")
        wait_for(lambda: self.tray_owner() is None, self.timeout, "the tray selection to be free")

    def tray_owner(self) -> int | None:
        """The window owning _NET_SYSTEM_TRAY_S0 (the XEmbed tray), or None."""
        return selection_owner(self.display, TRAY_SELECTION)

    def name_has_owner(self, name: str) -> bool:
        """Whether `name` (e.g. org.kde.StatusNotifierWatcher) has an owner on the private bus."""
        return name_has_owner(self._env, name)

    # ----- notifications ----------------------------------------------------------------------------

    def notifications(self, *, close: bool = True) -> list[dict[str, Any]]:
        """Notifications dunst has seen, newest first: dicts with summary, body, appname, id, icon_path, ...

        With `close` (the default) open bubbles are closed first, because dunst lists only closed ones;
        the sender then gets NotificationClosed(reason 2).
        """
        if close:
            self.run(["dunstctl", "close-all"])
        data = json.loads(self.run(["dunstctl", "history"]))
        entries = data["data"][0] if data.get("data") else []
        # Each field comes as {"type": ..., "data": value}; keep the values.
        found = [{key: value["data"] for key, value in entry.items()} for entry in entries]
        return sorted(found, key=lambda note: note["id"], reverse=True)

    def displayed_notifications(self) -> int:
        """How many bubbles are open right now."""
        return int(self.run(["dunstctl", "count", "displayed"]).strip())

    def notification_action(self, position: int = 0) -> None:
        """Run the default action of the open bubble at `position` (0 = newest), as a click would."""
        self.run(["dunstctl", "action", str(position)])

    # ----- windows and input ------------------------------------------------------------------------

    def tray_icons(self) -> list[Window]:
        """Icons docked in trayer, left to right: the icon's own window id and name, the slot's geometry."""
        icons = []
        for node in _parse_tree(self.run(["xwininfo", "-root", "-tree"])):
            if node.window.name != "panel":
                continue
            for slot in node.children:
                # trayer keeps a 1x1 helper child; real slots are the size of an icon.
                if slot.window.width <= 1 or slot.window.height <= 1:
                    continue
                client = slot.children[0].window if slot.children else slot.window
                icons.append(Window(client.id, client.name, *_geometry(slot.window)))
        return sorted(icons, key=lambda icon: icon.x)

    def windows(self, name: str | None = None) -> list[Window]:
        """Mapped on-screen top-level windows bigger than 1x1 (menus, app windows, bubbles), by exact name."""
        # An empty regex matches every window, named or not; geometry then drops GTK's off-screen helpers.
        visible = set(self.window_ids("", depth=1))
        found = []
        for node in _parse_tree(self.run(["xwininfo", "-root", "-tree"])):
            window = node.window
            on_screen = window.x + window.width > 0 and window.y + window.height > 0
            real = window.id in visible and on_screen and window.width > 1 and window.height > 1
            if real and name in (None, window.name):
                found.append(window)
        return found

    def window_ids(self, name: str, *, visible_only: bool = True, depth: int | None = None) -> list[int]:
        """Windows whose name matches the regex `name` (xdotool search --name)."""
        args = ["xdotool", "search"]
        if visible_only:
            args.append("--onlyvisible")
        if depth is not None:
            args += ["--maxdepth", str(depth)]
        # xdotool exits 1 when nothing matches; that is an answer, not an error.
        out = self.run([*args, "--name", name], check=False)
        return [int(line) for line in out.split()]

    def geometry(self, window_id: int) -> Window:
        """Name and root-relative geometry of one window."""
        out = self.run(["xwininfo", "-id", str(window_id)])
        fields = dict(re.findall(r"^\s*(Absolute upper-left [XY]|Width|Height):\s*(-?\d+)", out, re.M))
        name = re.search(r'xwininfo: Window id: \S+ "(.*)"', out)
        return Window(
            window_id,
            name[1] if name else "",
            int(fields["Absolute upper-left X"]),
            int(fields["Absolute upper-left Y"]),
            int(fields["Width"]),
            int(fields["Height"]),
        )

    def click(self, x: int, y: int, button: int = 1) -> None:
        """Move the pointer to (x, y) in root coordinates and click `button` (1 left, 3 right)."""
        # No --sync: it waits for the pointer to move, forever when it is already there.
        self.run(["xdotool", "mousemove", str(x), str(y), "click", str(button)])

    def move(self, x: int, y: int) -> None:
        """Move the pointer (this also resets the X idle time)."""
        self.run(["xdotool", "mousemove", str(x), str(y)])

    def key(self, *names: str) -> None:
        """Press and release keys by X keysym name, e.g. key("Down", "Return") or key("ctrl+q")."""
        self.run(["xdotool", "key", "--delay", "50", *names])

    def type_text(self, text: str) -> None:
        """Type `text` into the focused window."""
        self.run(["xdotool", "type", "--delay", "20", text])

    def focus(self, window_id: int) -> None:
        """Give `window_id` the keyboard focus (there is no window manager to do it)."""
        self.run(["xdotool", "windowfocus", "--sync", str(window_id)])

    def screenshot(self, path: str | os.PathLike[str], region: Window | None = None) -> Path:
        """Save the screen (or just `region`) as an image at `path` and return the path."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        args = ["import", "-window", "root"]
        if region is not None:
            args += ["-crop", f"{region.width}x{region.height}+{region.x}+{region.y}", "+repage"]
        self.run([*args, str(target)], timeout=30)
        return target

    def save_artifacts(self, directory: str | os.PathLike[str]) -> None:
        """Copy a screenshot and every log into `directory`, for a failed test's post-mortem."""
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        try:
            self.screenshot(target / "desktop.png")
        except Exception as exc:  # the X server may be the thing that died
            (target / "screenshot-error.txt").write_text(f"{exc}\n")
        for log in sorted(self.logs.glob("*.log")):
            shutil.copyfile(log, target / log.name)

    # ----- internals --------------------------------------------------------------------------------

    def _make_dirs(self) -> None:
        runtime = self.root / "runtime"
        dirs = {
            "HOME": self.home,
            "XDG_CONFIG_HOME": self.home / ".config",
            "XDG_DATA_HOME": self.home / ".local" / "share",
            "XDG_STATE_HOME": self.home / ".local" / "state",
            "XDG_CACHE_HOME": self.home / ".cache",
            "XDG_RUNTIME_DIR": runtime,
        }
        for path in [*dirs.values(), self.logs]:
            path.mkdir(parents=True, exist_ok=True)
        runtime.chmod(0o700)  # the XDG spec requires it; apps may refuse a looser runtime dir
        self._env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            **{key: str(path) for key, path in dirs.items()},
            "XDG_SESSION_TYPE": "x11",
            "GDK_BACKEND": "x11",
            "GDK_GL": "disable",  # skips loading Mesa, ~25 MB per GTK process
            "NO_AT_BRIDGE": "1",  # no accessibility bus to wait for
            "GSETTINGS_BACKEND": "memory",  # no dconf service on this bus
            "GIO_USE_VFS": "local",
        }
        if "TZ" in os.environ:
            self._env["TZ"] = os.environ["TZ"]

    def _start_bus(self) -> None:
        # No service directories: a test that stopped dunst really has no notification daemon.
        bus = SessionBus(self.root, socket=self.root / "runtime" / "bus", **self._server_options("dbus"))
        self.bus_address = bus.start()
        assert bus.process is not None
        self._procs["dbus"] = bus.process
        self._env["DBUS_SESSION_BUS_ADDRESS"] = self.bus_address

    def _start_x(self) -> None:
        # -noreset keeps atoms and selections when the last client (e.g. trayer) goes.
        server = start_xvfb(*self.size, noreset=True, **self._server_options("xvfb"))
        self._procs["xvfb"] = server.process
        self.display = server.display
        self._env["DISPLAY"] = self.display

    def _server_options(self, name: str) -> dict[str, Any]:
        """How the bus and the X server start: with the desktop env, output to log_path(name), own group."""
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 - closed in kill()
        self._log_files[name] = log
        return {"timeout": self.timeout, "env": self._env, "cwd": self.root, "log": log, "new_session": True}

    def _wait_alive(self, name: str, ready: Callable[[], object], what: str) -> None:
        """Wait for `ready`, failing early with the log when process `name` dies first."""
        proc = self._procs[name]
        deadline = time.monotonic() + self.timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"{name} exited {proc.returncode} before taking {what}: {self.read_log(name)}"
                )
            try:
                if ready():
                    return
            except Exception:  # e.g. the bus or display still coming up; the deadline bounds it
                pass
            if time.monotonic() >= deadline:
                raise RuntimeError(
                    f"{name} did not take {what} within {self.timeout:g} s: {self.read_log(name)}"
                )
            time.sleep(0.02)


def _geometry(window: Window) -> tuple[int, int, int, int]:
    return window.x, window.y, window.width, window.height


def main() -> None:
    """Start a desktop, print shell exports for it, and keep it up until Ctrl-C."""
    missing = missing_tools()
    if missing:
        sys.exit(f"missing tool(s): {', '.join(missing)}")
    desktop = Desktop().start()
    try:
        for key, value in desktop.env.items():
            print(f"export {key}='{value}'")
        print(f"# started in {desktop.start_seconds:.2f} s; logs in {desktop.logs}; Ctrl-C stops it")
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        desktop.stop()


if __name__ == "__main__":
    main()
