"""Fixtures for the hold signals: the constructed pw-dump outputs."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    """The folder of constructed pw-dump outputs (see fixtures/README.md)."""
    return FIXTURES
