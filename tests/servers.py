"""Starting the servers tests need (Xvfb, dbus-daemon), which say on a pipe when they are ready, and
stopping the processes tests start."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from typing import IO


def read_line(fd: int, timeout: float, what: str) -> str:
    """Read one line from pipe `fd` within `timeout` s; RuntimeError if `what` is late or closes the pipe."""
    deadline = time.monotonic() + timeout
    data = b""
    while not data.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            raise RuntimeError(f"{what} did not report within {timeout:g} s (got {data!r})")
        chunk = os.read(fd, 4096)
        if not chunk:
            raise RuntimeError(f"{what} exited before reporting (got {data!r})")
        data += chunk
    return data.decode().strip()


def start_reporting(
    args: Sequence[str],
    what: str,
    *,
    timeout: float = 15.0,
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    log: IO[bytes] | None = None,
    new_session: bool = False,
) -> tuple[subprocess.Popen[bytes], str]:
    """Start a server that writes one ready line to a pipe it inherits, and return it and that line.

    "{fd}" in `args` stands for the pipe's descriptor. The server gets `env` (default: this process's),
    writes its output to `log` (default: nowhere), and with `new_session` leads its own process group.
    It is stopped again if it does not report within `timeout` s.
    """
    read_fd, write_fd = os.pipe()
    try:
        process = subprocess.Popen(
            [arg.replace("{fd}", str(write_fd)) for arg in args],
            env=None if env is None else dict(env),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=log or subprocess.DEVNULL,
            stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
            pass_fds=(write_fd,),  # the server alone keeps the write end, so its exit means EOF
            start_new_session=new_session,
        )
        os.close(write_fd)
        write_fd = -1
        try:
            return process, read_line(read_fd, timeout, what)
        except BaseException:
            stop_process(process, group=new_session)
            raise
    finally:
        os.close(read_fd)
        if write_fd >= 0:
            os.close(write_fd)


def stop_process(
    process: subprocess.Popen[bytes] | None, *, kill: bool = False, group: bool = False, grace: float = 5.0
) -> None:
    """Stop a process a test started and reap it: TERM (or KILL at once with `kill`), KILL after `grace` s.

    With `group` the signals go to its whole process group (it must have been started in a new session),
    so children it left behind go too, even when it has exited itself. Safe to repeat.
    """
    if process is None:
        return
    for sig in (signal.SIGKILL,) if kill else (signal.SIGTERM, signal.SIGKILL):
        if group:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
        elif process.poll() is None:
            process.send_signal(sig)
        try:
            process.wait(timeout=grace)
            break
        except subprocess.TimeoutExpired:
            continue
    if process.stdout is not None:
        process.stdout.close()
