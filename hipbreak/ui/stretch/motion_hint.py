"""Whether the desktop asks for less motion, read once as the window opens (the picture then stays still)."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping

Runner = Callable[[list[str]], str | None]


def _output(argv: list[str]) -> str | None:
    try:
        result = subprocess.run(argv, capture_output=True, text=True, timeout=1.5, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def desktop_reduces_motion(
    variables: Mapping[str, str],
    platform: str = sys.platform,
    run: Runner = _output,
    which: Callable[[str], str | None] = shutil.which,
) -> bool:
    """True when the desktop turned animations off: GTK_ENABLE_ANIMATIONS=0, GNOME's enable-animations
    false, Windows' client-area animation off, or macOS's Reduce motion; False when unknown."""
    if variables.get("GTK_ENABLE_ANIMATIONS", "").strip().lower() in ("0", "false", "no"):
        return True
    if platform.startswith("linux") or "bsd" in platform:
        gsettings = which("gsettings")
        if gsettings is None:
            return False
        # One short call; GNOME, Budgie, Cinnamon and others keep the switch in this key.
        answer = run([gsettings, "get", "org.gnome.desktop.interface", "enable-animations"])
        return answer == "false"
    if platform == "darwin":
        return run(["defaults", "read", "com.apple.universalaccess", "reduceMotion"]) == "1"
    if platform == "win32":
        return _windows_animations_off()
    return False


def _windows_animations_off() -> bool:
    import ctypes

    SPI_GETCLIENTAREAANIMATION = 0x1042
    enabled = ctypes.c_int(1)
    with contextlib.suppress(AttributeError, OSError):
        ctypes.windll.user32.SystemParametersInfoW(  # type: ignore[attr-defined]
            SPI_GETCLIENTAREAANIMATION, 0, ctypes.byref(enabled), 0
        )
    return not enabled.value
