"""How deeply a TOML text nests lists and inline tables, measured before parsing it.

tomllib parses nested values by recursion, so `a = [[[[...` 100 000 deep raised RecursionError; this
scan is one linear pass that skips strings and comments, and needs no parser.
"""

from __future__ import annotations

import re

MAX_NESTING = 32  # far beyond any settings or routine file; far below Python's recursion limit

_SPECIAL = re.compile(r"[\[\]{}\"'#]")
_BASIC_END = re.compile(r'[\\"\n]')  # what ends or escapes inside a one-line "string"
_MULTI_BASIC_END = re.compile(r'\\.|"""', re.DOTALL)


def too_deep(text: str, limit: int = MAX_NESTING) -> int | None:
    """Return the 1-based line where brackets first nest deeper than `limit`, or None; any thread."""
    depth = 0
    i = 0
    while (match := _SPECIAL.search(text, i)) is not None:
        i = match.start()
        char = text[i]
        if char in "[{":
            depth += 1
            if depth > limit:
                return text.count("\n", 0, i) + 1
            i += 1
        elif char in "]}":
            depth = max(0, depth - 1)
            i += 1
        elif char == "#":
            i = _line_end(text, i)
        else:
            i = _string_end(text, i)
    return None


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _string_end(text: str, start: int) -> int:
    """The index just past the string opening at `start` (or where an unclosed one gives up)."""
    quote = text[start]
    if text.startswith(quote * 3, start):
        if quote == "'":
            end = text.find("'''", start + 3)
            return len(text) if end < 0 else end + 3
        i = start + 3
        while (match := _MULTI_BASIC_END.search(text, i)) is not None:
            if match.group() == '"""':
                return match.end()
            i = match.end()  # an escaped character, perhaps a quote
        return len(text)
    if quote == "'":
        end = text.find("'", start + 1, _line_end(text, start))
        return _line_end(text, start) if end < 0 else end + 1
    i = start + 1
    while (match := _BASIC_END.search(text, i)) is not None:
        if match.group() == "\\":
            i = match.end() + 1
            continue
        return match.end() if match.group() == '"' else match.start()
    return len(text)
