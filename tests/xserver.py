"""A private Xvfb on a display number it picks itself."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from servers import start_reporting, stop_process


@dataclass(frozen=True)
class XServer:
    """A private X server: its display name (e.g. ":3") and its process."""

    display: str
    process: subprocess.Popen[bytes]


def start_xvfb(
    width: int = 1280, height: int = 800, *, dpi: int | None = None, noreset: bool = False, **options: Any
) -> XServer:
    """Start Xvfb with one `width`x`height` 24-bit screen, no TCP, and return once it accepts clients.

    `noreset` keeps atoms and selections when the last client goes; `options` (timeout, env, cwd, log,
    new_session) go to servers.start_reporting. RuntimeError if it is not ready in time.
    """
    # -displayfd: Xvfb picks a free display number and writes it once it accepts connections.
    args = ["Xvfb", "-displayfd", "{fd}", "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"]
    if dpi is not None:
        args += ["-dpi", str(dpi)]
    if noreset:
        args.append("-noreset")
    process, number = start_reporting(args, "Xvfb", **options)
    return XServer(f":{number}", process)


def unused_display() -> str:
    """A display name (":9000") that no X server on this machine serves: none has its socket."""
    return next(f":{n}" for n in range(9000, 9100) if not Path(f"/tmp/.X11-unix/X{n}").exists())


@contextlib.contextmanager
def running_xvfb(width: int = 1280, height: int = 800, **options: Any) -> Iterator[XServer]:
    """start_xvfb() for a with block; the server is stopped at its end."""
    server = start_xvfb(width, height, **options)
    try:
        yield server
    finally:
        stop_process(server.process)


def outlive_the_server(server: XServer, script: str, cwd: Path, package_home: Path) -> str:
    """Run `script` (given the display as argv[1]) in a child; stop `server` once the child prints "ready"
    and then send it a line; return what it prints after. Fails if the child does not exit 0: an X library
    that takes its process down with the connection would otherwise take the test runner too."""
    child = subprocess.Popen(
        [sys.executable, "-c", script, server.display],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(package_home)},
    )
    assert child.stdout is not None and child.stdin is not None
    assert child.stdout.readline().strip() == "ready"
    server.process.send_signal(signal.SIGTERM)
    server.process.wait(timeout=10)
    child.stdin.write("\n")
    child.stdin.flush()
    out, err = child.communicate(timeout=10)
    assert child.returncode == 0, err
    return out
