"""The log file when it cannot be written: one line on stderr, then the records go there; no tracebacks."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from hipbreak.adapters.log_file import log_handler

FORMAT = logging.Formatter("%(levelname)s %(message)s")


@pytest.fixture
def logger() -> Iterator[logging.Logger]:
    log = logging.getLogger("hipbreak.test-log-file")
    log.propagate = False
    log.setLevel(logging.INFO)
    yield log
    for handler in list(log.handlers):
        log.removeHandler(handler)
        handler.close()


def test_a_full_disk_is_told_once_and_warnings_go_to_stderr(tmp_path: Path, logger: logging.Logger) -> None:
    path = tmp_path / "hipbreak.log"
    path.symlink_to("/dev/full")  # every write fails with "No space left on device"
    stderr = io.StringIO()
    logger.addHandler(log_handler(path, stderr, FORMAT))
    logger.warning("first")
    logger.info("chatter")
    logger.warning("second")
    lines = stderr.getvalue().splitlines()
    assert lines == [
        f"hipbreak: cannot write the log file {path} (No space left on device); logging to stderr instead",
        "WARNING first",
        "WARNING second",
    ]


def test_a_log_folder_that_cannot_be_made_is_told_once(tmp_path: Path, logger: logging.Logger) -> None:
    (tmp_path / "state").write_text("a file where the log folder should be")
    path = tmp_path / "state" / "log" / "hipbreak.log"
    stderr = io.StringIO()
    logger.addHandler(log_handler(path, stderr, FORMAT))
    logger.error("broken")
    lines = stderr.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"hipbreak: cannot write the log file {path} (")
    assert lines[0].endswith("); logging to stderr instead")
    assert lines[1] == "ERROR broken"


def test_a_writable_log_gets_every_record_and_stderr_nothing(tmp_path: Path, logger: logging.Logger) -> None:
    path = tmp_path / "log" / "hipbreak.log"
    stderr = io.StringIO()
    logger.addHandler(log_handler(path, stderr, FORMAT))
    logger.info("one")
    logger.warning("two")
    assert path.read_text().splitlines() == ["INFO one", "WARNING two"]
    assert stderr.getvalue() == ""
