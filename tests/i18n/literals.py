"""Finds string literals in hipbreak's source that read like words for people but are not marked."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

# Calls whose text arguments are marked for translation.
MARKERS = {"_", "N_", "NC_", "ngettext", "pgettext", "npgettext", "N_p"}
# Calls whose text is for a developer or another program, never shown to the user.
NOT_FOR_PEOPLE = {
    "debug", "info", "warning", "error", "exception", "critical", "log",  # logging
    "execute", "executescript", "executemany",  # SQL
    "compile", "match", "fullmatch", "search", "sub", "split",  # regular expressions
    "getenv", "get", "setdefault", "pop", "startswith", "endswith", "replace",
    "NotImplementedError", "AssertionError", "TypeError", "RuntimeError", "KeyError",
}  # fmt: skip
# Reads like a phrase: two words of letters, or one capitalised word ending a sentence.
WORDY = re.compile(r"[^\W\d_]{2,}[ ][^\W\d_]|^[A-Z][a-z]+[.!?]$")
# Looks like code, a path, SQL, a D-Bus name or a format pattern, not like prose.
CODE_LIKE = re.compile(
    r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA|BEGIN|COMMIT|ALTER|DROP|WITH)\b"
    r"|^[\w.\-/:]+$|^--?\w|^\[Desktop|^<|^#!|^%[-\w]|^import |^from \w+ import"
)
PRAGMA = "# not user text"


@dataclass(frozen=True)
class Literal:
    """An unmarked literal: where it is and what it says."""

    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def _text_of(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and _text_of(body[0].value) is not None:
                found.add(id(body[0].value))
    return found


def unmarked(path: Path, shown_as: str) -> list[Literal]:
    """Return the literals in `path` that read like prose and are neither marked nor excused."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source, str(path))
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node) in MARKERS | NOT_FOR_PEOPLE:
            for inner in [*node.args, *(k.value for k in node.keywords)]:
                skip.update(id(n) for n in ast.walk(inner))
        elif isinstance(node, ast.JoinedStr):
            skip.update(id(v) for v in node.values)  # the f-string is judged whole
    found = []
    for node in ast.walk(tree):
        text = _text_of(node)
        if text is None or id(node) in skip:
            continue
        if not WORDY.search(text) or CODE_LIKE.search(text):
            continue
        first, last = node.lineno, getattr(node, "end_lineno", node.lineno) or node.lineno
        if any(PRAGMA in lines[n - 1] for n in range(first, last + 1)):
            continue
        found.append(Literal(shown_as, node.lineno, text))
    return found


def shadowed_marker(path: Path, shown_as: str) -> list[Literal]:
    """Return the places in `path` that bind `_` as a variable although the module translates with `_`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    imports_marker = any(
        isinstance(node, ast.ImportFrom) and any(alias.name == "_" for alias in node.names)
        for node in ast.walk(tree)
    )
    if not imports_marker:
        return []
    inside_comprehension = {
        id(target)
        for node in ast.walk(tree)
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp))
        for generator in node.generators
        for target in ast.walk(generator.target)
    }
    return [
        Literal(shown_as, node.lineno, "_ bound as a variable")
        for node in ast.walk(tree)
        if isinstance(node, ast.Name)
        and node.id == "_"
        and isinstance(node.ctx, ast.Store)
        and id(node) not in inside_comprehension
    ]


def unextractable(path: Path, shown_as: str) -> list[Literal]:
    """Return marker calls on an f-string, a concatenation or a call: no catalog can hold those."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        count = {"_": 1, "N_": 1, "ngettext": 2, "pgettext": 2, "NC_": 2}.get(node.func.id, 0)
        for text in node.args[:count]:
            if isinstance(text, (ast.JoinedStr, ast.BinOp, ast.Call)):
                found.append(Literal(shown_as, node.lineno, f"{node.func.id}() of a text built at run time"))
    return found
