"""An independent reader of desktop-entry Exec lines, to check what hipbreak writes."""

from __future__ import annotations

import re
from pathlib import Path


def unescape_string(value: str) -> str:
    """Undo the string escapes of the Desktop Entry spec (written here again, independently)."""
    return re.sub(r"\\(.)", lambda m: {"s": " ", "n": "\n", "t": "\t", "r": "\r"}.get(m[1], m[1]), value)


def split_exec(value: str) -> list[str]:
    """Split an unescaped Exec value into argv the way the spec describes (no field codes expected)."""
    argv: list[str] = []
    current: list[str] = []
    started = False
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == " ":
            if started:
                argv.append("".join(current))
                current, started = [], False
            i += 1
        elif ch == '"':
            started = True
            i += 1
            while value[i] != '"':
                if value[i] == "\\" and value[i + 1] in '"`$\\':
                    i += 1
                current.append(value[i])
                i += 1
            i += 1
        else:
            started = True
            current.append(ch)
            i += 1
    if started:
        argv.append("".join(current))
    return [argument.replace("%%", "%") for argument in argv]


def exec_argv(path: Path) -> list[str]:
    """Return the argv of the Exec line of the desktop file at `path`."""
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("Exec="):
            return split_exec(unescape_string(line[len("Exec=") :]))
    raise AssertionError(f"no Exec line in {path}")
