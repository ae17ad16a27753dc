"""GNOME's own break reminders (GNOME 48+, Settings → Wellbeing): read whether movement breaks are on,
switch them off when the user asks, and follow GNOME Shell's break state over D-Bus.

Settings go through the `gsettings` tool, so no GLib is loaded into the app for two keys. The state
comes from `org.gnome.Shell.ScreenTime` (`State`, `LastBreakEndTime`) by PropertiesChanged: no polling.
"""

from __future__ import annotations

import contextlib
import re
import select
import socket
import subprocess
import threading
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from hipbreak.core.gnome_breaks import ScreenTimeState, is_movement_break
from hipbreak.error_text import describe_error, one_line
from hipbreak.language import _

SCHEMA = "org.gnome.desktop.break-reminders"
MOVEMENT = "movement"
EYESIGHT = "eyesight"
# GNOME Shell 48 owns this name and serves the object at this path (js/ui/shellDBus.js).
BUS_NAME = "org.gnome.Shell.ScreenTime"
OBJECT_PATH = "/org/gnome/Shell/ScreenTime"
INTERFACE = "org.gnome.Shell.ScreenTime"
CALL_TIMEOUT = 2.0
GSETTINGS_TIMEOUT = 5.0


class GnomeBreaksUnavailable(Exception):
    """GNOME's break settings cannot be read or written; the message is one line for doctor."""


@dataclass(frozen=True)
class GnomeBreaksSettings:
    """GNOME's break reminder settings; `installed` is False before GNOME 48."""

    installed: bool
    selected: tuple[str, ...] = ()
    movement_interval: timedelta = timedelta(seconds=1800)

    @property
    def movement_on(self) -> bool:
        """Whether GNOME's movement breaks are on."""
        return MOVEMENT in self.selected

    @property
    def eyesight_on(self) -> bool:
        """Whether GNOME's eyesight breaks are on."""
        return EYESIGHT in self.selected


def parse_strv(text: str) -> tuple[str, ...]:
    """Return the strings of a GVariant `as` printed by gsettings ("['movement']", "@as []")."""
    return tuple(single or double for single, double in re.findall(r"'((?:[^'\\]|\\.)*)'|\"([^\"]*)\"", text))


