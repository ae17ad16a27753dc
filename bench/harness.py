"""The end-to-end tests' headless desktop (tests/desktop.py), imported by path: tests/ is no package."""

from __future__ import annotations

import sys
from pathlib import Path

_TESTS = str(Path(__file__).resolve().parent.parent / "tests")
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

from desktop import Desktop, missing_tools, wait_for  # noqa: E402

__all__ = ["Desktop", "missing_tools", "wait_for"]
