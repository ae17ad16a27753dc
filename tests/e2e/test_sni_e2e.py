"""The AppIndicator path: on a desktop with a StatusNotifier host the app exports its menu over D-Bus."""

from __future__ import annotations

import re
import sys
from datetime import datetime
from pathlib import Path

import pytest
from desktop import Desktop, wait_for
from screen_text import STRETCH_WINDOW
from test_tray_app import status, write_config

from hipbreak.core.view import clock_text

WATCHER = Path(__file__).with_name("sni_watcher.py")


def registered_item(desktop: Desktop) -> tuple[str, str]:
    """The (bus name, object path) of the item the app registered with the watcher."""
    lines = [line.split() for line in desktop.read_log("watcher").splitlines() if line.startswith("item ")]
    assert lines, "no item registered"
    return lines[-1][1], lines[-1][2]


def menu_path(desktop: Desktop, name: str, path: str) -> str:
    """The object path of the item's exported menu."""
    reply = desktop.run(
        ["gdbus", "call", "--session", "--dest", name, "--object-path", path, "--method",
         "org.freedesktop.DBus.Properties.Get", "org.kde.StatusNotifierItem", "Menu"]
    )  # fmt: skip
    found = re.search(r"'(/[^']+)'", reply)
    assert found is not None, reply
    return found[1]


def menu_call(desktop: Desktop, name: str, path: str, method: str, *args: str) -> str:
    """Call a com.canonical.dbusmenu method on the item's menu."""
    return desktop.run(
        ["gdbus", "call", "--session", "--dest", name, "--object-path", menu_path(desktop, name, path),
         "--method", f"com.canonical.dbusmenu.{method}", "--", *args]
    )  # fmt: skip


def menu_labels(desktop: Desktop, name: str, path: str) -> dict[str, int]:
    """The labels of the item's exported menu, each with its id."""
    layout = menu_call(desktop, name, path, "GetLayout", "0", "-1", "[]")
    return {label: int(item) for item, label in re.findall(r"\((\d+), \{[^}]*'label': <'([^']*)'>", layout)}


def click_item(desktop: Desktop, name: str, path: str, item: int) -> None:
    """Send the menu item a click, as a StatusNotifier host does."""
    menu_call(desktop, name, path, "Event", str(item), "clicked", '<"">', "0")


@pytest.mark.desktop(tray=False)
def test_with_a_status_notifier_host_the_menu_is_exported_and_works(
    desktop: Desktop, app_command: Path
) -> None:
    write_config(desktop, '[stretch]\nhold = "1s"\nprepare = "0"\n')
    desktop.spawn([sys.executable, WATCHER], name="watcher")
    wait_for(lambda: "ready" in desktop.read_log("watcher"), timeout=10, message="the watcher is up")
    desktop.spawn([app_command], name="hipbreak")
    wait_for(lambda: "item " in desktop.read_log("watcher"), timeout=10, message="the app registers its item")
    name, path = registered_item(desktop)
    labels = menu_labels(desktop, name, path)
    for expected in ("Stretch now", "Breaks today: 0", "Snooze", "Quit"):
        assert expected in labels, labels
    due = datetime.fromisoformat(str(status(desktop, app_command)["next_reminder"]))
    assert f"Next reminder at {clock_text(due, datetime.now().astimezone())}" in labels, labels
    assert "no system tray found" not in desktop.read_log("hipbreak")

    click_item(desktop, name, path, labels["Stretch now"])
    wait_for(lambda: desktop.window_ids(STRETCH_WINDOW), timeout=10, message="the stretch window opens")
    wait_for(
        lambda: status(desktop, app_command)["breaks_today"] == 1, timeout=30, message="the stretch counts"
    )
    wait_for(
        lambda: "Breaks today: 1" in menu_labels(desktop, name, path),
        timeout=10,
        message="the exported menu shows the new count",
    )
