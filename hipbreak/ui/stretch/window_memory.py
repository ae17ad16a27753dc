"""The stretch window's remembered size and screen, kept in a small JSON file in the user's state folder."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from hipbreak.adapters.atomic_file import write_atomically

Rect = tuple[int, int, int, int]
FILE_NAME = "stretch-window.json"
MIN_SIZE = (320, 240)


@dataclass(frozen=True)
class Remembered:
    """The window's last size and the monitor (x, y, width, height) it was on."""

    width: int
    height: int
    monitor: Rect

    def area(self, monitors: list[Rect]) -> Rect | None:
        """The remembered monitor if it is still connected (by its exact rectangle), else None."""
        return self.monitor if self.monitor in monitors else None

    def size_within(self, area: Rect) -> tuple[int, int]:
        """The remembered size, shrunk to fit `area` (a monitor may have become smaller)."""
        return min(self.width, area[2]), min(self.height, area[3])


class WindowMemory:
    """Reads and writes the file; a missing, damaged or unwritable file is treated as nothing remembered."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> Remembered | None:
        """What was remembered, or None (any thread)."""
        try:
            data = json.loads(self.path.read_text("utf-8"))
            width, height = int(data["width"]), int(data["height"])
            monitor = tuple(int(v) for v in data["monitor"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if len(monitor) != 4 or width < MIN_SIZE[0] or height < MIN_SIZE[1]:
            return None
        return Remembered(width, height, (monitor[0], monitor[1], monitor[2], monitor[3]))

    def save(self, remembered: Remembered) -> bool:
        """Write `remembered`; False when the folder or file cannot be written (the stretch goes on)."""
        record = {"width": remembered.width, "height": remembered.height, "monitor": list(remembered.monitor)}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, (json.dumps(record) + "\n").encode("utf-8"))
        except OSError:
            return False
        return True
