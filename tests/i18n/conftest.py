"""The language tests change the process's language and clock; each test leaves them as it found them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hipbreak import language


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """Choose English again after each test, so no catalog or cached clock pattern reaches the next."""
    yield
    language.choose({"LANGUAGE": "en"})
