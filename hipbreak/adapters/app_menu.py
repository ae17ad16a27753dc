"""The application launcher on Linux desktops: a desktop entry in the menu and the icons it shows.

Writes `<XDG_DATA_HOME>/applications/hipbreak.desktop` and hicolor PNGs drawn by `draw_app_icon`.
"""

from __future__ import annotations

from pathlib import Path

from hipbreak.adapters.atomic_file import write_atomically
from hipbreak.adapters.desktop_file import hipbreak_entry, render_entry
from hipbreak.adapters.relaunch import NoCommandError, app_command
from hipbreak.environment import Environment

ICON_SIZES = (48, 64, 128, 256)
FILE_NAME = "hipbreak.desktop"


class LauncherError(Exception):
    """The launcher could not be written or removed; the message is one line for the user."""


def launcher_fields(command: list[str]) -> dict[str, str]:
    """Return the keys of hipbreak's menu entry for `command`."""
    return hipbreak_entry(
        command,
        GenericName="Break Reminder",
        Keywords="break;stretch;posture;reminder;sitting;",
        StartupNotify="false",
    )


def launcher_paths(env: Environment) -> list[Path]:
    """Return every file the launcher consists of: the desktop entry, then one PNG per size."""
    data = env.xdg_data_home
    icons = [data / "icons" / "hicolor" / f"{n}x{n}" / "apps" / "hipbreak.png" for n in ICON_SIZES]
    return [data / "applications" / FILE_NAME, *icons]


def install_launcher(env: Environment) -> list[Path]:
    """Write the menu entry and its icons for the hipbreak that runs now; return the files written."""
    from hipbreak.adapters.icon_art import draw_app_icon  # Pillow loads only when installing

    try:
        command = app_command(env)
    except NoCommandError as error:
        raise LauncherError(str(error)) from error
    entry, *icons = launcher_paths(env)
    written: list[Path] = []
    try:
        for size, path in zip(ICON_SIZES, icons, strict=True):
            path.parent.mkdir(parents=True, exist_ok=True)
            draw_app_icon(size).save(path, format="PNG")
            written.append(path)
        # The entry last: a menu never shows a launcher whose icon is still missing.
        write_atomically(entry, render_entry(launcher_fields(command)).encode(), 0o644)
        written.append(entry)
    except OSError as error:
        where = getattr(error, "filename", None) or "the launcher"
        raise LauncherError(f"cannot write {where}: {error.strerror or error}") from error
    return written


def remove_launcher(env: Environment) -> list[Path]:
    """Delete the menu entry and its icons; return the files that were there."""
    removed: list[Path] = []
    for path in launcher_paths(env):
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise LauncherError(f"cannot remove {path}: {error.strerror or error}") from error
        removed.append(path)
    return removed
