"""The app's hands on GNOME's own break reminders: read and switch its movement breaks, follow its state,
and save the user's answer in the config file (the one key the app itself writes)."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from datetime import datetime, timezone

from hipbreak.adapters.gnome_breaks import (
    GnomeBreakFollower,
    GnomeBreaksSettings,
    GnomeBreaksUnavailable,
    read_gnome_breaks,
    switch_off_movement,
)
from hipbreak.adapters.session_bus import session_bus_address
from hipbreak.core.commands import Command, GnomeMovementBreak
from hipbreak.environment import Environment
from hipbreak.error_text import describe_error
from hipbreak.language import _

log = logging.getLogger(__name__)


class GnomePort:
    """GNOME's movement breaks for the state thread; the follower posts GnomeMovementBreak from its own."""

    def __init__(self, env: Environment, post: Callable[[Command], None]) -> None:
        self.env = env
        self._post = post
        self._follower: GnomeBreakFollower | None = None
        self._last = GnomeBreaksSettings(installed=False)

    def _read(self) -> GnomeBreaksSettings:
        """GNOME's settings now; the last known ones when gsettings fails (any thread)."""
        try:
            self._last = read_gnome_breaks(self.env.variables)
        except GnomeBreaksUnavailable as error:
            log.info("GNOME's break settings could not be read: %s", error)
        return self._last

    def movement_on(self) -> bool | None:
        """Whether GNOME's movement breaks are on; None when unknown or not a GNOME desktop."""
        if not self.env.platform.startswith("linux"):
            return None
        if shutil.which("gsettings", path=self.env.variables.get("PATH")) is None:
            return None
        try:
            self._last = read_gnome_breaks(self.env.variables)
        except GnomeBreaksUnavailable as error:
            log.info("GNOME's break settings could not be read: %s", error)
            return None
        return self._last.installed and self._last.movement_on

    def switch_movement_off(self) -> str | None:
        """Turn GNOME's movement breaks off (its other breaks stay); None when done, else why not."""
        try:
            self._last = switch_off_movement(self.env.variables)
        except GnomeBreaksUnavailable as error:
            # Translators: {problem} says why; "Settings → Wellbeing" is where GNOME's own Settings app keeps
            # them: use the names GNOME shows in your language.
            message = _(
                "GNOME's movement breaks could not be switched off ({problem}); "
                "switch them off in Settings → Wellbeing"
            )
            return message.format(problem=error)
        if self._last.movement_on:
            # Translators: "Settings → Wellbeing" as GNOME's own Settings app names them in your language.
            return _("GNOME's movement breaks are still on; switch them off in Settings → Wellbeing")
        return None

    def follow(self, on: bool) -> None:
        """Follow GNOME Shell's break state (on) or stop following it."""
        if on and self._follower is None:
            address = session_bus_address(self.env.variables)
            if address is None:
                log.info("GNOME's breaks cannot be followed: no session bus")
                return
            self._follower = GnomeBreakFollower(
                address,
                lambda: self._post(GnomeMovementBreak()),
                self._read,
                lambda: datetime.now(timezone.utc),
            )
            self._follower.start()
        elif not on and self._follower is not None:
            self._follower.close()
            self._follower = None

    def save_choice(self, choice: str) -> str | None:
        """Write `[hold] gnome_breaks = choice` into the config file, keeping the rest; None, or why not."""
        # Lazy: tomlkit (~0.8 MB) is needed only on the rare day this is asked, not all day long.
        from hipbreak.adapters.config_file.write import save_settings

        try:
            save_settings(self.env.config_file, {"hold": {"gnome_breaks": choice}})
        except ValueError as error:
            return _("the choice could not be saved: {problem}").format(problem=error)
        except OSError as error:
            # Translators: {path} is the config file, {problem} why it could not be written.
            message = _("the choice could not be saved to {path}: {problem}")
            return message.format(path=self.env.config_file, problem=describe_error(error))
        return None

    def close(self) -> None:
        """Stop following GNOME (any thread; twice is fine)."""
        self.follow(False)
