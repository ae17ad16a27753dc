"""`python -m hipbreak` inside a clone: it says which hipbreak runs when that is not the installed one."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import hipbreak
from hipbreak import __version__

REPO = Path(__file__).resolve().parents[2]
INSTALLED = Path(hipbreak.__file__).resolve().parent


def python_m_version(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hipbreak", "--version"], cwd=cwd, capture_output=True, text=True, timeout=60
    )


def test_outside_a_clone_it_runs_the_installed_package_and_says_nothing_more(tmp_path: Path) -> None:
    result = python_m_version(tmp_path)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == f"hipbreak {__version__} ({INSTALLED})\n"


def test_inside_a_clone_one_line_says_which_copy_runs(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    shutil.copytree(REPO / "hipbreak", clone / "hipbreak", ignore=shutil.ignore_patterns("__pycache__"))
    result = python_m_version(clone)
    assert result.returncode == 0
    assert result.stdout == f"hipbreak {__version__} ({clone / 'hipbreak'})\n"
    assert result.stderr == (
        f"hipbreak: running hipbreak from {clone / 'hipbreak'}, "
        f"not the hipbreak {__version__} installed in {INSTALLED}\n"
    )
