"""The idle-time port, and the guard that keeps a failing reading from ever raising."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from typing import Protocol, runtime_checkable

from hipbreak.error_text import describe_error, one_line
from hipbreak.language import _


class IdleUnavailable(Exception):
    """A source cannot tell the idle time; the message is one line for `hipbreak doctor`."""


@runtime_checkable
class IdleSource(Protocol):
    """Seconds since the user last touched keyboard or mouse."""

    name: str

    def idle_seconds(self) -> float | None:
        """Return the idle time in seconds, or None when it cannot be read this time; never raises."""
        ...

    def close(self) -> None:
        """Release the connection; later readings return None. Safe to call twice."""
        ...


class GuardedIdleSource(ABC):
    """Base for real sources: `read()` may raise, `idle_seconds()` turns any failure into None.

    Calls are serialised by a lock, so any thread may read, though one owner thread is the intent.
    """

    name: str = "unnamed"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._closed = False
        self.last_error: str | None = None

    @abstractmethod
    def _read(self) -> float:
        """Return the idle seconds or raise (IdleUnavailable for expected failures)."""

    @abstractmethod
    def _release(self) -> None:
        """Free whatever the source holds; called once, under the lock."""

    def read(self) -> float:
        """Return the idle seconds or raise IdleUnavailable with the reason (the chooser's probe)."""
        with self._lock:
            if self._closed:
                raise IdleUnavailable("closed")
            try:
                seconds = self._read()
            except IdleUnavailable:
                raise
            except Exception as error:  # a probe failure is a reason, never a crash
                raise IdleUnavailable(describe(error)) from error
            if not seconds >= 0.0:  # also rejects NaN
                # Translators: {value} is an impossible idle time that was read, e.g. -5.0 or nan.
                raise IdleUnavailable(_("nonsense reading {value}").format(value=repr(seconds)))
            return seconds

    def idle_seconds(self) -> float | None:
        """Return the idle time in seconds, or None when it cannot be read this time; never raises."""
        try:
            seconds = self.read()
        except Exception as error:
            self.last_error = describe(error)
            return None
        self.last_error = None
        return seconds

    def close(self) -> None:
        """Release the connection; later readings return None. Safe to call twice."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            try:
                self._release()
            except Exception as error:
                self.last_error = describe(error)


def describe(error: BaseException) -> str:
    """Return a one-line description of an exception for a report line; an IdleUnavailable's reason alone."""
    text = one_line(str(error))
    if isinstance(error, IdleUnavailable) and text:
        return text
    return describe_error(error)
