"""Fixtures for the stretch window tests: a private Xvfb display and the real window process on it."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path

import pytest
from desktop import skip_or_fail
from stretch_harness import StretchRun

DisplayFactory = Callable[..., str]


def _start_xvfb(width: int, height: int, dpi: int) -> tuple[subprocess.Popen[bytes], str]:
    # -displayfd: Xvfb picks a free display number and writes it once it accepts connections.
    read_fd, write_fd = os.pipe()
    process = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write_fd),
            "-screen",
            "0",
            f"{width}x{height}x24",
            "-dpi",
            str(dpi),
            "-nolisten",
            "tcp",
        ],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    data = b""
    deadline = time.monotonic() + 10
    try:
        while not data.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([read_fd], [], [], remaining)[0]:
                raise RuntimeError("Xvfb did not report its display number within 10 s")
            chunk = os.read(read_fd, 64)
            if not chunk:
                raise RuntimeError("Xvfb exited before reporting its display number")
            data += chunk
    except BaseException:
        process.kill()
        process.wait()
        raise
    finally:
        os.close(read_fd)
    return process, f":{data.decode().strip()}"


@pytest.fixture
def make_display() -> Iterator[DisplayFactory]:
    """Start private Xvfb displays (no window manager): make_display(width=1280, height=800, dpi=96)."""
    for tool in ("Xvfb", "xdotool", "import"):
        if shutil.which(tool) is None:
            skip_or_fail(f"missing tool: {tool}")
    started: list[subprocess.Popen[bytes]] = []

    def make(width: int = 1280, height: int = 800, dpi: int = 96) -> str:
        process, display = _start_xvfb(width, height, dpi)
        started.append(process)
        return display

    yield make
    for process in started:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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
    """Start `python -m hipbreak.stretch ARGS` on the test's display, with screen traces on."""
    runs: list[StretchRun] = []

    def start(*args: str, env: dict[str, str] | None = None, on: str | None = None) -> StretchRun:
        run = StretchRun(on or display, list(args), tmp_path, extra_env=env)
        runs.append(run)
        return run.start()

    yield start
    for run in runs:
        run.stop()
