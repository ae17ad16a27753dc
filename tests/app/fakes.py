"""Hand-written stand-ins for the app's ports and clock, recording what the app asked of them."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

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
    """Records tray views, notifications and alarms; opens no windows."""

    def __init__(self) -> None:
        self.views: list[TrayView] = []
        self.notes: list[tuple[str, str, str, tuple[tuple[str, str], ...]]] = []
        self.withdrawn = 0
        self.wakes: list[datetime | None] = []
        self.idle: float | None = 0.0
        self.stretch_callback: Callable[[dict[str, Any]], None] | None = None
        self.stretch_args: dict[str, Any] | None = None
        self.broken_routines: dict[str, str] = {}  # routine name -> the problem the port reports
        self.windows: list[str] = []
        self.autostart = False
        self.stopped = threading.Event()

    def show_tray(self, view: TrayView) -> None:
        self.views.append(view)

    def notify(self, kind: str, summary: str, body: str, actions: tuple[tuple[str, str], ...]) -> None:
        self.notes.append((kind, summary, body, actions))

    def withdraw_notification(self) -> None:
        self.withdrawn += 1

    def wake_at(self, when: datetime | None) -> None:
        self.wakes.append(when)

    def idle_seconds(self) -> float | None:
        return self.idle

    def open_stretch(self, args: dict[str, Any], on_event: Callable[[dict[str, Any]], None]) -> bool:
        self.stretch_args = args
        self.stretch_callback = on_event
        return True

    def stretch_running(self) -> bool:
        return False

    def routine_problem(self, name: str) -> str | None:
        return self.broken_routines.get(name)

    def open_window(self, name: str) -> None:
        self.windows.append(name)

    def set_autostart(self, on: bool | None) -> bool:
        self.autostart = (not self.autostart) if on is None else on
        return self.autostart

    def stop(self) -> None:
        self.stopped.set()
