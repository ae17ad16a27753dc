"""Everything hipbreak learns from its surroundings, gathered once and passed in (tests build their own)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

APP_NAME = "hipbreak"


@dataclass(frozen=True)
class Environment:
    """Folders, environment variables, platform and streams of one run of hipbreak."""

    config_dir: Path
    data_dir: Path
    log_dir: Path
    runtime_dir: Path
    home: Path
    platform: str = sys.platform
    variables: Mapping[str, str] = field(default_factory=dict)
    executable: str = sys.executable
    stdout: TextIO = sys.stdout
    stderr: TextIO = sys.stderr

    @property
    def config_file(self) -> Path:
        """The user's settings file."""
        return self.config_dir / "config.toml"

    @property
    def history_file(self) -> Path:
        """The SQLite history."""
        return self.data_dir / "history.db"

    @property
    def log_file(self) -> Path:
        """The rotating log file."""
        return self.log_dir / "hipbreak.log"

    @property
    def lock_file(self) -> Path:
        """The single-instance lock."""
        return self.runtime_dir / "hipbreak.lock"

    @property
    def socket_file(self) -> Path:
        """The control socket of the running app."""
        return self.runtime_dir / "hipbreak.sock"

    @property
    def routines_dir(self) -> Path:
        """Where the user's own stretch routines live."""
        return self.config_dir / "routines"

    @property
    def xdg_config_home(self) -> Path:
        """The XDG config home (autostart entries live below it on Linux)."""
        value = self.variables.get("XDG_CONFIG_HOME", "")
        return Path(value) if value.startswith("/") else self.home / ".config"

    @property
    def xdg_data_home(self) -> Path:
        """The XDG data home (application launchers and icons live below it on Linux)."""
        value = self.variables.get("XDG_DATA_HOME", "")
        return Path(value) if value.startswith("/") else self.home / ".local" / "share"

    @property
    def has_display(self) -> bool:
        """Whether a graphical session is reachable (always true on Windows and macOS)."""
        if self.platform in ("win32", "darwin"):
            return True
        return bool(self.variables.get("DISPLAY") or self.variables.get("WAYLAND_DISPLAY"))


def current_environment() -> Environment:
    """Return the environment of this process, with the platform's standard folders."""
    import platformdirs  # imported here so that importing this module does no work

    home = Path.home()
    if sys.platform.startswith("linux") and not os.environ.get("XDG_RUNTIME_DIR"):
        # Without a session runtime dir, fall back to a private folder in the cache dir.
        runtime = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "run"
    else:
        runtime = Path(platformdirs.user_runtime_dir(APP_NAME, appauthor=False))
    return Environment(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        runtime_dir=runtime,
        home=home,
        variables=dict(os.environ),
    )