def _gsettings(variables: Mapping[str, str], *args: str, command: str = "gsettings") -> str:
    try:
        done = subprocess.run(
            [command, *args],
            capture_output=True,
            text=True,
            env=dict(variables),
            timeout=GSETTINGS_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        text = _("gsettings could not run: {error}")
        raise GnomeBreaksUnavailable(text.format(error=describe_error(error))) from error
    if done.returncode != 0:
        failed = _("{function} failed").format(function=f"gsettings {args[0]}")
        raise GnomeBreaksUnavailable(one_line(done.stderr) or failed)
    return done.stdout.strip()


def read_gnome_breaks(variables: Mapping[str, str], command: str = "gsettings") -> GnomeBreaksSettings:
    """Return GNOME's break settings; `installed=False` when the schema is not there. Any thread."""
    try:
        schemas = _gsettings(variables, "list-schemas", command=command).split()
    except GnomeBreaksUnavailable as error:
        if "No schemas installed" not in str(error):  # not user text: gsettings' own words
            raise
        schemas = []  # not a GNOME desktop at all
    if SCHEMA not in schemas:
        return GnomeBreaksSettings(installed=False)
    selected = parse_strv(_gsettings(variables, "get", SCHEMA, "selected-breaks", command=command))
    interval = timedelta(seconds=1800)
    with contextlib.suppress(GnomeBreaksUnavailable, ValueError, IndexError):
        # Printed as "uint32 1800".
        text = _gsettings(variables, "get", f"{SCHEMA}.{MOVEMENT}", "interval-seconds", command=command)
        interval = timedelta(seconds=int(text.split()[-1]))
    return GnomeBreaksSettings(installed=True, selected=selected, movement_interval=interval)


def switch_off_movement(variables: Mapping[str, str], command: str = "gsettings") -> GnomeBreaksSettings:
    """Turn GNOME's movement breaks off, keeping its other breaks; only on the user's click. Any thread."""
    current = read_gnome_breaks(variables, command)
    if not current.installed or not current.movement_on:
        return current
    kept = [name for name in current.selected if name != MOVEMENT]
    value = "[" + ", ".join(f"'{name}'" for name in kept) + "]" if kept else "@as []"
    _gsettings(variables, "set", SCHEMA, "selected-breaks", value, command=command)
    return read_gnome_breaks(variables, command)


class GnomeBreakFollower:
    """Calls `on_movement_break()` when GNOME Shell says a movement break is due; on its own thread.

    `settings()` is asked at each due break (GNOME may have changed them); `clock()` gives the time.
    """

    def __init__(
        self,
        address: str,
        on_movement_break: Callable[[], None],
        settings: Callable[[], GnomeBreaksSettings],
        clock: Callable[[], datetime],
    ) -> None:
        """Remember the session bus `address`; nothing connects before start(). Any thread."""
        self.address = address
        self._on_movement_break = on_movement_break
        self._settings = settings
        self._clock = clock
        self._state: ScreenTimeState | None = None
        self._last_movement = clock()
        self._wake_read, self._wake_write = socket.socketpair()
        self._thread: threading.Thread | None = None
        self._connection: Any = None
        self.last_error: str | None = None

    @property
    def state(self) -> ScreenTimeState | None:
        """GNOME's last known break state, or None before it answered. Any thread."""
        return self._state

    def start(self) -> None:
        """Connect and follow GNOME's state on a daemon thread. Any thread; once."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="gnome-breaks", daemon=True)
            self._thread.start()

    def close(self) -> None:
        """Stop following. Any thread; twice is fine."""
        with contextlib.suppress(OSError):
            self._wake_write.send(b"x")
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(2.0)

    def _run(self) -> None:
        try:
            self._follow()
        except Exception as error:  # a broken bus stops following; doctor shows why
            self.last_error = describe_error(error)
        finally:
            if self._connection is not None:
                with contextlib.suppress(OSError):
                    self._connection.close()
            self._wake_read.close()
            self._wake_write.close()

    def _follow(self) -> None:
        from jeepney import MatchRule
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        self._connection = connection = open_dbus_connection(bus=self.address)
        changed = MatchRule(
            type="signal",
            interface="org.freedesktop.DBus.Properties",
            member="PropertiesChanged",
            path=OBJECT_PATH,
        )
        changed.add_arg_condition(0, INTERFACE)
        owner = MatchRule(type="signal", interface="org.freedesktop.DBus", member="NameOwnerChanged")
        owner.add_arg_condition(0, BUS_NAME)
        signals: deque[Any] = deque()
        with connection.filter(changed, queue=signals), connection.filter(owner, queue=signals):
            for rule in (changed, owner):
                connection.send_and_get_reply(message_bus.AddMatch(rule), timeout=CALL_TIMEOUT)
            self._read_state()
            while True:
                while signals:
                    self._handle(signals.popleft())
                readable = select.select([connection.sock, self._wake_read], [], [])[0]
                if self._wake_read in readable:
                    return
                with contextlib.suppress(TimeoutError):
                    while True:
                        connection.recv_messages(timeout=0)

    def _read_state(self) -> None:
        from jeepney import DBusAddress, MessageType, Properties

        reply = self._connection.send_and_get_reply(
            Properties(DBusAddress(OBJECT_PATH, BUS_NAME, INTERFACE)).get("State"), timeout=CALL_TIMEOUT
        )
        if reply.header.message_type == MessageType.error:
            self._state = None  # no GNOME Shell with break reminders (yet); a new owner is watched for
            return
        self._set_state(reply.body[0][1])

    def _handle(self, message: Any) -> None:
        from jeepney import HeaderFields

        if message.header.fields.get(HeaderFields.member) == "NameOwnerChanged":
            self._read_state()
            return
        _interface, changed, _invalidated = message.body
        if "State" in changed:
            self._set_state(changed["State"][1])

    def _set_state(self, value: Any) -> None:
        try:
            state = ScreenTimeState(int(value))
        except (TypeError, ValueError):
            return  # a state newer than this code knows: not a movement break we can name
        previous, self._state = self._state, state
        now = self._clock()
        settings = self._settings()
        if settings.movement_on and is_movement_break(
            previous, state, now, self._last_movement, settings.movement_interval, settings.eyesight_on
        ):
            self._last_movement = now
            self._on_movement_break()
