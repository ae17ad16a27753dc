"""Fixtures for the stretch window tests: a private Xvfb display and the real window process on it."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path

import pytest
from desktop import require_tools
from stretch_harness import StretchRun
from xserver import running_xvfb

DisplayFactory = Callable[..., str]


@pytest.fixture
def make_display() -> Iterator[DisplayFactory]:
    """Start private Xvfb displays (no window manager): make_display(width=1280, height=800, dpi=96)."""
    require_tools("Xvfb", "xdotool", "import")
    with contextlib.ExitStack() as servers:

        def make(width: int = 1280, height: int = 800, dpi: int = 96) -> str:
            return servers.enter_context(running_xvfb(width, height, dpi=dpi, timeout=10.0)).display

        yield make


@pytest.fixture
def quick_routines(tmp_path: Path) -> Path:
    """A user routines folder holding "quick": the built-in routine with a 1 s switch."""
    text = resources.files("hipbreak").joinpath("routines").joinpath("hip-flexor.toml").read_text("utf-8")
    assert "seconds = 5" in text
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "quick.toml").write_text(text.replace("seconds = 5", "seconds = 1"), "utf-8")
    return folder


@pytest.fixture
def display(make_display: DisplayFactory) -> str:
    """A fresh 1280x800 Xvfb display at 96 dpi, as a DISPLAY value."""
    return make_display()


@pytest.fixture
def stretch(display: str, tmp_path: Path) -> Iterator[Callable[..., StretchRun]]:
    """Start `python -m hipbreak.ui.stretch ARGS` on the test's display, with screen traces on."""
    runs: list[StretchRun] = []

    def start(*args: str, env: dict[str, str] | None = None, on: str | None = None) -> StretchRun:
        run = StretchRun(on or display, list(args), tmp_path, extra_env=env)
        runs.append(run)
        return run.start()

    yield start
    for run in runs:
        run.stop()
