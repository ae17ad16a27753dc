"""Writing the user's settings file: the keys given change, every comment, blank line and other key stays.

This is the only place that writes the file, and only when the user presses Save in the settings window.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import Item
from tomlkit.toml_document import TOMLDocument

from hipbreak.adapters.atomic_file import write_atomically
from hipbreak.adapters.small_file import SmallFileError, read_small_file
from hipbreak.core.settings import DEFAULT_CONFIG_TEXT, settings_from_mapping
from hipbreak.core.toml_depth import MAX_NESTING, too_deep
from hipbreak.error_text import one_line
from hipbreak.language import _


def save_settings(path: Path, changes: Mapping[str, Mapping[str, object]]) -> None:
    """Write `changes` ({section: {key: TOML value}}) into the file at `path`, keeping all else as written.

    A missing file is created from the default text first. Raises ValueError (one line for the user) and
    leaves the file untouched when it cannot be parsed or a change would make it invalid; OSError when it
    cannot be written. The file is replaced in one step, so a crash leaves the old or the new one.
    """
    # Write through a symbolic link (a dotfiles manager's, say) instead of replacing the link itself.
    target = path.resolve() if path.is_symlink() else path
    try:
        text = _decode(read_small_file(target), path)
    except FileNotFoundError:
        text = DEFAULT_CONFIG_TEXT
    except SmallFileError as exc:
        raise ValueError(str(exc)) from None
    document = _parse(text, path)
    __, before = settings_from_mapping(document.unwrap(), str(path))
    newline = "\r\n" if "\r\n" in text else "\n"
    for section, values in changes.items():
        table = _table(document, section, path)
        for key, value in values.items():
            _assign(table, key, value, newline)
    __, after = settings_from_mapping(document.unwrap(), str(path))
    # Problems the file already had are the user's to fix by hand; refuse only what this change adds.
    added = [error for error in after if error not in before]
    if added:
        # The core's error ends by saying the default is used: true when reading, not when a save is refused.
        used = "; using the default"  # not user text: the core's ending, as long as it is English
        raise ValueError(one_line(added[0].removesuffix(used)))
    write_atomically(target, document.as_string().encode("utf-8"))


def _decode(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = _("{path}: not UTF-8 text (byte {byte}); save it as UTF-8, then try again")
        raise ValueError(message.format(path=path, byte=exc.start)) from None


def _parse(text: str, path: Path) -> TOMLDocument:
    deep = too_deep(text)
    if deep is not None:
        # Translators: {depth} is a number: how many levels of lists and tables a file may nest.
        message = _(
            "{path}: line {line} nests lists or tables more than {depth} deep; flatten it, then try again"
        )
        raise ValueError(message.format(path=path, line=deep, depth=MAX_NESTING))
    try:
        return tomlkit.parse(text)
    except TOMLKitError as exc:
        # Translators: {error} is the TOML reader's own description of the problem, with its line.
        message = _("{path}: not valid TOML ({error}); fix that line, then try again")
        raise ValueError(one_line(message.format(path=path, error=exc))) from None
    except RecursionError:  # too_deep should have caught it
        message = _("{path}: nests lists or tables too deeply; flatten it, then try again")
        raise ValueError(message.format(path=path)) from None


def _table(document: TOMLDocument, section: str, path: Path) -> MutableMapping[str, Any]:
    if section not in document:
        document.add(section, tomlkit.table())
    table = document[section]
    if not isinstance(table, MutableMapping):
        # Translators: {section} is a section's name in the config file, e.g. reminders; keep the brackets.
        message = _("{path}: {section} is not a table; write it as [{section}] by hand, then try again")
        raise ValueError(message.format(path=path, section=section))
    return table


def _assign(table: MutableMapping[str, Any], key: str, value: object, newline: str) -> None:
    old = _item(table, key)
    old_text = old.as_string() if old is not None else None
    table[key] = value
    fresh = _item(table, key)
    if fresh is None:
        return
    trivia = fresh.trivia
    if old_text is None:
        trivia.trail = newline  # a new line ends like the file's other lines
    elif trivia.comment and trivia.comment_ws.strip(" ") == "":
        # Keep the user's comment in the column it was in when the value grows or shrinks.
        shift = len(fresh.as_string()) - len(old_text)
        trivia.comment_ws = " " * max(1, len(trivia.comment_ws) - shift)


def _item(table: MutableMapping[str, Any], key: str) -> Item | None:
    lookup = getattr(table, "item", None)  # tables have it; a table split over the file may not
    if lookup is None or key not in table:
        return None
    found = lookup(key)
    return found if isinstance(found, Item) else None
