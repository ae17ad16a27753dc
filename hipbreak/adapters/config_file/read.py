"""Reading the user's TOML settings file; the file itself is never written by the app."""

from __future__ import annotations

import sys
from pathlib import Path

from hipbreak.core.settings import Settings, settings_from_mapping
from hipbreak.error_text import printable

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def load_settings(path: Path) -> tuple[Settings, list[str]]:
    """Return the settings in `path` (defaults when it is missing) and one error line per problem."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), []
    except OSError as exc:
        return Settings(), [f"{path}: cannot be read ({exc.strerror}); using the defaults"]
    return parse_settings_text(raw, path)


def parse_settings_text(raw: bytes, path: Path) -> tuple[Settings, list[str]]:
    """Return the settings in the bytes of a config file named `path`, and one error line per problem."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return Settings(), [f"{path}: not UTF-8 text (line {line}); save it as UTF-8. Using the defaults"]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Settings(), [f"{path}: not valid TOML ({exc}); fix that line. Using the defaults"]
    settings, errors = settings_from_mapping(data, str(path))
    # Section and key names are the user's text: a quoted "a\nb" would otherwise split an error line.
    return settings, [printable(error) for error in errors]
