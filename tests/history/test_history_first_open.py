"""A new history opened by many processes at the same instant: every one of them gets it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import hipbreak

HIPBREAK_HOME = Path(hipbreak.__file__).resolve().parents[1]

OPENER = """
import os, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from hipbreak.adapters.history import History, HistoryError
os.read(int(sys.argv[3]), 1)
try:
    History.open(Path(sys.argv[2])).close()
except HistoryError as exc:
    print(exc)
"""


def test_twenty_processes_opening_a_new_history_at_once_all_succeed(tmp_path: Path) -> None:
    """Each round: 20 processes wait on one pipe, then open the same new file (the first migrates it)."""
    for round_number in range(3):
        path = tmp_path / f"round{round_number}" / "history.db"
        go_read, go_write = os.pipe()
        openers = [
            subprocess.Popen(
                [sys.executable, "-c", OPENER, str(HIPBREAK_HOME), str(path), str(go_read)],
                stdout=subprocess.PIPE,
                text=True,
                pass_fds=(go_read,),
            )
            for _ in range(20)
        ]
        os.close(go_write)  # every opener wakes at once
        errors = [process.communicate(timeout=60)[0].strip() for process in openers]
        os.close(go_read)
        assert [error for error in errors if error] == [], f"round {round_number}"
