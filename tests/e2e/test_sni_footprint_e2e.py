"""What the installed app leaves out of its process on the StatusNotifier path, from start to quit.

Each module here once cost the app memory all day long (docs/benchmarks.md) for something it does
rarely or never on this path: an import that comes back fails this test, not only the benchmark.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from desktop import Desktop, wait_for
from tray_hosts import registered_items, start_lxqt_panel

# python-xlib (the full-screen hold speaks libxcb), tomlkit (only to write a GNOME break choice),
# ctypes.util (runs ldconfig), Pillow (the package ships the tray's pixmaps), and the toolkits the
# StatusNotifier item does without.
LEFT_OUT = ("Xlib", "tomlkit", "ctypes.util", "PIL", "gi", "pystray", "tkinter")


def imported_modules(log: str) -> set[str]:
    """The modules named in the `-X importtime` lines of a process's output."""
    return {
        line.rsplit("|", 1)[1].strip()
        for line in log.splitlines()
        if line.startswith("import time:") and line.count("|") == 2
    }


@pytest.mark.desktop(tray=False)
def test_the_status_notifier_path_never_imports_what_it_left_behind(
    desktop: Desktop, app_command: Path
) -> None:
    start_lxqt_panel(desktop)
    # Python itself lists every import, any thread's, lazy ones included, as it happens.
    process = desktop.spawn([app_command], name="hipbreak", env={"PYTHONPROFILEIMPORTTIME": "1"})
    wait_for(lambda: registered_items(desktop), 15, "the app's item registered with the watcher")
    desktop.run([str(app_command), "quit"], timeout=30)
    wait_for(lambda: process.poll() is not None, 15, "the app to quit")
    log = desktop.read_log("hipbreak")
    modules = imported_modules(log)
    assert "hipbreak.adapters.tray.sni.tray" in modules, log[-2000:]  # the StatusNotifier path it was
    assert "hipbreak.adapters.hold.x11_fullscreen" in modules  # the full-screen hold was started
    came_back = sorted(m for m in modules if m.split(".")[0] in LEFT_OUT or m in LEFT_OUT)
    assert not came_back, came_back
