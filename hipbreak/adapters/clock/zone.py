"""The user's local time zone as a tzinfo that knows its DST rules, for the core's calendar."""

from __future__ import annotations

import contextlib
import os
from datetime import datetime, tzinfo
from pathlib import Path


def local_zone(variables: dict[str, str] | None = None) -> tzinfo:
    """Return the system's local zone (IANA rules where they can be found, else today's fixed offset)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    env = variables if variables is not None else dict(os.environ)
    name = env.get("TZ", "").lstrip(":")
    candidates = [name] if name else []
    localtime = Path("/etc/localtime")
    try:
        target = str(localtime.resolve())
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        candidates.append(target.split("zoneinfo/", 1)[1])
    timezone_file = Path("/etc/timezone")
    if timezone_file.is_file():
        with contextlib.suppress(OSError):
            candidates.append(timezone_file.read_text(encoding="utf-8").strip())
    for candidate in candidates:
        try:
            return ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
    if localtime.is_file():
        try:
            with localtime.open("rb") as handle:
                return ZoneInfo.from_file(handle, key="localtime")
        except (OSError, ValueError):
            pass
    # No rules to be had (e.g. Windows without tzdata): today's offset is the best we know.
    fixed = datetime.now().astimezone().tzinfo
    assert fixed is not None
    return fixed
