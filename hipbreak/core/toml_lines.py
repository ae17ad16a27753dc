"""Where each key of a TOML document sits, so a schema error can name its line (tomllib keeps none)."""

from __future__ import annotations

from typing import Any


def key_lines(text: str) -> dict[tuple[Any, ...], int]:
    """Map each key path to its 1-based line: ("title",), ("phase", 2) for the third [[phase]] header,
    ("phase", 2, "side") for a key inside it. Values spanning lines are skipped over, not entered."""
    lines: dict[tuple[Any, ...], int] = {}
    counts: dict[str, int] = {}
    table: tuple[Any, ...] = ()
    scanner = _ValueScanner()
    for number, line in enumerate(text.splitlines(), start=1):
        if scanner.inside:
            scanner.feed(line)
            continue
        stripped = line.strip()
        if stripped.startswith("[["):
            name = _header_name(stripped[2:], "]]")
            counts[name] = counts.get(name, -1) + 1
            table = (name, counts[name])
            lines.setdefault(table, number)
        elif stripped.startswith("["):
            table = (_header_name(stripped[1:], "]"),)
            lines.setdefault(table, number)
        elif stripped and not stripped.startswith("#") and "=" in stripped:
            key, _, rest = stripped.partition("=")
            lines.setdefault((*table, *_split_key(key)), number)
            scanner.feed(rest)
    return lines


def _header_name(rest: str, closing: str) -> str:
    return ".".join(_split_key(rest.split(closing, 1)[0]))


def _split_key(key: str) -> tuple[str, ...]:
    """Split a dotted key; dots inside quotes belong to the key part."""
    parts: list[str] = []
    current = ""
    quote = ""
    for char in key.strip():
        if quote:
            if char == quote:
                quote = ""
            else:
                current += char
        elif char in "\"'":
            quote = char
        elif char == ".":
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return tuple(parts)


class _ValueScanner:
    """Tracks open strings and brackets across lines so keys inside multi-line values are not mistaken."""

    def __init__(self) -> None:
        self.depth = 0
        self.quote = ""  # the open multi-line string delimiter, if any

    @property
    def inside(self) -> bool:
        return self.depth > 0 or bool(self.quote)

    def feed(self, line: str) -> None:
        i = 0
        while i < len(line):
            if self.quote:
                end = line.find(self.quote, i)
                if end < 0:
                    return
                i, self.quote = end + 3, ""
                continue
            char = line[i]
            if char == "#":
                return
            if line.startswith('"""', i) or line.startswith("'''", i):
                self.quote = line[i : i + 3]
                i += 3
                continue
            if char in "\"'":
                i = _string_end(line, i)
                continue
            if char in "[{":
                self.depth += 1
            elif char in "]}":
                self.depth = max(0, self.depth - 1)
            i += 1


def _string_end(line: str, start: int) -> int:
    quote = line[start]
    i = start + 1
    while i < len(line):
        if quote == '"' and line[i] == "\\":
            i += 2
            continue
        if line[i] == quote:
            return i + 1
        i += 1
    return i
