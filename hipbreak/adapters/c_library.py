"""Loading a C library (libX11 and its extensions) through ctypes: by its usual soname first."""

from __future__ import annotations

import ctypes


def load_library(name: str, soname: str) -> ctypes.CDLL:
    """Load the library `name` (as in `-lX11`) as `soname`, else where the system says; OSError if neither.

    `ctypes.util.find_library` runs `ldconfig` (or a compiler) in a child process and brings ~1 MB of
    imports into an app that runs all day, so it is asked only where the soname differs (OpenBSD, illumos).
    """
    try:
        return ctypes.CDLL(soname)
    except OSError:
        from ctypes.util import find_library  # lazy: see above

        path = find_library(name)
        if path is None:
            raise
        return ctypes.CDLL(path)
