"""The nesting pre-scan: brackets in values count, brackets in strings and comments do not."""

from __future__ import annotations

import contextlib
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hipbreak.core.toml_depth import MAX_NESTING, too_deep

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    "text",
    [
        f"a = {nested(MAX_NESTING)}",
        f"a = {{b = {nested(MAX_NESTING - 1)}}}",
        "[table]\n[[array]]\n[[array]]\n",
        f'a = "{"[" * 1000}"',
        f"a = '{'[' * 1000}'",
        f'a = """\n{"[" * 1000}\n"""',
        f"a = '''\n{'{' * 1000}\n'''",
        f'a = "escaped \\" {"[" * 1000}"',
        f"# {'[' * 1000}\na = 1",
        f"a = 1 # {'[' * 1000}",
    ],
)
def test_brackets_within_the_limit_or_outside_values_pass(text: str) -> None:
    assert too_deep(text) is None


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (f"a = {nested(MAX_NESTING + 1)}", 1),
        (f'x = "]]]"\n\nb = {nested(100_000)}', 3),
        (f"a = {{b = {nested(MAX_NESTING)}}}", 1),
        (f'a = "unclosed\nb = {nested(MAX_NESTING + 1)}', 2),
        ("a = [\n" * (MAX_NESTING + 1), MAX_NESTING + 1),
    ],
)
def test_too_deep_names_the_line_where_the_limit_is_passed(text: str, line: int) -> None:
    assert too_deep(text) == line


TOML_BITS = st.lists(
    st.sampled_from(["[", "]", "{", "}", '"', "'", '"""', "'''", "\\", "#", "\n", "a = ", ",", "1", "x"]),
    max_size=300,
)


@settings(max_examples=500)
@given(TOML_BITS, st.integers(1, 1000))
def test_text_that_passes_never_makes_tomllib_recurse_too_deep(bits: list[str], extra: int) -> None:
    # tomllib runs out of stack at about 500 levels; anything that passes the scan must parse or fail
    # with a TOML error.
    text = "".join(bits) + "\na = " + "[" * extra + "]" * extra
    if too_deep(text) is None:
        with contextlib.suppress(tomllib.TOMLDecodeError):  # bad TOML is fine; recursing to death is not
            tomllib.loads(text)


@settings(max_examples=300)
@given(st.integers(0, 2 * MAX_NESTING))
def test_a_plain_nested_list_passes_exactly_up_to_the_limit(depth: int) -> None:
    text = f"a = {nested(depth)}\n"
    assert (too_deep(text) is None) == (depth <= MAX_NESTING)
