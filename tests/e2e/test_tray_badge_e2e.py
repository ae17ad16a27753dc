"""The tray icon on a real panel (trayer) carries the pause glyph while paused, and loses it on resume."""

from __future__ import annotations

import subprocess
from pathlib import Path

from desktop import Desktop, Window, wait_for
from PIL import Image
from test_tray_app import start_app

from hipbreak.adapters.icon_art import PAUSE_BARS


def pause_pixels(desktop: Desktop, icon: Window, path: Path) -> int:
    """How many pixels of the pause bars' colour the bottom right of the icon shows on screen."""
    shot = Image.open(desktop.screenshot(path, region=icon)).convert("RGB")
    width, height = shot.size
    # From 60 %: the plain icon has an amber dot on the hip at about 52 % across and 62 % down.
    corner = shot.crop((width * 3 // 5, height * 3 // 5, width, height))
    raw = corner.tobytes()
    pixels = [raw[i : i + 3] for i in range(0, len(raw), 3)]
    return sum(all(abs(a - b) <= 40 for a, b in zip(p, PAUSE_BARS[:3], strict=True)) for p in pixels)


def test_pausing_puts_the_pause_glyph_on_the_docked_icon(
    desktop: Desktop, app_command: Path, artifacts: Path
) -> None:
    start_app(desktop, app_command)
    icon = desktop.tray_icons()[0]
    assert pause_pixels(desktop, icon, artifacts / "running.png") == 0
    subprocess.run([app_command, "pause", "1h"], env=desktop.env, check=True, timeout=20, capture_output=True)
    # The bars cover a good part of the corner: at a 22-32 px slot that is at least a dozen pixels.
    wait_for(
        lambda: pause_pixels(desktop, icon, artifacts / "paused.png") >= 12,
        timeout=10,
        message="the pause bars show on the icon",
    )
    subprocess.run([app_command, "resume"], env=desktop.env, check=True, timeout=20, capture_output=True)
    wait_for(
        lambda: pause_pixels(desktop, icon, artifacts / "resumed.png") == 0,
        timeout=10,
        message="the pause bars go away",
    )
