"""A watcher process (`pw-dump --monitor`, `pactl subscribe`) whose output lines are read on one thread.

The process blocks until the sound server has news, so watching costs no wake-ups while nothing
changes. If it ends (the server restarted, the tool crashed) it is started again after a growing
pause, so a missing server is not a busy loop.
"""

from __future__ import annotations

import contextlib
import logging
import subprocess
import threading
from collections.abc import Callable, Mapping, Sequence

from hipbreak.error_text import describe_error, one_line
from hipbreak.language import _

log = logging.getLogger(__name__)

FIRST_PAUSE = 1.0
LONGEST_PAUSE = 60.0


class LineProcess:
    """Runs `args` and hands each stdout line to `on_line`; all callbacks run on its own thread.

    `on_start()` is called before the first line of each run, `on_stop(reason)` after each run ends.
    """

    def __init__(
        self,
        name: str,
        args: Sequence[str],
        variables: Mapping[str, str],
        on_line: Callable[[str], None],
        on_start: Callable[[], None],
        on_stop: Callable[[str], None],
    ) -> None:
        """Remember what to run; nothing starts before start(). Any thread."""
        self.name = name
        self.args = list(args)
        self.variables = dict(variables)
        self._on_line = on_line
        self._on_start = on_start
        self._on_stop = on_stop
        self._closed = threading.Event()
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the reading thread (once). Any thread."""
        with self._lock:
            if self._thread is not None or self._closed.is_set():
                return
            self._thread = threading.Thread(target=self._run, name=f"hold-{self.name}", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        pause = FIRST_PAUSE
        while not self._closed.is_set():
            reason = self._run_once()
            if self._closed.is_set():
                return
            with contextlib.suppress(Exception):
                self._on_stop(reason)
            log.info("%s ended (%s); starting it again in %.0f s", self.args[0], reason, pause)
            if self._closed.wait(pause):
                return
            pause = min(pause * 2, LONGEST_PAUSE)

    def _run_once(self) -> str:
        try:
            process = subprocess.Popen(
                self.args,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=self.variables,
                text=True,
                encoding="utf-8",
                errors="replace",
            )
        except OSError as error:
            return describe_error(error)
        with self._lock:
            if self._closed.is_set():
                process.kill()
                process.wait()
                return "closed"
            self._process = process
        assert process.stdout is not None
        try:
            self._on_start()
            for line in process.stdout:
                self._on_line(line)
        except Exception as error:  # a bad line or a failing callback ends this run, never the app
            log.warning("%s: %s", self.name, describe_error(error))
            process.kill()
        finally:
            code = process.wait()
            with self._lock:
                self._process = None
            process.stdout.close()
        # Translators: {program} is a program's name, e.g. pw-dump; {code} its exit status, a number.
        return one_line(_("{program} exited with status {code}").format(program=self.args[0], code=code))

    def close(self, timeout: float = 2.0) -> None:
        """Stop the process and wait up to `timeout` for the thread. Any thread; twice is fine."""
        with self._lock:
            self._closed.set()
            process, thread = self._process, self._thread
        if process is not None:
            with contextlib.suppress(OSError):
                process.terminate()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
            if thread.is_alive() and process is not None:
                with contextlib.suppress(OSError):
                    process.kill()
                thread.join(timeout)
