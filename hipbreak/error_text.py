"""Text for one-line messages: squeezing white space, escaping what cannot print, naming an exception."""

from __future__ import annotations


def one_line(text: str) -> str:
    """Return `text` with every run of white space (line breaks too) turned into one space."""
    return " ".join(str(text).split())


def printable(text: str) -> str:
    """Return `text` with unprintable characters written as escapes, so user text cannot split a line."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def describe_error(error: BaseException) -> str:
    """Return "Type: message" on one line for a log or report line (just the type when it has no message)."""
    text = one_line(str(error))
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
