"""The tray menu model: what a user sees in each state, and what each line sends."""

from __future__ import annotations

from dataclasses import replace

from hipbreak.core.commands import (
    OpenWindow,
    Pause,
    Quit,
    Resume,
    SetAutostart,
    Skip,
    Snooze,
    StretchNow,
    WindowKind,
)
from hipbreak.core.menu import MenuEntry, menu_items
from hipbreak.core.view import TrayView

RUNNING = TrayView(
    title="hipbreak: 1 break today · next reminder at 14:30",
    breaks_line="Breaks today: 1",
    next_line="Next reminder at 14:30",
    snooze_choices=(("5 min", 300), ("15 min", 900)),
    snooze_enabled=True,
    snooze_label="Snooze (2 left today)",
    can_skip=True,
    paused=False,
    badge=None,
    tomorrow_label="Until tomorrow 09:00",
)


def by_label(entries: tuple[MenuEntry, ...]) -> dict[str, MenuEntry]:
    """Index the non-separator entries by their label."""
    return {entry.label: entry for entry in entries if not entry.separator}


def test_the_running_menu_reads_top_to_bottom_like_the_pystray_one() -> None:
    entries = menu_items(RUNNING)
    lines = ["---" if entry.separator else entry.label for entry in entries]
    assert lines == [
        "Stretch now",
        "---",
        "Breaks today: 1",
        "Next reminder at 14:30",
        "---",
        "Snooze (2 left today)",
        "Skip this reminder",
        "Pause",
        "Resume",
        "---",
        "Statistics…",
        "Settings…",
        "Start at login",
        "---",
        "Quit",
    ]
    visible = [entry.label for entry in entries if entry.visible and not entry.separator]
    assert "Resume" not in visible and "Pause" in visible
    assert all(entry.enabled for entry in entries)


def test_each_line_posts_its_typed_command() -> None:
    menu = by_label(menu_items(RUNNING))
    assert menu["Stretch now"].command == StretchNow() and menu["Stretch now"].default
    assert menu["Breaks today: 1"].command == OpenWindow(WindowKind.STATISTICS)
    assert menu["Next reminder at 14:30"].command is None
    assert menu["Skip this reminder"].command == Skip()
    assert menu["Resume"].command == Resume()
    assert menu["Statistics…"].command == OpenWindow(WindowKind.STATISTICS)
    assert menu["Settings…"].command == OpenWindow(WindowKind.SETTINGS)
    assert menu["Start at login"].command == SetAutostart()
    assert menu["Quit"].command == Quit()


def test_snooze_and_pause_open_submenus_of_seconds() -> None:
    menu = by_label(menu_items(RUNNING))
    snooze = menu["Snooze (2 left today)"]
    assert snooze.is_submenu and snooze.command is None
    assert [(child.label, child.command) for child in snooze.children] == [
        ("5 min", Snooze(300)),
        ("15 min", Snooze(900)),
    ]
    assert [(child.label, child.command) for child in menu["Pause"].children] == [
        ("30 min", Pause(1800)),
        ("1 hour", Pause(3600)),
        ("2 hours", Pause(7200)),
        ("Until tomorrow 09:00", Pause()),
    ]


def test_paused_shows_resume_and_hides_pause() -> None:
    paused = replace(
        RUNNING, paused=True, snooze_enabled=False, can_skip=False, next_line="Paused until 15:00"
    )
    menu = by_label(menu_items(paused))
    assert menu["Resume"].visible
    assert not menu["Pause"].visible
    assert menu["Paused until 15:00"].visible


def test_no_snoozes_left_disables_snooze_but_keeps_its_line() -> None:
    spent = replace(RUNNING, snooze_enabled=False, snooze_label="Snooze (none left today)")
    menu = by_label(menu_items(spent))
    assert not menu["Snooze (none left today)"].enabled
    assert menu["Snooze (none left today)"].visible
    assert menu["Skip this reminder"].enabled


def test_start_at_login_is_a_checkmark_that_follows_autostart() -> None:
    off = by_label(menu_items(RUNNING))["Start at login"]
    on = by_label(menu_items(replace(RUNNING, autostart_on=True)))["Start at login"]
    assert off.checkable and off.checked is False
    assert on.checkable and on.checked is True
    assert not by_label(menu_items(replace(RUNNING, autostart_on=True)))["Quit"].checkable


def test_the_same_view_gives_an_equal_menu() -> None:
    assert menu_items(replace(RUNNING, autostart_on=True)) == menu_items(replace(RUNNING, autostart_on=True))
    assert menu_items(replace(RUNNING, autostart_on=True)) != menu_items(RUNNING)
