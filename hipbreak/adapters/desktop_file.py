"""Desktop Entry files (the freedesktop.org format): quoting Exec lines, writing and reading entries.

https://specifications.freedesktop.org/desktop-entry-spec/latest/ (sections "Exec key" and
"Possible value types").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from hipbreak.language import N_

GROUP = "Desktop Entry"  # not user text: the group's name in the file format
# The reverse-DNS name the launcher, its icons and the AppStream metainfo share (hipbreak/data/).
APP_ID = "io.github.hipbreak.hipbreak"

# Characters that force an Exec argument into double quotes.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
# Inside double quotes these four take a backslash.
_ESCAPED_IN_QUOTES = set('"`$\\')


def quote_exec_argument(argument: str) -> str:
    """Return one Exec argument quoted per the spec's quoting rule (before the string escapes)."""
    argument = argument.replace("%", "%%")
    if argument and all(_plain(ch) for ch in argument):
        return argument
    inner = "".join("\\" + ch if ch in _ESCAPED_IN_QUOTES else ch for ch in argument)
    return f'"{inner}"'


def _plain(ch: str) -> bool:
    # Beyond the spec's list, whitespace and control characters are quoted too, so readers
    # that trim values or split on Unicode spaces still get the argument back whole.
    return ch not in _RESERVED and ch.isprintable() and not ch.isspace()


def exec_line(argv: Sequence[str]) -> str:
    """Return the Exec value for `argv` (still to be string-escaped by `render_entry`)."""
    return " ".join(quote_exec_argument(argument) for argument in argv)


def escape_string(value: str) -> str:
    """Apply the string escapes of the spec (backslash, newline, tab, carriage return)."""
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def unescape_string(value: str) -> str:
    """Undo `escape_string` (and `\\s`)."""
    out: list[str] = []
    chars = iter(value)
    for ch in chars:
        if ch != "\\":
            out.append(ch)
            continue
        follower = next(chars, "")
        out.append({"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}.get(follower, "\\" + follower))
    return "".join(out)


def hipbreak_entry(command: Sequence[str], **extra: str) -> dict[str, str]:
    """Return the keys every hipbreak entry (app menu, autostart) shares for `command`, plus `extra`."""
    return {
        "Type": "Application",
        "Version": "1.0",
        "Name": "hipbreak",
        # The entry's own fields stay English (desktops read Comment[lang] for others); N_ puts the
        # sentence in the catalog for those.
        "Comment": N_("Reminds you to stand up and stretch your hip flexors"),
        "Exec": exec_line(command),
        "Icon": APP_ID,
        "Terminal": "false",
        "Categories": "Utility;",
        **extra,
    }


def render_entry(fields: Mapping[str, str]) -> str:
    """Return the text of a desktop entry with one [Desktop Entry] group holding `fields` in order."""
    lines = [f"[{GROUP}]"]
    lines += [f"{key}={escape_string(value)}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


def parse_entry(text: str) -> dict[str, str]:
    """Return the unescaped keys of the [Desktop Entry] group (other groups and comments ignored)."""
    fields: dict[str, str] = {}
    group = None
    # split("\n"), not splitlines(): the latter also breaks at form feeds and U+2028 inside values.
    for raw in text.split("\n"):
        line = raw.strip(" \t\r")
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1]
            continue
        if group == GROUP and "=" in line:
            key, value = line.split("=", 1)
            fields[key.strip(" \t")] = unescape_string(value.lstrip(" \t"))
    return fields


def is_true(fields: Mapping[str, str], key: str) -> bool:
    """Return whether boolean `key` is set to true."""
    return fields.get(key, "").strip().lower() == "true"
