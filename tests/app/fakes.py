"""Hand-written stand-ins for the app's ports and clock, recording what the app asked of them."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

from hipbreak.core.commands import Command, WindowKind
from hipbreak.core.reminders import Refused
from hipbreak.core.settings import Settings
from hipbreak.core.view import TrayView

ZONE = timezone(timedelta(hours=1))


class FakeClock:
    """A clock the test moves by hand; it reports sleeps and jumps it was told about."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 11, 24, 9, 0, tzinfo=ZONE)
        self.pending: tuple[float, float] = (0.0, 0.0)

    def now(self) -> datetime:
        return self.current

    def advance(self, **kwargs: float) -> None:
        self.current += timedelta(**kwargs)

    def changes(self) -> tuple[float, float]:
        out, self.pending = self.pending, (0.0, 0.0)
        return out


class FakePorts:
    """Records tray views, notifications, alarms and windows; opens nothing. Implements app.ports.Ports."""

    def __init__(self) -> None:
        self.views: list[TrayView] = []
        self.notes: list[tuple[str, str, str, tuple[tuple[str, str], ...]]] = []
        self.problems: list[list[str]] = []
        self.withdrawn = 0
        self.wakes: list[datetime | None] = []
        self.idle_watches: list[Settings] = []  # the settings each watch_idle call asked to watch with
        self.stretch_post: Callable[[Command], None] | None = None
        self.stretch_args: dict[str, Any] | None = None
        self.stretch_open = False
        self.broken_routines: dict[str, str] = {}  # routine name -> the problem the port reports
        self.windows: list[tuple[WindowKind, Settings]] = []
        self.closed_windows: list[WindowKind] = []
        self.no_windows: str | None = None  # set to say why no window can open, as on Wayland without X
        self.tray_hosts: list[str] = []
        self.tray_host_shows = True  # what use_tray_host answers
        self.autostart = False
        self.autostart_error: str | None = None  # set to make set_autostart refuse, as LivePorts does
        self.stopped = threading.Event()
        self.interest: list[bool] = []
        self.closed_for: list[str] = []
        self.close_answer: dict[str, Any] | None = None  # what the window reports when asked to close
        self.outcome_lines: list[dict[str, Any]] = []  # the outcome file
        self.gnome_movement: bool | None = None  # GNOME's own movement breaks: on, off, unknown
        self.gnome_switch_error: str | None = None  # set to make switching GNOME's breaks off fail
        self.gnome_save_error: str | None = None  # set to make saving the choice fail
        self.gnome_following: list[bool] = []  # each follow_gnome call
        self.saved_gnome_choices: list[str] = []  # what save_gnome_breaks wrote to the config file

    def show_tray(self, view: TrayView) -> None:
        self.views.append(view)

    def notify(self, kind: str, summary: str, body: str, actions: tuple[tuple[str, str], ...]) -> None:
        self.notes.append((kind, summary, body, actions))

    def tell_problems(self, problems: list[str]) -> None:
        self.problems.append(list(problems))

    def withdraw_notification(self) -> None:
        self.withdrawn += 1

    def wake_at(self, when: datetime | None) -> None:
        self.wakes.append(when)

    def watch_idle(self, settings: Settings) -> None:
        self.idle_watches.append(settings)

    def open_stretch(self, args: dict[str, Any], post: Callable[[Command], None]) -> bool:
        self.stretch_args = args
        self.stretch_post = post
        return True

    def stretch_running(self) -> bool:
        return self.stretch_open

    def close_stretch(self, reason: str) -> dict[str, Any] | None:
        self.closed_for.append(reason)
        self.stretch_open = False
        return self.close_answer

    def collect_stretch_outcomes(self, take: Callable[[dict[str, Any]], bool]) -> None:
        self.outcome_lines = [line for line in self.outcome_lines if not take(line)]

    def routine_problem(self, name: str) -> str | None:
        return self.broken_routines.get(name)

    def open_window(self, kind: WindowKind, settings: Settings) -> None:
        self.windows.append((kind, settings))

    def close_window(self, kind: WindowKind) -> None:
        self.closed_windows.append(kind)

    def window_problem(self) -> str | None:
        return self.no_windows

    def use_tray_host(self, kind: str) -> bool:
        self.tray_hosts.append(kind)
        return self.tray_host_shows

    def set_autostart(self, on: bool | None) -> bool:
        if self.autostart_error is not None:
            raise Refused(self.autostart_error)
        self.autostart = (not self.autostart) if on is None else on
        return self.autostart

    def autostart_enabled(self) -> bool:
        return self.autostart

    def autostart_location(self) -> str:
        return "/fake/autostart/hipbreak.desktop"

    def hold_interest(self, interested: bool) -> None:
        self.interest.append(interested)

    def gnome_movement_on(self) -> bool | None:
        return self.gnome_movement

    def switch_gnome_movement_off(self) -> str | None:
        if self.gnome_switch_error is not None:
            return self.gnome_switch_error
        if self.gnome_movement:
            self.gnome_movement = False
        return None

    def follow_gnome(self, on: bool) -> None:
        self.gnome_following.append(on)

    def save_gnome_breaks(self, choice: str) -> str | None:
        if self.gnome_save_error is not None:
            return self.gnome_save_error
        self.saved_gnome_choices.append(choice)
        return None

    def stop(self) -> None:
        self.stopped.set()
