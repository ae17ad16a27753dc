"""An Environment whose folders all live under one temp folder."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hipbreak.environment import Environment


def temp_env(
    root: Path, variables: Mapping[str, str] | None = None, *, platform: str = "linux", **fields: Any
) -> Environment:
    """Config, data, log and run folders under `root`, home `root`, and exactly `variables`.

    `fields` set any other Environment field, or replace one of these (e.g. home=root / "home").
    """
    folders: dict[str, Any] = {
        "config_dir": root / "config",
        "data_dir": root / "data",
        "log_dir": root / "log",
        "runtime_dir": root / "run",
        "home": root,
    }
    return Environment(**{**folders, **fields}, platform=platform, variables=dict(variables or {}))
