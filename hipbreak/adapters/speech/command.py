"""A speaker that runs one speech program per line, killing it when the line runs out of time."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
import time
from collections.abc import Callable

KILL_WAIT = 1.0


class CommandSpeaker:
    """Runs `argv(text)` per line, feeding `stdin(text)`; subclasses say which program and how."""

    name = "command"

    def __init__(self, program: str, clock: Callable[[], float] = time.monotonic) -> None:
        self.program = program
        self.clock = clock
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._stopped = False

    def argv(self, text: str) -> list[str]:
        """The command line that speaks `text`."""
        raise NotImplementedError

    def stdin(self, text: str) -> bytes | None:
        """What to write to the program's standard input (None: nothing, text is in the arguments)."""
        return None

    def describe(self) -> str:
        """The program's path."""
        return f"{self.name} ({self.program})"

    def say(self, text: str, deadline: float) -> bool:
        """Run the program for `text` until it ends or `deadline` passes (speech thread only)."""
        data = self.stdin(text)
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0
        with self._lock:
            self._stopped = False
            try:
                process = subprocess.Popen(
                    self.argv(text),
                    stdin=subprocess.PIPE if data is not None else subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    creationflags=flags,
                )
            except OSError:
                return False
            self._process = process
        try:
            process.communicate(data, timeout=max(0.0, deadline - self.clock()))
        except subprocess.TimeoutExpired:
            # The next line is due: cut this one short rather than make the coach run late.
            self._kill(process)
            return True
        except OSError:  # the program died before reading its text
            self._kill(process)
            return self._stopped
        finally:
            with self._lock:
                self._process = None
        return process.returncode == 0 or self._stopped

    def stop(self) -> None:
        """Kill the program speaking now (any thread)."""
        with self._lock:
            process = self._process
            self._stopped = process is not None
        if process is not None:
            self._kill(process)

    @staticmethod
    def _kill(process: subprocess.Popen[bytes]) -> None:
        with contextlib.suppress(OSError):
            process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired, OSError):
            process.wait(timeout=KILL_WAIT)
