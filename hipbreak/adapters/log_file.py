"""The app's log file, which falls back to stderr with one line when it cannot be written.

Python's logging prints a traceback to stderr for every record a handler fails to write, so a full
disk or a log folder made read-only turned each log line into a dozen lines of traceback.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import sys
from pathlib import Path
from typing import TextIO

from hipbreak.language import _

MAX_BYTES = 512_000
BACKUPS = 3


class _FallbackFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file; the first failed write says so once on stderr, and records go there after."""

    def __init__(self, path: Path, stderr: TextIO) -> None:
        super().__init__(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
        self._path = path
        self._stderr = stderr
        self._fallback: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._fallback is not None:
            _pass_on(self._fallback, record)
            return
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, OSError) or self._fallback is not None:
            super().handleError(record)  # a bug in a log call: keep logging's own report
            return
        reason = error.strerror or type(error).__name__
        print(_cannot_log(self._path, reason), file=self._stderr, flush=True)
        self._fallback = _stderr_handler(self._stderr, self.formatter)
        stream, self.stream = self.stream, None
        if stream is not None:
            with contextlib.suppress(OSError):  # its buffer still holds what could not be written
                stream.close()
        _pass_on(self._fallback, record)

    def shouldRollover(self, record: logging.LogRecord) -> bool:
        if self._fallback is not None:
            return False
        return bool(super().shouldRollover(record))


def log_handler(path: Path, stderr: TextIO, formatter: logging.Formatter) -> logging.Handler:
    """A handler writing to `path`, or to `stderr` after one line saying why not; call at start.

    The handler may be used from any thread, as logging's handlers lock around each record.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = _FallbackFileHandler(path, stderr)
    except OSError as exc:
        print(_cannot_log(path, exc.strerror), file=stderr, flush=True)
        return _stderr_handler(stderr, formatter)
    handler.setFormatter(formatter)
    return handler


def _cannot_log(path: Path, reason: object) -> str:
    # Translators: {error} is the system's reason, e.g. "Permission denied".
    text = _("hipbreak: cannot write the log file {path} ({error}); logging to stderr instead")
    return text.format(path=path, error=reason)


def _pass_on(handler: logging.Handler, record: logging.LogRecord) -> None:
    # Handler.handle() does not look at the handler's level; a logger would have, before calling it.
    if record.levelno >= handler.level:
        handler.handle(record)


def _stderr_handler(stderr: TextIO, formatter: logging.Formatter | None) -> logging.Handler:
    handler = logging.StreamHandler(stderr)
    handler.setLevel(logging.WARNING)  # the terminal (or the session's log) gets what matters, not chatter
    if formatter is not None:
        handler.setFormatter(formatter)
    return handler
