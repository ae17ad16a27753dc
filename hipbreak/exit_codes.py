"""What every hipbreak process's exit status means, defined once for the CLI, the app and the windows."""

from __future__ import annotations

import enum


class ExitStatus(enum.IntEnum):
    """Exit statuses; README's CLI section documents them."""

    OK = 0
    ERROR = 1  # something went wrong; the one line on stderr says what and how to fix it
    USAGE = 2  # a bad argument, option or file the user gave
    NOT_RUNNING = 3  # the command needs the running app and there is none (windows: no display)
    NOT_ANSWERING = 4  # an app holds the socket but gave no answer in time (stopped, stuck, very busy)
