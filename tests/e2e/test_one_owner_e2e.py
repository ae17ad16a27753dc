"""One owner of state, on the installed app: the CLI and the config file change what the running app shows."""

from __future__ import annotations

import time
from pathlib import Path

from desktop import Desktop, wait_for
from PIL import Image
from screen_text import close_menu, open_tray_menu, word_box
from test_reminders_e2e import Bubbles, cli
from test_tray_app import start_app, status, write_config


def _dark_pixels_left_of(shot: Path, box: tuple[int, int, int, int]) -> int:
    """Count dark pixels in the menu row of `box`, left of its text: where GTK draws the checkmark."""
    left, top, _width, height = box
    with Image.open(shot) as image:
        strip = image.convert("L").crop((0, top, max(1, left - 2), top + height))
        return sum(1 for value in strip.tobytes() if value < 110)


def _checkmark_ink(desktop: Desktop, artifacts: Path, name: str) -> int:
    """Open the tray menu, find "Start at login" and measure the ink where its checkmark goes."""
    menu = open_tray_menu(desktop, desktop.tray_icons()[0])
    try:
        shot = artifacts / f"{name}.png"
        box = wait_for(
            lambda: word_box(desktop, menu, shot, "login"), timeout=8, message="the menu shows its items"
        )
        return _dark_pixels_left_of(shot, box)
    finally:
        close_menu(desktop, menu)


def test_autostart_on_from_the_cli_checks_the_tray_menu_item(
    desktop: Desktop, app_command: Path, artifacts: Path
) -> None:
    write_config(desktop, '[reminders]\nevery = "1h"\nidle_reset = "0"\n')
    start_app(desktop, app_command)
    entry = Path(desktop.env["XDG_CONFIG_HOME"]) / "autostart" / "hipbreak.desktop"
    assert not entry.exists()
    unchecked = _checkmark_ink(desktop, artifacts, "menu-autostart-off")

    said = cli(desktop, app_command, "autostart", "on")
    assert "Start at login: on" in said and entry.exists()
    checked = _checkmark_ink(desktop, artifacts, "menu-autostart-on")
    assert checked > unchecked + 10, f"no checkmark drawn: {unchecked} dark pixels before, {checked} after"

    cli(desktop, app_command, "autostart", "off")
    assert not entry.exists() or "Hidden=true" in entry.read_text()
    again = _checkmark_ink(desktop, artifacts, "menu-autostart-off-again")
    assert again < checked - 10, f"the checkmark stayed: {checked} dark pixels before, {again} after"


def test_a_config_edited_to_every_20s_and_reloaded_brings_a_reminder_within_about_20s(
    desktop: Desktop, app_command: Path
) -> None:
    config = write_config(desktop, '[reminders]\nevery = "1h"\nidle_reset = "0"\n')
    start_app(desktop, app_command)
    bubbles = Bubbles(desktop)
    config.write_text('# edited by hand\n[reminders]\nevery = "20s"\nidle_reset = "0"\n')
    reloaded = time.monotonic()
    assert "Settings reloaded" in cli(desktop, app_command, "reload")
    next_at = status(desktop, app_command)["next_reminder"]
    assert next_at is not None
    arrival = bubbles.next(timeout=35, message="a reminder after the reload")
    assert arrival.note["summary"].startswith("Time to stand up")
    assert arrival.by - reloaded >= 18.0 and arrival.after - reloaded <= 24.0, (
        f"the reminder came {arrival.after - reloaded:.1f}-{arrival.by - reloaded:.1f} s after the reload"
    )
    assert config.read_text().startswith("# edited by hand")  # the app never rewrites the user's file


def test_a_bad_config_at_start_is_shown_as_a_bubble(desktop: Desktop, app_command: Path) -> None:
    write_config(desktop, '[reminders]\nevery = "often"\nidle_reset = "0"\n')
    start_app(desktop, app_command)
    bubbles = Bubbles(desktop)
    arrival = bubbles.next(timeout=10, message="a bubble about the settings problem")
    assert arrival.note["summary"] == "hipbreak found a problem"
    assert "every" in arrival.note["body"] and "config.toml" in arrival.note["body"]
