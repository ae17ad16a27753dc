"""A window's line to the running app: commands go out on a worker thread, answers are read on the Tk thread.

Tk may only be touched from its own thread, and a call to a stuck app can take seconds; so the window
never calls the control channel itself, it asks this link and drains its answers on a timer.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hipbreak.core.commands import Command
from hipbreak.environment import Environment
from hipbreak.ipc.client import ControlError, NotRunning, send
from hipbreak.ipc.wire import Reply
from hipbreak.language import _

Sender = Callable[[Environment, Command], Reply]


@dataclass(frozen=True)
class Answer:
    """What came back for one command: the reply's text and data, or why there was none."""

    command: str  # the command's name
    ok: bool
    text: str  # the reply's message, or the error for the user
    data: Mapping[str, Any] = field(default_factory=dict)
    running: bool = True  # False when no app was listening


def _send_quickly(env: Environment, command: Command) -> Reply:
    return send(env, command, timeout=3.0)


class ControlLink:
    """Sends commands to the running app one at a time, in order, from one daemon thread."""

    def __init__(self, env: Environment, sender: Sender = _send_quickly) -> None:
        self._env = env
        self._send = sender
        self._requests: queue.Queue[Command | None] = queue.Queue()
        self._answers: queue.Queue[Answer] = queue.Queue()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the worker thread; call once, from the Tk thread."""
        self._thread = threading.Thread(target=self._work, name="hipbreak-control-link", daemon=True)
        self._thread.start()

    def ask(self, command: Command) -> None:
        """Queue `command` for the app; its Answer turns up in `answers()`. Any thread."""
        self._requests.put(command)

    def answers(self) -> list[Answer]:
        """Return the answers that arrived since the last call, oldest first. Any thread."""
        found: list[Answer] = []
        while True:
            try:
                found.append(self._answers.get_nowait())
            except queue.Empty:
                return found

    def stop(self) -> None:
        """Let the worker finish its current command and end; does not wait for it."""
        self._requests.put(None)

    def _work(self) -> None:
        while True:
            command = self._requests.get()
            if command is None:
                return
            self._answers.put(self._exchange(command))

    def _exchange(self, command: Command) -> Answer:
        name = command.name
        try:
            reply = self._send(self._env, command)
        except NotRunning:
            return Answer(name, ok=False, text=_("hipbreak is not running"), running=False)
        except ControlError as exc:
            return Answer(name, ok=False, text=str(exc))
        if reply.ok:
            return Answer(name, ok=True, text=reply.message, data=reply.data)
        return Answer(name, ok=False, text=reply.error)
