"""Fixtures for the start-at-login and launcher adapters: a fake home and a fake installation."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from desktop import skip_or_fail

from hipbreak.environment import Environment

MakeEnv = Callable[..., Environment]


@pytest.fixture
def make_env(tmp_path: Path) -> MakeEnv:
    """Build an Environment in a temp home; keyword arguments become environment variables."""

    def make(platform: str = "linux", executable: str | None = None, **variables: str) -> Environment:
        home = tmp_path / "home"
        home.mkdir(exist_ok=True)
        variables.setdefault("XDG_CONFIG_DIRS", str(tmp_path / "no-system-config"))
        return Environment(
            config_dir=home / ".config" / "hipbreak",
            data_dir=home / ".local" / "share" / "hipbreak",
            log_dir=home / ".local" / "state" / "hipbreak",
            runtime_dir=tmp_path / "run",
            home=home,
            platform=platform,
            variables=variables,
            executable=executable if executable is not None else str(tmp_path / "venv" / "bin" / "python"),
        )

    return make


@pytest.fixture
def validate() -> Callable[[Path], None]:
    """Run desktop-file-validate on a file and fail on any error or warning."""
    found = shutil.which("desktop-file-validate")
    if found is None:
        skip_or_fail("desktop-file-validate is not installed (Debian: desktop-file-utils)")

    def check(path: Path) -> None:
        result = subprocess.run([str(found), str(path)], capture_output=True, text=True)
        report = (result.stdout + result.stderr).strip()
        assert result.returncode == 0 and not report, report

    return check
