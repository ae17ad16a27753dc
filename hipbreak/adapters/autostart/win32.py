"""Start at login on Windows: a value in the user's Run key, started with pythonw.exe (no console)."""

from __future__ import annotations

import subprocess
import sys

from hipbreak.adapters.autostart.base import AutostartError
from hipbreak.adapters.relaunch import NoCommandError, windowless_command
from hipbreak.environment import Environment
from hipbreak.language import _

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
VALUE_NAME = "hipbreak"


def run_value(command: list[str]) -> str:
    """Return the Run value for `command`, quoted the way Windows splits command lines."""
    return subprocess.list2cmdline(command)


class WindowsAutostart:
    """Owns one value (`hipbreak`) under HKEY_CURRENT_USER\\...\\Run."""

    name = "registry"

    def __init__(self, env: Environment, value_name: str = VALUE_NAME) -> None:
        self.env = env
        self.value_name = value_name

    def location(self) -> str:
        """Return the registry path of the value."""
        return rf"HKEY_CURRENT_USER\{RUN_KEY}\{self.value_name}"

    def command(self) -> str:
        """Return the command line written to the registry."""
        try:
            return run_value(windowless_command(self.env))
        except NoCommandError as error:
            raise AutostartError(str(error)) from error

    def enabled(self) -> bool:
        """Return whether the Run value exists."""
        if sys.platform != "win32":
            raise AutostartError(_("the Windows registry is not available on this system"))
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                winreg.QueryValueEx(key, self.value_name)
        except FileNotFoundError:
            return False
        except OSError as error:
            raise AutostartError(
                _("cannot read {path}: {error}").format(path=self.location(), error=error)
            ) from error
        return True

    def enable(self) -> None:
        """Write the Run value for the hipbreak that runs now."""
        command = self.command()
        if sys.platform != "win32":
            raise AutostartError(_("the Windows registry is not available on this system"))
        import winreg

        try:
            with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                winreg.SetValueEx(key, self.value_name, 0, winreg.REG_SZ, command)
        except OSError as error:
            raise AutostartError(
                _("cannot write {path}: {error}").format(path=self.location(), error=error)
            ) from error

    def disable(self) -> None:
        """Delete the Run value if it exists."""
        if sys.platform != "win32":
            raise AutostartError(_("the Windows registry is not available on this system"))
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, self.value_name)
        except FileNotFoundError:
            return
        except OSError as error:
            raise AutostartError(
                _("cannot remove {path}: {error}").format(path=self.location(), error=error)
            ) from error
