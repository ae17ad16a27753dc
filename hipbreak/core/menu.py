"""The tray menu as plain data, built from a TrayView; every tray adapter draws the same entries.

An entry either posts its `command` when clicked, opens its `children`, or is a separator. Nothing here
knows a toolkit or a bus: the pystray and StatusNotifier adapters both read these tuples.
"""

from __future__ import annotations

from dataclasses import dataclass

from hipbreak.core.commands import (
    Command,
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
from hipbreak.core.view import TrayView, pause_choices
from hipbreak.language import _, pgettext


@dataclass(frozen=True)
class MenuEntry:
    """One line of the tray menu; `checked` is None unless the entry is a checkmark."""

    label: str = ""
    command: Command | None = None
    children: tuple[MenuEntry, ...] = ()
    enabled: bool = True
    visible: bool = True
    checked: bool | None = None
    separator: bool = False
    default: bool = False  # what a left click on the icon does, where the host has no menu on it

    @property
    def checkable(self) -> bool:
        """Whether the entry shows a checkmark (ticked or not)."""
        return self.checked is not None

    @property
    def is_submenu(self) -> bool:
        """Whether the entry opens a submenu instead of posting a command."""
        return bool(self.children)


SEPARATOR = MenuEntry(separator=True)


def snooze_entries(view: TrayView) -> tuple[MenuEntry, ...]:
    """Return one entry per configured snooze length."""
    return tuple(MenuEntry(label, Snooze(float(seconds))) for label, seconds in view.snooze_choices)


def pause_entries(view: TrayView) -> tuple[MenuEntry, ...]:
    """Return the pause lengths, the last one pausing until tomorrow."""
    entries = []
    for label, minutes in pause_choices():
        if minutes is None:
            entries.append(MenuEntry(view.tomorrow_label, Pause()))
        else:
            entries.append(MenuEntry(label, Pause(float(minutes * 60))))
    return tuple(entries)


def menu_items(view: TrayView) -> tuple[MenuEntry, ...]:
    """Return the whole tray menu for `view` ("Start at login" ticked when `view.autostart_on`)."""
    statistics = OpenWindow(WindowKind.STATISTICS)
    # Translators: the tray menu's submenu that pauses reminders for a while (a verb, not a break).
    pause = pgettext("menu: pause reminders", "Pause")
    return (
        MenuEntry(_("Stretch now"), StretchNow(), default=True),
        SEPARATOR,
        MenuEntry(view.breaks_line, statistics),
        MenuEntry(view.next_line),
        SEPARATOR,
        MenuEntry(view.snooze_label, children=snooze_entries(view), enabled=view.snooze_enabled),
        MenuEntry(_("Skip this reminder"), Skip(), enabled=view.can_skip),
        MenuEntry(pause, children=pause_entries(view), visible=not view.paused),
        MenuEntry(_("Resume"), Resume(), visible=view.paused),
        SEPARATOR,
        MenuEntry(_("Statistics…"), statistics),
        MenuEntry(_("Settings…"), OpenWindow(WindowKind.SETTINGS)),
        MenuEntry(_("Start at login"), SetAutostart(), checked=view.autostart_on),
        SEPARATOR,
        MenuEntry(_("Quit"), Quit()),
    )
