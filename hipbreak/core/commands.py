"""Every intent a user (or a timer) can send the app, each one typed value defined once.

The tray, the notification buttons, the CLI, the windows and the tests all build these values; the app
dispatches them through one table, and the control channel carries them as JSON (see `to_wire`).
Durations are always seconds. A command is a request; what happened is an `Event`.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

from hipbreak.core.gnome_breaks import GnomeBreaksChoice
from hipbreak.core.holds import HoldReason
from hipbreak.language import _


class WindowKind(str, enum.Enum):
    """The small windows the app can open."""

    CONTROL = "control"
    STATISTICS = "statistics"
    SETTINGS = "settings"


class Outcome(str, enum.Enum):
    """How a guided stretch ended."""

    COMPLETED = "completed"
    CANCELLED = "cancelled"


class CommandError(ValueError):
    """A command (usually from the wire) is malformed; the message is one line for the user."""


@dataclass(frozen=True)
class Command:
    """Base of every command; `name` is its one name on the wire and in the log."""

    name: ClassVar[str] = ""


@dataclass(frozen=True)
class StretchNow(Command):
    """Open the guided stretch window."""

    name: ClassVar[str] = "stretch"


@dataclass(frozen=True)
class Snooze(Command):
    """Put the next reminder off by `seconds`; None takes the first of the configured choices."""

    name: ClassVar[str] = "snooze"
    seconds: float | None = None

    def __post_init__(self) -> None:
        _check_seconds(self.name, self.seconds)


@dataclass(frozen=True)
class Skip(Command):
    """Skip the due (or next) reminder; the interval starts again."""

    name: ClassVar[str] = "skip"


@dataclass(frozen=True)
class Pause(Command):
    """Pause reminders for `seconds`; None pauses until the next day starts."""

    name: ClassVar[str] = "pause"
    seconds: float | None = None

    def __post_init__(self) -> None:
        _check_seconds(self.name, self.seconds)


@dataclass(frozen=True)
class Resume(Command):
    """End a pause."""

    name: ClassVar[str] = "resume"


@dataclass(frozen=True)
class StretchStarted(Command):
    """The stretch window reports that the user began the stretch."""

    name: ClassVar[str] = "stretch_started"


@dataclass(frozen=True)
class StretchEnded(Command):
    """The stretch window reports how the stretch ended, with its details for the history."""

    name: ClassVar[str] = "stretch_ended"
    outcome: Outcome = Outcome.CANCELLED
    details: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        _check_details(self.name, self.details)


@dataclass(frozen=True)
class OpenWindow(Command):
    """Open one of the small windows."""

    name: ClassVar[str] = "window"
    kind: WindowKind = WindowKind.CONTROL


@dataclass(frozen=True)
class SetAutostart(Command):
    """Turn start-at-login on or off; None toggles it."""

    name: ClassVar[str] = "autostart"
    on: bool | None = None


@dataclass(frozen=True)
class GnomeBreaks(Command):
    """Answer who reminds beside GNOME's movement breaks: "hipbreak" switches GNOME's off, "gnome"
    follows GNOME's schedule (see core.gnome_breaks)."""

    name: ClassVar[str] = "gnome_breaks"
    choice: GnomeBreaksChoice = GnomeBreaksChoice.ASK


@dataclass(frozen=True)
class GnomeMovementBreak(Command):
    """GNOME Shell says its movement break is due (posted by the app's GNOME follower, never by users)."""

    name: ClassVar[str] = "gnome_movement_break"


@dataclass(frozen=True)
class Reload(Command):
    """Read the settings file again and re-plan the next reminder."""

    name: ClassVar[str] = "reload"


@dataclass(frozen=True)
class Quit(Command):
    """Stop the app."""

    name: ClassVar[str] = "quit"


@dataclass(frozen=True)
class Status(Command):
    """Ask for the status record."""

    name: ClassVar[str] = "status"


@dataclass(frozen=True)
class Tick(Command):
    """A deadline came or the clocks moved: look at the clock (posted by the alarm, never by users)."""

    name: ClassVar[str] = "tick"


@dataclass(frozen=True)
class Stop(Command):
    """Stop for `reason` (a signal, the display gone); posted by the app itself, never by users.

    Unlike Quit it leaves an open stretch window to finish: the window records its own outcome.
    """

    name: ClassVar[str] = "stop"
    reason: str = ""


@dataclass(frozen=True)
class TrayMissing(Command):
    """The app found no tray host at start: open the control window instead (the app's own, never users')."""

    name: ClassVar[str] = "tray_missing"


@dataclass(frozen=True)
class TrayHostAppeared(Command):
    """A tray host came after the app started without one; `kind` is "sni" or "xembed" (the app's own)."""

    name: ClassVar[str] = "tray_host_appeared"
    kind: str = ""


@dataclass(frozen=True)
class HoldChanged(Command):
    """Signal `source` started or stopped holding reminders for `reason` (posted by the hold signals)."""

    name: ClassVar[str] = "hold_changed"
    reason: HoldReason = HoldReason.CALL
    active: bool = False
    source: str = ""


@dataclass(frozen=True)
class UserIdle(Command):
    """The idle watch saw no input for `seconds` (at least idle_reset); posted by the app, never by users."""

    name: ClassVar[str] = "user_idle"
    seconds: float = 0.0


