"""Reading what the user sees: text in a screen region through OCR (tesseract), and menu helpers."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from desktop import Desktop, Window, skip_or_fail, wait_for

# The stretch window's title ends in " — hipbreak"; the tray icon's window is named just "hipbreak".
STRETCH_WINDOW = ". hipbreak$"


def read_text(desktop: Desktop, region: Window, shot: Path) -> str:
    """Return the text OCR reads in `region` of the screen; the screenshot is kept at `shot`."""
    if shutil.which("tesseract") is None:
        skip_or_fail("tesseract (tesseract-ocr) is needed to read text off the screen")
    desktop.screenshot(shot, region=region)
    # Menu text is small; three times larger and grey, tesseract reads it reliably.
    big = shot.with_name(shot.stem + "-ocr.png")
    subprocess.run(["convert", str(shot), "-resize", "300%", "-colorspace", "Gray", str(big)], check=True)
    result = subprocess.run(
        ["tesseract", str(big), "-", "--psm", "6"], capture_output=True, text=True, check=True, timeout=30
    )
    big.unlink()
    return result.stdout


def open_tray_menu(desktop: Desktop, icon: Window) -> Window:
    """Right-click the tray icon and return the menu window that opened."""
    before = {w.id for w in desktop.windows()}
    desktop.click(*icon.center, button=3)
    new = wait_for(
        lambda: [w for w in desktop.windows() if w.id not in before and w.height > 100],
        timeout=10,
        message="the tray menu opens",
    )
    return new[0]


def close_menu(desktop: Desktop, menu: Window) -> None:
    """Close an open menu with Escape and wait until it is gone."""
    desktop.key("Escape")
    wait_for(lambda: all(w.id != menu.id for w in desktop.windows()), timeout=5, message="the menu closes")
