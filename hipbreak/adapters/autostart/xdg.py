"""Start at login on Linux and BSD desktops: an XDG autostart entry in the user's config folder.

https://specifications.freedesktop.org/autostart-spec/latest/
"""

from __future__ import annotations

from pathlib import Path

from hipbreak.adapters.atomic_file import write_atomically
from hipbreak.adapters.autostart.base import AutostartError
from hipbreak.adapters.desktop_file import hipbreak_entry, is_true, parse_entry, render_entry
from hipbreak.adapters.relaunch import NoCommandError, app_command
from hipbreak.environment import Environment
from hipbreak.language import _

FILE_NAME = "hipbreak.desktop"


def autostart_fields(command: list[str]) -> dict[str, str]:
    """Return the keys of hipbreak's autostart entry for `command`."""
    return hipbreak_entry(command, **{"X-GNOME-Autostart-enabled": "true"})


def config_dirs(env: Environment) -> list[Path]:
    """Return the system-wide config folders from XDG_CONFIG_DIRS (default /etc/xdg)."""
    value = env.variables.get("XDG_CONFIG_DIRS", "") or "/etc/xdg"
    return [Path(part) for part in value.split(":") if part.startswith("/")]


class XdgAutostart:
    """Owns `<XDG_CONFIG_HOME>/autostart/hipbreak.desktop`; a same-named system entry is overridden."""

    name = "xdg"

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.path = env.xdg_config_home / "autostart" / FILE_NAME

    def location(self) -> str:
        """Return the path of the user's autostart entry."""
        return str(self.path)

    def system_entry(self) -> Path | None:
        """Return the first system-wide autostart entry for hipbreak, if one is installed."""
        for folder in config_dirs(self.env):
            candidate = folder / "autostart" / FILE_NAME
            if candidate.is_file():
                return candidate
        return None

    def enabled(self) -> bool:
        """Return whether the entry that the session will read (ours first, else the system one) is on."""
        entry = self.path if self.path.exists() else self.system_entry()
        if entry is None:
            return False
        try:
            fields = parse_entry(entry.read_text(encoding="utf-8", errors="replace"))
        except OSError as error:
            raise AutostartError(
                _("cannot read {path}: {error}").format(path=entry, error=error.strerror or error)
            ) from error
        if is_true(fields, "Hidden"):
            return False
        return fields.get("X-GNOME-Autostart-enabled", "true").strip().lower() != "false"

    def enable(self) -> None:
        """Write the autostart entry, pointing at the hipbreak that runs now."""
        try:
            command = app_command(self.env)
        except NoCommandError as error:
            raise AutostartError(str(error)) from error
        self._write(autostart_fields(command))

    def disable(self) -> None:
        """Remove our entry, or hide the system-wide one behind `Hidden=true` if there is one."""
        if self.system_entry() is not None:
            try:
                command = app_command(self.env)
            except NoCommandError:
                command = ["hipbreak"]
            self._write({**autostart_fields(command), "Hidden": "true"})
            return
        try:
            self.path.unlink(missing_ok=True)
        except OSError as error:
            raise AutostartError(
                _("cannot remove {path}: {error}").format(path=self.path, error=error.strerror or error)
            ) from error

    def _write(self, fields: dict[str, str]) -> None:
        try:
            write_atomically(self.path, render_entry(fields).encode(), 0o644)
        except OSError as error:
            raise AutostartError(
                _("cannot write {path}: {error}").format(path=self.path, error=error.strerror or error)
            ) from error