@dataclass(frozen=True)
class UserActive(Command):
    """The idle watch saw input again after reporting the user idle; posted by the app, never by users."""

    name: ClassVar[str] = "user_active"


# Commands a client of the control channel may send; Tick, Stop, TrayMissing, TrayHostAppeared,
# HoldChanged, UserIdle and UserActive are the app's own.
# GnomeBreaks comes from the buttons of the app's own question (core/view.py GNOME_QUESTION); the CLI's
# way to answer is the config key, so it stays off the wire, as GnomeMovementBreak does.
USER_COMMANDS: tuple[type[Command], ...] = (
    StretchNow,
    Snooze,
    Skip,
    Pause,
    Resume,
    StretchStarted,
    StretchEnded,
    OpenWindow,
    SetAutostart,
    Reload,
    Quit,
    Status,
)
BY_NAME: dict[str, type[Command]] = {kind.name: kind for kind in USER_COMMANDS}

# Longest snooze or pause a command may ask for: a week; anything longer is a typo, not a wish.
LONGEST_SECONDS = 7 * 24 * 3600.0
# A stretch's details go into the history as they are: a few short, plain values.
MAX_DETAILS = 16
MAX_DETAIL_TEXT = 200


def _check_seconds(name: str, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        # Translators: an error about a command sent to hipbreak; {command} is its name and "seconds" a field
        # name on the wire: keep both as they are.
        message = _("{command}: seconds must be a number, not {value}")
        raise CommandError(message.format(command=name, value=repr(value)))
    if not 0 < value <= LONGEST_SECONDS:
        message = _("{command}: seconds must be more than 0 and at most {most}")
        raise CommandError(message.format(command=name, most=f"{LONGEST_SECONDS:.0f}"))


def _check_details(name: str, details: Any) -> None:
    if not isinstance(details, dict):
        # Translators: "details" is a field name on the wire: keep it as it is.
        raise CommandError(_("{command}: details must be an object").format(command=name))
    if len(details) > MAX_DETAILS:
        message = _("{command}: details may hold at most {most} entries")
        raise CommandError(message.format(command=name, most=MAX_DETAILS))
    for key, value in details.items():
        if not isinstance(key, str) or len(key) > 40:
            raise CommandError(_("{command}: each detail needs a short text name").format(command=name))
        plain = value is None or isinstance(value, (bool, int, str))
        if isinstance(value, float):
            plain = math.isfinite(value)
        if not plain or (isinstance(value, str) and len(value) > MAX_DETAIL_TEXT):
            # Translators: true, false and null are JSON words: keep them as they are.
            message = _("{command}: detail {key} must be a finite number, a short text, true, false or null")
            raise CommandError(message.format(command=name, key=repr(key)))


def to_wire(command: Command) -> dict[str, Any]:
    """Return `command` as a JSON-ready mapping: {"command": name, field: value, ...}."""
    wire: dict[str, Any] = {"command": command.name}
    for spec in fields(command):
        value = getattr(command, spec.name)
        if isinstance(value, enum.Enum):
            value = value.value
        if value is not None:
            wire[spec.name] = value
    return wire


def from_wire(message: dict[str, Any]) -> Command:
    """Build a command from its wire mapping, or raise CommandError naming what is wrong."""
    name = message.get("command")
    if not isinstance(name, str) or name not in BY_NAME:
        known = ", ".join(sorted(BY_NAME))
        raise CommandError(
            _("unknown command {name}; known commands: {known}").format(name=repr(name), known=known)
        )
    kind = BY_NAME[name]
    specs = {spec.name: spec for spec in fields(kind)}
    extra = sorted(set(message) - set(specs) - {"command"})
    if extra:
        raise CommandError(
            _("{command}: unexpected field {field}").format(command=name, field=repr(extra[0]))
        )
    values: dict[str, Any] = {}
    for key, value in message.items():
        if key == "command":
            continue
        values[key] = _field_value(kind, key, value)
    return kind(**values)  # each command checks its own values when built


def _field_value(kind: type[Command], key: str, value: Any) -> Any:
    name = kind.name
    if key == "seconds":
        _check_seconds(name, value)
        return None if value is None else float(value)
    if key == "on":
        if value is not None and not isinstance(value, bool):
            # Translators: "on" is a field name on the wire; true, false and null are JSON words.
            message = _("{command}: on must be true, false or null, not {value}")
            raise CommandError(message.format(command=name, value=repr(value)))
        return value
    if key == "kind":
        try:
            return WindowKind(value)
        except ValueError:
            choices = ", ".join(kind.value for kind in WindowKind)
            # Translators: "kind" is a field name on the wire; {choices} are its values: keep them.
            message = _("{command}: kind must be one of {choices}, not {value}")
            raise CommandError(message.format(command=name, choices=choices, value=repr(value))) from None
    if key == "outcome":
        try:
            return Outcome(value)
        except ValueError:
            # Translators: "outcome" is a field name on the wire, "completed" and "cancelled" its values.
            message = _("{command}: outcome must be completed or cancelled, not {value}")
            raise CommandError(message.format(command=name, value=repr(value))) from None
    if key == "details":
        return value
    message = _("{command}: unexpected field {field}")  # pragma: no cover - fields() guards this
    raise CommandError(message.format(command=name, field=repr(key)))  # pragma: no cover
