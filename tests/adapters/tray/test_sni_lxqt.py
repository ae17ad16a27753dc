"""The StatusNotifierItem in a real host: lxqt-panel's statusnotifier plugin on Xvfb shows the icon, opens
the menu on a right click with the right labels, and a chosen line posts its command."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from desktop import require_tools, skip_or_fail, wait_for
from PIL import Image
from servers import stop_process
from session_bus import SessionBus, name_has_owner
from sni_harness import WATCHER, RunningTray
from xserver import running_xvfb

from hipbreak.core.commands import StretchNow

pytestmark = pytest.mark.desktop

TEAL = (22, 138, 116)  # sni_harness.draw's icon without a badge

# A panel with nothing but the StatusNotifier plugin, along the bottom of the screen.
PANEL_CONF = """[General]
__userfile__=true

[panel1]
plugins=statusnotifier
position=Bottom
desktop=0
panelSize=32
iconSize=22

[statusnotifier]
alignment=Right
type=statusnotifier
"""

_GEOMETRY = re.compile(r"^\s+(0x[0-9a-f]+) .*\s(\d+)x(\d+)\+(-?\d+)\+(-?\d+)\s+\+(-?\d+)\+(-?\d+)\s*$")


@pytest.fixture
def panel(session_bus: SessionBus, bus_env: dict[str, str], tmp_path: Path) -> Iterator[dict[str, str]]:
    """lxqt-panel on a private Xvfb and the private bus; yields the environment once its watcher is up."""
    require_tools("Xvfb", "lxqt-panel", "xdotool", "xwininfo", "import", "convert")
    config = tmp_path / "config"
    (config / "lxqt").mkdir(parents=True)
    (config / "lxqt" / "panel.conf").write_text(PANEL_CONF)
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    with running_xvfb(800, 600, timeout=10.0, env=bus_env) as server:
        env = {
            **bus_env,
            "DISPLAY": server.display,
            "XDG_CONFIG_HOME": str(config),
            "XDG_RUNTIME_DIR": str(runtime),
            "QT_QPA_PLATFORM": "xcb",
        }
        with (tmp_path / "panel.log").open("wb") as log:
            process = subprocess.Popen(["lxqt-panel"], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for(lambda: name_has_owner(env, WATCHER), 15, "lxqt-panel's StatusNotifierWatcher")
            yield env
        finally:
            stop_process(process)


def screenshot(env: dict[str, str], path: Path) -> Image.Image:
    subprocess.run(["import", "-window", "root", str(path)], env=env, check=True, timeout=20)
    return Image.open(path).convert("RGB")


def icon_center(image: Image.Image) -> tuple[int, int] | None:
    """The middle of the teal icon in the panel strip, or None while it is not drawn."""
    width, height = image.size
    hits = [
        (x, y) for y in range(height - 40, height) for x in range(width) if image.getpixel((x, y)) == TEAL
    ]
    if len(hits) < 50:
        return None
    xs, ys = [x for x, _ in hits], [y for _, y in hits]
    return (min(xs) + max(xs)) // 2, (min(ys) + max(ys)) // 2


def top_windows(env: dict[str, str]) -> dict[str, tuple[int, int, int, int]]:
    """Map each top-level window id to (x, y, width, height)."""
    text = subprocess.run(
        ["xwininfo", "-root", "-children"], env=env, capture_output=True, text=True, check=True
    ).stdout
    found = {}
    for line in text.splitlines():
        match = _GEOMETRY.match(line)
        if match:
            wid, w, h, _rx, _ry, x, y = match.groups()
            found[wid] = (int(x), int(y), int(w), int(h))
    return found


def read_text(image: Path, out: Path) -> str:
    if shutil.which("tesseract") is None:
        skip_or_fail("tesseract (tesseract-ocr) is needed to read the menu")
    big = out.with_suffix(".ocr.png")
    subprocess.run(["convert", str(image), "-resize", "300%", "-colorspace", "Gray", str(big)], check=True)
    result = subprocess.run(
        ["tesseract", str(big), "-", "--psm", "6"], capture_output=True, text=True, check=True
    )
    return result.stdout


def test_lxqt_panel_shows_the_icon_and_its_menu_and_a_chosen_line_posts_its_command(
    panel: dict[str, str], session_bus: SessionBus, artifacts: Path
) -> None:
    tray = RunningTray(session_bus.address).start()
    try:
        center = wait_for(
            lambda: icon_center(screenshot(panel, artifacts / "panel.png")), 15, "the icon in the panel"
        )
        before = top_windows(panel)
        subprocess.run(["xdotool", "mousemove", *map(str, center), "click", "3"], env=panel, check=True)
        menus = wait_for(
            lambda: [g for wid, g in top_windows(panel).items() if wid not in before and g[3] > 100],
            10,
            "the menu to open",
        )
        x, y, w, h = menus[0]
        screenshot(panel, artifacts / "menu-screen.png").crop((x, y, x + w, y + h)).save(
            artifacts / "menu.png"
        )
        text = read_text(artifacts / "menu.png", artifacts / "menu")
        for label in ("Stretch now", "Breaks today: 0", "Snooze (2 left today)", "Skip this reminder"):
            assert label in text
        for label in ("Pause", "Statistics", "Settings", "Start at login", "Quit"):
            assert label in text
        assert "Resume" not in text  # hidden while not paused
        subprocess.run(["xdotool", "key", "Down", "Return"], env=panel, check=True)  # the first line
        wait_for(lambda: tray.posted == [StretchNow()], 10, "Stretch now to be posted")
    finally:
        tray.stop()
