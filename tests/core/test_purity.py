"""The core stays pure: it imports no GUI, OS or I/O library and never reads the clock."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import hipbreak.core

FORBIDDEN = (
    "tkinter",
    "_tkinter",
    "pystray",
    "plyer",
    "apscheduler",
    "PIL",
    "sqlite3",
    "_sqlite3",
    "gi",
    "jeepney",
)

# Imports every module of the installed hipbreak.core, then names the forbidden ones now loaded.
PROBE = """
import importlib, json, pkgutil, sys
import hipbreak.core
names = sorted(m.name for m in pkgutil.iter_modules(hipbreak.core.__path__, "hipbreak.core."))
for name in names:
    importlib.import_module(name)
forbidden = json.loads(sys.argv[1])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in forbidden)
print(json.dumps({"modules": names, "loaded": loaded, "file": hipbreak.core.__file__}))
"""

# Calls that read the clock: x.now(), x.utcnow(), x.today() on any receiver, and the time module's.
CLOCK_METHODS = {"now", "utcnow", "today"}
TIME_FUNCTIONS = {"time", "time_ns", "monotonic", "monotonic_ns", "perf_counter", "perf_counter_ns"}
TIME_FUNCTIONS |= {"process_time", "localtime", "gmtime", "ctime", "asctime", "sleep"}


def core_sources() -> list[Path]:
    """Every Python file of the hipbreak.core that the tests import (the installed one)."""
    return sorted(Path(hipbreak.core.__file__).parent.glob("*.py"))


def test_importing_every_core_module_in_a_fresh_interpreter_loads_no_gui_os_or_io_library(
    tmp_path: Path,
) -> None:
    # Run from an empty folder, so the interpreter finds the same hipbreak as these tests, not ./hipbreak.
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(FORBIDDEN)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["file"] == hipbreak.core.__file__
    assert {"hipbreak.core.reminders", "hipbreak.core.settings", "hipbreak.core.durations"} <= set(
        found["modules"]
    )
    assert found["loaded"] == []


def clock_reads(source: str, filename: str) -> list[str]:
    """Return "file:line: what" for each clock read or `time` module import in `source`."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, (ast.Call, ast.Import, ast.ImportFrom)):
            continue
        what = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            attr, value = node.func.attr, node.func.value
            if attr in CLOCK_METHODS:
                what = f".{attr}()"
            elif attr in TIME_FUNCTIONS and isinstance(value, ast.Name) and value.id == "time":
                what = f"time.{attr}()"
        elif isinstance(node, ast.Import) and any(alias.name == "time" for alias in node.names):
            what = "import time"
        elif isinstance(node, ast.ImportFrom) and node.module == "time":
            what = "from time import ..."
        if what:
            found.append(f"{filename}:{node.lineno}: {what}")
    return found


def test_no_core_module_reads_the_clock() -> None:
    sources = core_sources()
    assert {"reminders.py", "settings.py", "durations.py", "events.py"} <= {p.name for p in sources}
    found = [hit for path in sources for hit in clock_reads(path.read_text("utf-8"), path.name)]
    assert found == []


def test_the_clock_scan_catches_the_usual_ways_of_reading_the_clock() -> None:
    """The scan itself: each of these must be reported, and handing `now` in must not be."""
    bad = [
        "from datetime import datetime\nx = datetime.now()",
        "import datetime\nx = datetime.datetime.now(tz)",
        "from datetime import date\nx = date.today()",
        "x = datetime.utcnow()",
        "import time\nx = time.time()",
        "from time import monotonic",
        "import time as clock",
    ]
    for source in bad:
        assert clock_reads(source, "bad.py"), source
    good = "from datetime import time\ndef f(now):\n    return now.time() >= time(9, 0)"
    assert clock_reads(good, "good.py") == []
