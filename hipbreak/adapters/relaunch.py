"""How the desktop starts hipbreak again (at login, from a launcher): the argv to run."""

from __future__ import annotations

import os
from pathlib import Path

from hipbreak.environment import Environment
from hipbreak.language import _


class NoCommandError(Exception):
    """The interpreter running hipbreak is unknown, so no command can start it again."""


def app_command(env: Environment) -> list[str]:
    """Return the absolute console script next to the interpreter if installed, else `python -m hipbreak`."""
    python = _interpreter(env)
    script = python.parent / ("hipbreak.exe" if env.platform == "win32" else "hipbreak")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [str(python), "-m", "hipbreak"]


def windowless_command(env: Environment) -> list[str]:
    """Return `pythonw.exe -m hipbreak` (no console window on Windows), else the plain interpreter."""
    python = _interpreter(env)
    if env.platform == "win32":
        pythonw = python.with_name("pythonw.exe")
        if pythonw.is_file():
            python = pythonw
    return [str(python), "-m", "hipbreak"]


def _interpreter(env: Environment) -> Path:
    if not env.executable:
        raise NoCommandError(_("cannot tell which Python runs hipbreak (no sys.executable)"))
    # abspath, not resolve: a venv's python is a symlink, and resolving it would leave the venv.
    return Path(os.path.abspath(env.executable))
