"""Fixtures for the window tests: a private X server, private user folders, window processes watched
through their trace lines (HIPBREAK_WINDOW_TRACE=1), and a fake app on the control socket."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from desktop import require_tools
from window_driver import FakeApp, Folders, RunningApp, WindowProcess
from xserver import running_xvfb

from hipbreak.ipc.instance import InstanceLock
from hipbreak.ipc.server import ControlServer


@pytest.fixture(scope="session")
def display() -> Iterator[str]:
    """A private Xvfb, 1280x800, on a display number it picks itself; yields its name (":5")."""
    require_tools("Xvfb", "xdotool", "import")
    with running_xvfb(1280, 800) as server:
        yield server.display


@pytest.fixture
def folders() -> Iterator[Folders]:
    # Short, so the control socket path stays well under the 108-byte limit.
    root = Path(tempfile.mkdtemp(prefix="hbw-"))
    (root / "run").mkdir(mode=0o700)
    yield Folders(root)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def open_window(display: str, folders: Folders) -> Iterator[Callable[[str], WindowProcess]]:
    """Start a window module (e.g. "hipbreak.ui.settings_window") and wait until it is on screen."""
    started: list[WindowProcess] = []

    def start(module: str) -> WindowProcess:
        window = WindowProcess(module, folders.variables(display), display)
        started.append(window)
        return window

    yield start
    for window in started:
        window.close()


@pytest.fixture
def start_app(folders: Folders) -> Iterator[Callable[[], RunningApp]]:
    """Start a fake app on the folders' control socket; everything started is stopped afterwards."""
    started: list[RunningApp] = []

    def start() -> RunningApp:
        env = folders.environment()
        lock = InstanceLock(env)
        assert lock.acquire()
        fake = FakeApp()
        server = ControlServer(env, fake)
        server.start()
        started.append(RunningApp(fake, server, lock))
        return started[-1]

    yield start
    for app in started:
        app.stop()
