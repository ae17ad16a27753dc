"""How each stretch ended, kept in a file of JSON lines until the history has it.

The stretch window appends its outcome here before it tells its parent, so an outcome outlives a parent
that died or was stopped; the app (at start and on each heartbeat) and `hipbreak stretch` without the app
move the lines into the history. Each line names the stretch's id, and its event is saved under a uid made
from it: an outcome the history has (or holds waiting) is dropped, never recorded twice.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from hipbreak.adapters.atomic_file import read_all
from hipbreak.core.events import Event

log = logging.getLogger(__name__)

OUTCOMES = ("completed", "cancelled")


def new_stretch_id() -> str:
    """Return a fresh id for one stretch, unique across processes and restarts."""
    return uuid.uuid4().hex


class OutcomeFile:
    """The outcome file at `path`; each call locks it, so processes may share it (any thread)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, record: dict[str, Any]) -> None:
        """Add `record` as one line and flush it to the disk; raises OSError when it cannot."""
        line = (json.dumps(record, separators=(",", ":")) + "\n").encode()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(self.path, flags, 0o600)
        try:
            with _locked(fd):
                os.write(fd, line)
                os.fsync(fd)
        finally:
            os.close(fd)

    def settle(self, handle: Callable[[dict[str, Any]], bool]) -> int:
        """Hand each outcome to `handle`; drop those it took (True), keep the rest; return how many it took.

        A line that is not an outcome (damaged, foreign) is dropped with a warning. Raises OSError when the
        file cannot be read or rewritten; an empty or missing file costs one stat().
        """
        try:
            if self.path.stat().st_size == 0:
                return 0
        except FileNotFoundError:
            return 0
        fd = os.open(self.path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
        try:
            with _locked(fd):
                kept: list[bytes] = []
                taken = 0
                for raw in read_all(fd).splitlines():
                    record = _outcome(raw)
                    if record is None:
                        if raw.strip():
                            log.warning("dropped a damaged line from %s: %.80r", self.path, raw)
                    elif handle(record):
                        taken += 1
                    else:
                        kept.append(raw + b"\n")
                # Truncate, never unlink: a window may have the file open to append right now.
                os.ftruncate(fd, 0)
                os.lseek(fd, 0, os.SEEK_SET)
                if kept:
                    os.write(fd, b"".join(kept))
                os.fsync(fd)
                return taken
        finally:
            os.close(fd)

    def find(self, stretch_id: str) -> dict[str, Any] | None:
        """Return the outcome line of `stretch_id` without taking it; None when there is none."""
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:
            return None
        try:
            with _locked(fd):
                lines = read_all(fd).splitlines()
        finally:
            os.close(fd)
        records = (_outcome(raw) for raw in lines)
        return next((r for r in records if r is not None and r["stretch_id"] == stretch_id), None)


def outcome_event(record: dict[str, Any], zone: tzinfo) -> Event:
    """Return the history event for an outcome line, dated when the window decided it, in `zone`."""
    details = {key: value for key, value in record.items() if key not in ("event", "at")}
    return Event(f"stretch_{record['event']}", _when(record).astimezone(zone), details)


def _when(record: dict[str, Any]) -> datetime:
    at = datetime.fromisoformat(str(record.get("at")))
    return at if at.tzinfo is not None else at.astimezone()


def _outcome(raw: bytes) -> dict[str, Any] | None:
    try:
        record = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(record, dict) or record.get("event") not in OUTCOMES:
        return None
    if not isinstance(record.get("stretch_id"), str) or not record["stretch_id"]:
        return None
    try:
        _when(record)
    except (TypeError, ValueError):
        return None
    return record


@contextlib.contextmanager
def _locked(fd: int) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # Windows: appends are short single writes; the app and the CLI rarely meet here
        yield
        return
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)


def outcome_uid(stretch_id: str) -> str:
    """Return the history uid of a stretch's outcome: saving it again, from anywhere, adds nothing."""
    return f"stretch-outcome-{stretch_id}"


def record_outcome(history: Any, record: dict[str, Any], zone: tzinfo) -> bool:
    """Record an outcome line through `history` (a HistoryKeeper) unless it has it; False if unknowable."""
    uid = outcome_uid(record["stretch_id"])
    known = history.knows(uid)
    if known is None:
        return False  # the history cannot be read: the line waits in the outcome file
    if not known:
        history.record(outcome_event(record, zone), uid=uid)
    return True
