"""The end-to-end tests' headless desktop (tests/desktop.py) and its StatusNotifier hosts
(tests/e2e/tray_hosts.py), imported by path: tests/ is no package."""

from __future__ import annotations

import sys
from pathlib import Path

_TESTS = Path(__file__).resolve().parent.parent / "tests"
for _folder in (str(_TESTS), str(_TESTS / "e2e")):
    if _folder not in sys.path:
        sys.path.insert(0, _folder)

from desktop import REQUIRED_TOOLS, Desktop, missing_tools, wait_for  # noqa: E402
from tray_hosts import start_lxqt_panel  # noqa: E402

__all__ = ["REQUIRED_TOOLS", "Desktop", "missing_tools", "start_lxqt_panel", "wait_for"]
