"""The windows' trace: with HIPBREAK_WINDOW_TRACE=1 a window prints one JSON line per thing it shows or does.

Tests read these lines to know when a window is ready and what it displayed; people can attach them to
bug reports. Without the variable nothing is printed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TextIO

TRACE_VARIABLE = "HIPBREAK_WINDOW_TRACE"


class Trace:
    """Writes trace lines for one window to `stream` when enabled; call it from the Tk thread only."""

    def __init__(self, window: str, stream: TextIO | None) -> None:
        self.window = window
        self._stream = stream

    @classmethod
    def from_variables(cls, window: str, variables: Mapping[str, str], stream: TextIO) -> Trace:
        """Return a trace that writes to `stream` if the trace variable is "1", else one that is silent."""
        return cls(window, stream if variables.get(TRACE_VARIABLE) == "1" else None)

    def __call__(self, event: str, **data: object) -> None:
        """Write `{"window": ..., "event": event, **data}` as one line, if tracing is on."""
        if self._stream is None:
            return
        line = json.dumps({"window": self.window, "event": event, **data}, default=str)
        try:
            self._stream.write(line + "\n")
            self._stream.flush()
        except (OSError, ValueError):
            self._stream = None  # the reader went away; the window goes on without it
