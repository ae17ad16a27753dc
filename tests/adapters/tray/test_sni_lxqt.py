"""The StatusNotifierItem in a real host: lxqt-panel's statusnotifier plugin on Xvfb shows the icon, opens
the menu on a right click with the right labels, and a chosen line posts its command."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from desktop import require_tools, skip_or_fail, wait_for
from PIL import Image
from servers import stop_process
from session_bus import SessionBus, name_has_owner
from sni_harness import VIEW, WATCHER, RunningTray
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


def read_text(image: Path, out: Path) -> str:
    if shutil.which("tesseract") is None:
        skip_or_fail("tesseract (tesseract-ocr) is needed to read the menu")
    big = out.with_suffix(".ocr.png")
    subprocess.run(["convert", str(image), "-resize", "300%", "-colorspace", "Gray", str(big)], check=True)
    result = subprocess.run(
        ["tesseract", str(big), "-", "--psm", "6"], capture_output=True, text=True, check=True
    )
    return result.stdout


def menu_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    """The box of the open menu (light on the black, empty screen above the panel), or None."""
    above_panel = image.crop((0, 0, image.width, image.height - 40)).convert("L")
    return above_panel.point(lambda v: 255 if v > 200 else 0).getbbox()


def open_menu_and_read(env: dict[str, str], icon: tuple[int, int], shot: Path) -> str:
    """Right-click the icon, wait for the menu, keep its picture at `shot`.png and return its text."""
    subprocess.run(["xdotool", "mousemove", *map(str, icon), "click", "3"], env=env, check=True)
    screen = shot.with_name(shot.name + "-screen.png")
    box = wait_for(lambda: menu_box(screenshot(env, screen)), 10, "the menu to open")
    left, top, right, bottom = box
    # A margin of the dark screen around the menu: tesseract misreads text that touches the edge.
    Image.open(screen).crop((left - 8, top - 8, right + 8, bottom + 8)).save(shot.with_suffix(".png"))
    return read_text(shot.with_suffix(".png"), shot)


def test_lxqt_panel_shows_the_icon_and_its_menu_and_a_chosen_line_posts_its_command(
    panel: dict[str, str], session_bus: SessionBus, artifacts: Path
) -> None:
    tray = RunningTray(session_bus.address).start()
    try:
        center = wait_for(
            lambda: icon_center(screenshot(panel, artifacts / "panel.png")), 15, "the icon in the panel"
        )
        text = open_menu_and_read(panel, center, artifacts / "menu")
        for label in ("Stretch now", "Breaks today: 0", "Snooze (2 left today)", "Skip this reminder"):
            assert label in text
        for label in ("Pause", "Statistics", "Settings", "Start at login", "Quit", "Next reminder at 14:30"):
            assert label in text
        assert "Resume" not in text  # hidden while not paused
        subprocess.run(["xdotool", "key", "Down", "Return"], env=panel, check=True)  # the first line
        wait_for(lambda: tray.posted == [StretchNow()], 10, "Stretch now to be posted")

        # A changed label goes out as ItemsPropertiesUpdated alone; the host must show it next time.
        tray.tray.show(replace(VIEW, next_line="Next reminder at 14:35", breaks_line="Breaks today: 1"))
        gone = artifacts / "closed.png"
        wait_for(lambda: menu_box(screenshot(panel, gone)) is None, 10, "the menu to close")
        text = open_menu_and_read(panel, center, artifacts / "menu-after-show")
        assert "Next reminder at 14:35" in text and "Breaks today: 1" in text
        subprocess.run(["xdotool", "key", "Escape"], env=panel, check=True)
    finally:
        tray.stop()
