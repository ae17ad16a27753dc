"""Reading the user's TOML settings file; the file itself is never written by the app."""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

from hipbreak.adapters.small_file import MAX_SMALL_FILE, SmallFileError, read_small_file
from hipbreak.core.settings import Settings, settings_from_mapping
from hipbreak.core.toml_depth import MAX_NESTING, too_deep
from hipbreak.error_text import printable
from hipbreak.language import _

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

_LONGEST = 400  # characters in one error line


def load_settings(path: Path) -> tuple[Settings, list[str]]:
    """Return the settings in `path` (defaults when it is missing) and one error line per problem.

    Reads only a regular file of at most 256 KiB (a pipe or a device is refused at once); any thread.
    """
    try:
        raw = read_small_file(path, MAX_SMALL_FILE)
    except FileNotFoundError:
        return Settings(), []
    except SmallFileError as exc:
        # Translators: {path} is the config file; {problem} says what is wrong with it and how to fix it.
        text = _("{path}: {problem}. Using the defaults")
        return Settings(), [text.format(path=exc.path, problem=exc.problem)]
    return parse_settings_text(raw, path)


def parse_settings_text(raw: bytes, path: Path) -> tuple[Settings, list[str]]:
    """Return the settings in the bytes of a config file named `path`, and one error line per problem."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]  # as saved by some editors on Windows
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        text = _("{path}: not UTF-8 text (line {line}); save it as UTF-8. Using the defaults")
        return Settings(), [text.format(path=path, line=line)]
    deep = too_deep(text)
    if deep is not None:
        # Translators: {depth} is a number: how many levels of lists and tables a file may nest.
        text = _(
            "{path}: line {line} nests lists or tables more than {depth} deep; flatten it. Using the defaults"
        )
        return Settings(), [text.format(path=path, line=deep, depth=MAX_NESTING)]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Translators: {error} is the TOML reader's own description of the problem, with its line.
        text = _("{path}: not valid TOML ({error}); fix that line. Using the defaults")
        return Settings(), [_one_line(text.format(path=path, error=exc))]
    except RecursionError:  # too_deep should have caught it; never a traceback all the same
        return Settings(), [
            _("{path}: nests lists or tables too deeply; flatten it. Using the defaults").format(path=path)
        ]
    settings, errors = settings_from_mapping(data, str(path))
    # Section and key names are the user's text: a quoted "a\nb" would otherwise split an error line.
    return settings, [_one_line(error) for error in errors]


def _one_line(text: str) -> str:
    line = printable(text)
    if len(line) <= _LONGEST:
        return line
    # A value of thousands of characters is shown by its start; the end still says what happens.
    return f"{line[: _LONGEST // 2]} ... {line[-_LONGEST // 4 :]}"
