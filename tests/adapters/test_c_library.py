"""Loading C libraries by soname, and by the system's search where the soname is another."""

from __future__ import annotations

import pytest

from hipbreak.adapters.c_library import load_library


def test_the_usual_soname_loads() -> None:
    assert load_library("X11", "libX11.so.6").XOpenDisplay is not None


def test_another_soname_is_found_by_the_system() -> None:
    # As on OpenBSD (libX11.so.18.0): the soname we guess is missing, find_library knows the real one.
    assert load_library("X11", "libX11.so.999").XOpenDisplay is not None


def test_a_missing_library_is_an_os_error() -> None:
    with pytest.raises(OSError):
        load_library("hipbreak-no-such-library", "libhipbreak-no-such-library.so.1")
