"""The headless desktop works with real components (pystray, trayer, dunst), without hipbreak itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from desktop import NOTIFICATIONS_NAME, Desktop, Window, require_tools, wait_for
from PIL import Image

# A stand-alone tray icon: its first menu item writes its own label to the file named by argv[1],
# and it reports which pystray backend it got in argv[1] + ".backend".
ICON_SCRIPT = """
import sys
from pathlib import Path

import pystray
from PIL import Image, ImageDraw


def main():
    marker = Path(sys.argv[1])
    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((4, 4, 60, 60), fill=(230, 110, 40, 255))

    def write(icon, item):
        marker.write_text(str(item))

    menu = pystray.Menu(
        pystray.MenuItem("Write marker", write, default=True),
        pystray.MenuItem("Quit", lambda icon, item: icon.stop()),
    )
    icon = pystray.Icon("harness", image, "Harness icon", menu)
    Path(sys.argv[1] + ".backend").write_text(type(icon).__module__)
    icon.run()


main()
"""


def start_icon(desktop: Desktop, folder: Path, backend: str) -> tuple[subprocess.Popen[bytes], Path]:
    """Start the probe icon with `backend` forced; return the process and the file its item writes."""
    script = folder / "harness_icon.py"
    script.write_text(ICON_SCRIPT)
    marker = folder / "clicked"
    proc = desktop.spawn([sys.executable, script, marker], "icon", env={"PYSTRAY_BACKEND": backend})
    return proc, marker


def distinct_colours(path: Path, area: Window) -> int:
    """How many colours the screenshot at `path` has inside `area` (a flat box has one)."""
    with Image.open(path) as image:
        box = image.convert("RGB").crop((area.x, area.y, area.x + area.width, area.y + area.height))
        return len(box.getcolors(maxcolors=1 << 16) or range(1 << 16))


def test_harness_wait_for_names_what_it_waited_for() -> None:
    with pytest.raises(AssertionError, match=r"waiting for the answer; last value: 0"):
        wait_for(lambda: 0, timeout=0.2, message="the answer")
    assert wait_for(lambda: [42], timeout=1, message="a list") == [42]


def test_harness_desktop_is_private_and_complete(desktop: Desktop) -> None:
    env = desktop.env
    for key in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        assert Path(env[key]).is_relative_to(desktop.root), key
    runtime = Path(env["XDG_RUNTIME_DIR"])
    assert runtime.is_relative_to(desktop.root)
    assert runtime.stat().st_mode & 0o777 == 0o700
    assert env["DBUS_SESSION_BUS_ADDRESS"].startswith(f"unix:path={runtime}/")
    assert env["DISPLAY"] == desktop.display
    assert (env["GDK_GL"], env["NO_AT_BRIDGE"]) == ("disable", "1")
    assert desktop.tray_owner() is not None
    assert desktop.name_has_owner(NOTIFICATIONS_NAME)
    assert desktop.tray_icons() == []
    assert desktop.start_seconds < desktop.timeout


@pytest.mark.parametrize("backend", ["gtk", "appindicator"])
def test_harness_tray_icon_docks_and_its_menu_runs_an_item(
    desktop: Desktop, artifacts: Path, tmp_path: Path, backend: str
) -> None:
    _, marker = start_icon(desktop, tmp_path, backend)
    [icon] = wait_for(desktop.tray_icons, 20, "the icon to dock in trayer")
    assert wait_for(Path(f"{marker}.backend").read_text, 5, "the backend") == f"pystray._{backend}"
    assert icon.width > 1 and icon.height > 1

    before = {window.id for window in desktop.windows()}
    desktop.click(*icon.center, button=3)
    [menu] = wait_for(
        lambda: [window for window in desktop.windows() if window.id not in before], 10, "the menu to open"
    )
    shot = desktop.screenshot(artifacts / f"tray-menu-{backend}.png")
    # Item labels drawn on the menu's background: more than a couple of colours.
    assert distinct_colours(shot, menu) > 2

    desktop.key("Down", "Return")
    assert wait_for(marker.read_text, 10, "the first menu item to run") == "Write marker"
    wait_for(lambda: menu.id not in {w.id for w in desktop.windows()}, 10, "the menu to close")


def test_harness_notify_send_reaches_dunst(desktop: Desktop, artifacts: Path) -> None:
    require_tools("notify-send")
    desktop.run(["notify-send", "--app-name=harness", "Stand up", "Time for a hip-flexor stretch"])
    wait_for(lambda: desktop.displayed_notifications() == 1, 10, "the bubble to show")
    [bubble] = wait_for(lambda: desktop.windows("Dunst"), 10, "dunst's window")
    desktop.screenshot(artifacts / "bubble.png", region=bubble)

    [note] = desktop.notifications()
    assert (note["summary"], note["body"], note["appname"]) == (
        "Stand up",
        "Time for a hip-flexor stretch",
        "harness",
    )
    assert desktop.displayed_notifications() == 0


def test_harness_notifications_stop_and_restart(desktop: Desktop) -> None:
    require_tools("notify-send")
    desktop.stop_notifications()
    # The private bus activates nothing, so with dunst gone nobody answers.
    missing = subprocess.run(
        ["notify-send", "Nobody", "listens"], env=desktop.env, capture_output=True, timeout=30, check=False
    )
    assert missing.returncode != 0
    assert not desktop.name_has_owner(NOTIFICATIONS_NAME)

    desktop.start_notifications()
    desktop.run(["notify-send", "--app-name=harness", "Back", "again"])
    assert [note["summary"] for note in desktop.notifications()] == ["Back"]


def test_harness_tray_stop_and_restart_docks_the_icon_again(desktop: Desktop, tmp_path: Path) -> None:
    proc, _ = start_icon(desktop, tmp_path, "gtk")
    wait_for(desktop.tray_icons, 20, "the icon to dock")

    desktop.stop_tray()
    assert desktop.tray_owner() is None
    assert desktop.tray_icons() == []

    desktop.start_tray()
    [icon] = wait_for(desktop.tray_icons, 20, "the icon to dock in the new tray")
    assert icon.width > 1
    assert proc.poll() is None, desktop.read_log("icon")


@pytest.mark.desktop(tray=False, notifications=False)
def test_harness_bare_desktop_has_no_tray_and_no_notification_daemon(desktop: Desktop) -> None:
    assert set(desktop.processes) == {"dbus", "xvfb"}
    assert desktop.tray_owner() is None
    assert not desktop.name_has_owner(NOTIFICATIONS_NAME)
    desktop.start_tray()
    assert desktop.tray_owner() is not None


@pytest.mark.desktop
def test_harness_stop_cleans_up_after_a_failed_start() -> None:
    require_tools()

    class TrayThatFails(Desktop):
        def start_tray(self) -> None:
            self.seen = self.processes
            raise RuntimeError("no tray today")

    broken = TrayThatFails()
    with pytest.raises(RuntimeError, match="no tray today"):
        broken.start()
    assert set(broken.seen) == {"dbus", "xvfb", "dunst"}
    assert all(proc.poll() is not None for proc in broken.seen.values())
    assert broken.processes == {}
    assert not broken.root.exists()
    assert not os.path.exists(broken.bus_address.split("=", 1)[1].split(",")[0])
