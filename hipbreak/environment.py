"""Everything hipbreak learns from its surroundings, gathered once and passed in (tests build their own)."""

from __future__ import annotations

import os
import re
import stat
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
    temp_root: Path = Path("/tmp")  # the shared temp folder, for a socket whose usual path is too long
    host: str = ""  # this machine's name: one app per user per machine, even with a home shared over NFS

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
    def app_lock_file(self) -> Path:
        """The per-user lock that keeps a second session of the same user from starting a second app.

        It lives in the data folder, beside the history it protects, so it does not depend on
        XDG_RUNTIME_DIR; the machine's name is in it because a home folder can be shared by machines.
        """
        host = re.sub(r"[^A-Za-z0-9._-]", "_", self.host)[:64] or "this-machine"
        return self.data_dir / f"hipbreak-{host}.lock"

    @property
    def socket_file(self) -> Path:
        """The control socket of the running app."""
        return self.runtime_dir / "hipbreak.sock"

    @property
    def stretch_lock_file(self) -> Path:
        """Held by the open stretch window's process: one window at a time, app running or not."""
        return self.runtime_dir / "stretch.lock"

    @property
    def stretch_outcomes_file(self) -> Path:
        """Where each stretch window writes how it ended (JSON lines), for whoever records it."""
        return self.data_dir / "stretch-outcomes.jsonl"

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
    import socket

    import platformdirs  # imported here so that importing this module does no work

    home = Path.home()
    if sys.platform in ("win32", "darwin"):
        runtime = Path(platformdirs.user_runtime_dir(APP_NAME, appauthor=False))
    else:
        cache = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
        runtime = _unix_runtime_dir(os.environ.get("XDG_RUNTIME_DIR", ""), cache)
    return Environment(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        runtime_dir=runtime,
        home=home,
        variables=dict(os.environ),
        host=socket.gethostname(),
    )


def _unix_runtime_dir(xdg_runtime_dir: str, cache_dir: Path) -> Path:
    """`$XDG_RUNTIME_DIR/hipbreak` if that folder is the user's own and private, else one in the cache dir.

    Not platformdirs' runtime dir: when the variable is unusable it warns on every command and falls back
    to `/tmp/runtime-<uid>`, which another user can create first (then it raises). The cache dir is in
    the user's home, where nobody else can.
    """
    if xdg_runtime_dir.startswith("/"):
        try:
            info = os.stat(xdg_runtime_dir)
        except OSError:
            pass
        else:
            private = stat.S_ISDIR(info.st_mode) and not info.st_mode & 0o022
            if private and info.st_uid == os.geteuid():
                return Path(xdg_runtime_dir) / APP_NAME
    return cache_dir / "run"
