"""Start at login on macOS: a launchd agent in ~/Library/LaunchAgents, loaded at the next login."""

from __future__ import annotations

import plistlib
from typing import Any

from hipbreak.adapters.atomic_file import write_atomically
from hipbreak.adapters.autostart.base import AutostartError
from hipbreak.adapters.relaunch import NoCommandError, app_command
from hipbreak.environment import Environment
from hipbreak.language import _

LABEL = "org.hipbreak.agent"


def agent_plist(command: list[str]) -> dict[str, Any]:
    """Return the launchd agent dictionary that runs `command` once at login."""
    return {
        "Label": LABEL,
        "ProgramArguments": command,
        "RunAtLoad": True,
        # The app quits on purpose sometimes; launchd must not restart it.
        "KeepAlive": False,
        "ProcessType": "Interactive",
    }


class MacosAutostart:
    """Owns `~/Library/LaunchAgents/org.hipbreak.agent.plist`."""

    name = "launchd"

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.path = env.home / "Library" / "LaunchAgents" / f"{LABEL}.plist"

    def location(self) -> str:
        """Return the path of the agent file."""
        return str(self.path)

    def enabled(self) -> bool:
        """Return whether the agent file exists, runs at load and is not disabled."""
        try:
            with self.path.open("rb") as stream:
                agent = plistlib.load(stream)
        except FileNotFoundError:
            return False
        except (OSError, plistlib.InvalidFileException, ValueError) as error:
            raise AutostartError(
                _("cannot read {path}: {error}").format(path=self.path, error=error)
            ) from error
        return bool(agent.get("RunAtLoad")) and not agent.get("Disabled", False)

    def enable(self) -> None:
        """Write the agent file for the hipbreak that runs now."""
        try:
            command = app_command(self.env)
        except NoCommandError as error:
            raise AutostartError(str(error)) from error
        text = plistlib.dumps(agent_plist(command)).decode("utf-8")
        try:
            write_atomically(self.path, text.encode(), 0o644)
        except OSError as error:
            raise AutostartError(
                _("cannot write {path}: {error}").format(path=self.path, error=error.strerror or error)
            ) from error

    def disable(self) -> None:
        """Remove the agent file."""
        try:
            self.path.unlink(missing_ok=True)
        except OSError as error:
            raise AutostartError(
                _("cannot remove {path}: {error}").format(path=self.path, error=error.strerror or error)
            ) from error
