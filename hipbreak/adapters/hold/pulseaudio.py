"""In a call, as PulseAudio sees it (where there is no PipeWire): a microphone being recorded.

`pactl subscribe` prints one line per change; only on a change to a recording stream ("source-output")
are the streams listed again (`pactl --format=json`, PulseAudio 16+), so nothing is polled.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import threading
from collections.abc import Callable, Collection, Mapping
from typing import Any

from hipbreak.adapters.hold.line_process import LineProcess
from hipbreak.adapters.hold.pipewire_graph import Capture, describe_captures
from hipbreak.core.holds import HoldReason
from hipbreak.language import _

log = logging.getLogger(__name__)

OWN_NAMES = frozenset({"hipbreak"})
# pactl answers in milliseconds; this bounds a hung server.
QUERY_TIMEOUT = 3.0


def pulse_captures(
    outputs: Any, sources: Any, own_pids: Collection[int] = (), own_names: Collection[str] = ()
) -> list[Capture]:
    """Return the uncorked recordings of a real source in `pactl --format=json list` data."""
    monitors: set[int] = set()
    for source in sources if isinstance(sources, list) else []:
        if isinstance(source, dict) and _is_monitor(source):
            monitors.add(source.get("index", -1))
    found: list[Capture] = []
    for output in outputs if isinstance(outputs, list) else []:
        if not isinstance(output, dict) or output.get("corked") is not False:
            continue
        props = _properties(output)
        if output.get("source") in monitors or str(props.get("stream.capture.sink", "")) == "true":
            continue  # it records what the speakers play, not the room
        if _is_own(props, own_pids, own_names):
            continue
        who = props.get("application.name") or props.get("application.process.binary") or "a program"
        found.append(Capture("microphone", str(who)))
    return found


def _properties(item: Mapping[str, Any]) -> Mapping[str, Any]:
    props = item.get("properties")
    return props if isinstance(props, dict) else {}


def _is_monitor(source: Mapping[str, Any]) -> bool:
    props = _properties(source)
    # pactl's JSON names the sink a monitor source belongs to in "monitor_source"; "" or "n/a" if none.
    return (
        str(source.get("monitor_source") or "n/a") != "n/a"
        or props.get("device.class") == "monitor"
        or str(source.get("name", "")).endswith(".monitor")
    )


def _is_own(props: Mapping[str, Any], own_pids: Collection[int], own_names: Collection[str]) -> bool:
    try:
        if int(props.get("application.process.id", "")) in own_pids:
            return True
    except (TypeError, ValueError):
        pass
    return str(props.get("application.name", "")) in own_names


class PulseCallSignal:
    """Holds while a program other than hipbreak records from a microphone (not a monitor)."""

    name = "pulseaudio"
    reason = HoldReason.CALL

    def __init__(self, variables: Mapping[str, str], command: str = "pactl") -> None:
        """Remember how to reach the server; nothing runs before start(). Any thread."""
        self._command = command
        self._variables = dict(variables)
        self._own_pids = frozenset({os.getpid()})
        self._lock = threading.Lock()
        self._captures: list[Capture] = []
        self._on_change: Callable[[bool], None] = lambda _active: None
        self.last_error: str | None = None
        self._process = LineProcess(
            self.name, [command, "subscribe"], variables, self._line, self._refresh, self._stopped
        )

    def start(self, on_change: Callable[[bool], None]) -> None:
        """Start following the server; `on_change(active)` runs on the watcher thread at each flip."""
        self._on_change = on_change
        self._process.start()

    def active(self) -> bool:
        """Whether a microphone is being recorded now. Any thread."""
        with self._lock:
            return bool(self._captures)

    def describe(self) -> str:
        """One line for doctor and status. Any thread."""
        with self._lock:
            found = list(self._captures)
        # Translators: keep `pactl subscribe` as it is.
        line = _("microphone recordings (pactl subscribe, no polling)")
        return describe_captures(line, found, self.last_error)

    def close(self) -> None:
        """Stop pactl. Any thread; twice is fine."""
        self._process.close()

    # The rest runs on the watcher thread.
    def _line(self, line: str) -> None:
        if "source-output" in line:
            self._refresh()

    def _list(self, kind: str) -> Any:
        done = subprocess.run(
            [self._command, "--format=json", "list", kind],
            capture_output=True,
            text=True,
            env=self._variables,
            timeout=QUERY_TIMEOUT,
            check=False,
        )
        if done.returncode != 0:
            # Translators: {kind} is what pactl lists (e.g. source-outputs); {error} is what it printed.
            text = _("pactl list {kind} failed: {error}")
            raise ValueError(text.format(kind=kind, error=done.stderr.strip() or done.returncode))
        return json.loads(done.stdout or "[]")

    def _refresh(self) -> None:
        try:
            captures = pulse_captures(
                self._list("source-outputs"), self._list("sources"), self._own_pids, OWN_NAMES
            )
        except (OSError, ValueError, subprocess.TimeoutExpired) as error:
            self.last_error = str(error).splitlines()[0] if str(error) else type(error).__name__
            log.warning("pulseaudio: %s", self.last_error)
            return
        self._publish(captures)

    def _stopped(self, reason: str) -> None:
        self.last_error = reason
        self._publish([])

    def _publish(self, captures: list[Capture]) -> None:
        with self._lock:
            was = bool(self._captures)
            self._captures = captures
        if was != bool(captures):
            self._on_change(bool(captures))
