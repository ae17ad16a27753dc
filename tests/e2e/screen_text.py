"""Reading what the user sees: text in a screen region through OCR (tesseract), and menu helpers."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from desktop import Desktop, Window, skip_or_fail, wait_for

# The stretch window's title ends in " — hipbreak"; the tray icon's window is named just "hipbreak".
STRETCH_WINDOW = ". hipbreak$"


def read_text(desktop: Desktop, region: Window, shot: Path, *, negate: bool = False) -> str:
    """Return the text OCR reads in `region` of the screen; the screenshot is kept at `shot`.

    `negate` reads light text on a dark ground, such as a selected menu item.
    """
    if shutil.which("tesseract") is None:
        skip_or_fail("tesseract (tesseract-ocr) is needed to read text off the screen")
    desktop.screenshot(shot, region=region)
    # Menu text is small; three times larger and grey, tesseract reads it reliably.
    big = shot.with_name(shot.stem + "-ocr.png")
    # Negated, the selection colour is light; the threshold makes it white, so dark text on white remains.
    shade = ["-negate", "-threshold", "40%"] if negate else []
    subprocess.run(
        ["convert", str(shot), "-resize", "300%", "-colorspace", "Gray", *shade, str(big)], check=True
    )
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


def open_submenu(desktop: Desktop, *keys: str) -> Window:
    """In the open menu, press `keys` to reach an item with a submenu, open it with Right and return it."""
    before = {w.id for w in desktop.windows()}
    desktop.key(*keys, "Right")
    new = wait_for(
        lambda: [w for w in desktop.windows() if w.id not in before and w.height > 20],
        timeout=5,
        message="the submenu opens",
    )
    return new[0]


def read_until(desktop: Desktop, region: Window, shot: Path, *expected: str, timeout: float = 5.0) -> str:
    """Read `region` by OCR until every string in `expected` is in it (a menu may still be drawing).

    A selected item's light-on-dark text is read from a second, negated shot (`<shot>-negated.png`).
    Spaces do not count: OCR often drops a narrow one ("20 s" reads "20s").
    """
    seen = [""]

    def found() -> bool:
        text = seen[0].replace(" ", "")
        return all(item.replace(" ", "") in text for item in expected)

    def read() -> bool:
        seen[0] = read_text(desktop, region, shot)
        if not found():
            negated = shot.with_name(f"{shot.stem}-negated{shot.suffix}")
            seen[0] += read_text(desktop, region, negated, negate=True)
        return found()

    try:
        wait_for(read, timeout=timeout, message=f"{', '.join(map(repr, expected))} on screen")
    except AssertionError as exc:
        raise AssertionError(f"{exc}; the screen read {seen[0]!r}") from None
    return seen[0]


def word_box(desktop: Desktop, region: Window, shot: Path, word: str) -> tuple[int, int, int, int] | None:
    """Return (left, top, width, height) of `word` as OCR finds it in `region` (region pixels), or None."""
    if shutil.which("tesseract") is None:
        skip_or_fail("tesseract (tesseract-ocr) is needed to read text off the screen")
    desktop.screenshot(shot, region=region)
    big = shot.with_name(shot.stem + "-ocr.png")
    subprocess.run(["convert", str(shot), "-resize", "300%", "-colorspace", "Gray", str(big)], check=True)
    result = subprocess.run(
        ["tesseract", str(big), "-", "--psm", "6", "tsv"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    big.unlink()
    for line in result.stdout.splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) == 12 and cells[11].strip().lower() == word.lower():
            left, top, width, height = (int(cells[i]) // 3 for i in (6, 7, 8, 9))
            return left, top, width, height
    return None
