"""A private Xvfb on a display number it picks itself."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
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


@contextlib.contextmanager
def running_xvfb(width: int = 1280, height: int = 800, **options: Any) -> Iterator[XServer]:
    """start_xvfb() for a with block; the server is stopped at its end."""
    server = start_xvfb(width, height, **options)
    try:
        yield server
    finally:
        stop_process(server.process)
