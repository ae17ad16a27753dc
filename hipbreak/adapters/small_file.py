"""Reading a small text file the user controls (settings, a routine, a lock note) without being fooled.

A path can name a named pipe (reading blocks forever), a device (`/dev/zero` never ends) or a file of
gigabytes. Only a regular file is read, and at most `limit` bytes of it; symbolic links are followed,
since a settings file linked in from a dotfiles folder is ordinary.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from hipbreak.language import _

MAX_SMALL_FILE = 256 * 1024

# O_NONBLOCK: opening a named pipe would otherwise wait for a writer. O_NOCTTY: a terminal device
# must not become our controlling terminal. Both are absent on Windows, where there is no such trap.
_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class SmallFileError(Exception):
    """The file is not one hipbreak will read; str() is one line naming the file, the limit and the fix."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem  # the line without the path, for messages that place the path themselves
        # Translators: {path} is a file; {problem} says what is wrong with it and how to fix it.
        super().__init__(_("{path}: {problem}").format(path=path, problem=problem))


def read_small_file(path: Path, limit: int = MAX_SMALL_FILE) -> bytes:
    """Return the bytes of the regular file `path` without a UTF-8 byte-order mark; any thread.

    Raises FileNotFoundError when nothing is there, and SmallFileError when it is not a regular file,
    holds more than `limit` bytes, or cannot be read. Never blocks on a pipe or reads a device.
    """
    try:
        # Look before opening: opening some devices has effects (a tape rewinds, a modem line rises).
        _check_kind(path, os.stat(path).st_mode)
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        raise
    except OSError as exc:
        # Translators: follows the file's name and a colon; {error} is the system's reason.
        raise SmallFileError(path, _("cannot be read ({error})").format(error=exc.strerror)) from None
    try:
        info = os.fstat(fd)  # what was opened, which may not be what was looked at a moment ago
        _check_kind(path, info.st_mode)
        if info.st_size > limit:
            raise SmallFileError(path, _too_big(info.st_size, limit))
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise SmallFileError(path, _too_big(size, limit))  # it grew while we read
    except OSError as exc:
        # Translators: follows the file's name and a colon; {error} is the system's reason.
        raise SmallFileError(path, _("cannot be read ({error})").format(error=exc.strerror)) from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    # Some editors on Windows begin UTF-8 files with a byte-order mark; TOML readers refuse it.
    return raw[len(codecs.BOM_UTF8) :] if raw.startswith(codecs.BOM_UTF8) else raw


def _check_kind(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        # Translators: follows the file's name and a colon: the file is the subject.
        message = _("is a folder, not a regular file; replace it with a plain text file")
    elif stat.S_ISFIFO(mode):
        # Translators: follows the file's name and a colon: the file is the subject.
        message = _("is a named pipe, not a regular file; replace it with a plain text file")
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        # Translators: follows the file's name and a colon: the file is the subject.
        message = _("is a device, not a regular file; replace it with a plain text file")
    else:
        # Translators: follows the file's name and a colon: the file is the subject.
        message = _("is not a regular file; replace it with a plain text file")
    raise SmallFileError(path, message)


def _too_big(size: int, limit: int) -> str:
    # Translators: follows the file's name and a colon; {limit} and {size} are numbers.
    text = _("is larger than the limit of {limit} KiB ({size} KiB or more); is it the right file?")
    return text.format(limit=limit // 1024, size=size // 1024)
