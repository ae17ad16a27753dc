"""hipbreak in the desktop's application menu (Linux and BSD): the launcher and its icons in the user's
data folder, put there only when the user asks (`hipbreak install-desktop`) and taken away again.

The files are copies of the ones shipped in `hipbreak/data/`, except that the launcher's Exec names the
hipbreak that runs now by its full path (pipx's bin folder is not always on the desktop's PATH).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from hipbreak.adapters.atomic_file import write_atomically
from hipbreak.adapters.desktop_file import APP_ID, exec_line, parse_entry, render_entry
from hipbreak.adapters.relaunch import NoCommandError, app_command
from hipbreak.environment import Environment
from hipbreak.language import _

LAUNCHER = f"{APP_ID}.desktop"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
# What hipbreak 0.1.0 wrote on its first start unasked; uninstalling takes these away too.
OLD_LAUNCHER = "hipbreak.desktop"
OLD_ICON_SIZES = (48, 64, 128, 256)


class LauncherError(Exception):
    """The launcher could not be written or removed; the message is one line for the user."""


def icon_names() -> list[str]:
    """Return each icon's path below an icon-theme folder, as shipped in `hipbreak/data/icons/`."""
    pngs = [f"hicolor/{n}x{n}/apps/{APP_ID}.png" for n in ICON_SIZES]
    return [*pngs, f"hicolor/scalable/apps/{APP_ID}.svg"]


def launcher_paths(env: Environment) -> list[Path]:
    """Return every file the launcher consists of: the desktop entry, then its icons."""
    data = env.xdg_data_home
    return [data / "applications" / LAUNCHER, *(data / "icons" / name for name in icon_names())]


def old_launcher_paths(env: Environment) -> list[Path]:
    """Return the files of the launcher that hipbreak 0.1.0 wrote on its own."""
    data = env.xdg_data_home
    icons = [data / "icons" / "hicolor" / f"{n}x{n}" / "apps" / "hipbreak.png" for n in OLD_ICON_SIZES]
    return [data / "applications" / OLD_LAUNCHER, *icons]


def launcher_fields(command: list[str]) -> dict[str, str]:
    """Return the keys of the shipped launcher, with Exec running `command` (and no TryExec)."""
    shipped = resources.files("hipbreak").joinpath("data", LAUNCHER).read_text(encoding="utf-8")
    fields = parse_entry(shipped)
    fields.pop("TryExec", None)
    fields["Exec"] = exec_line(command)
    return fields


def install_launcher(env: Environment) -> list[Path]:
    """Copy the launcher and its icons into the data folder for the hipbreak that runs now; return them."""
    try:
        command = app_command(env)
    except NoCommandError as error:
        raise LauncherError(str(error)) from error
    entry, *icons = launcher_paths(env)
    shipped = resources.files("hipbreak").joinpath("data", "icons")
    written: list[Path] = []
    try:
        for name, path in zip(icon_names(), icons, strict=True):
            write_atomically(path, shipped.joinpath(*name.split("/")).read_bytes(), 0o644)
            written.append(path)
        # The entry last: a menu never shows a launcher whose icon is still missing.
        write_atomically(entry, render_entry(launcher_fields(command)).encode(), 0o644)
        written.append(entry)
    except OSError as error:
        where = getattr(error, "filename", None)
        reason = error.strerror or error
        if where:
            raise LauncherError(_("cannot write {path}: {error}").format(path=where, error=reason)) from error
        raise LauncherError(_("cannot write the launcher: {error}").format(error=reason)) from error
    return written


def remove_launcher(env: Environment) -> list[Path]:
    """Delete the launcher and icons (today's and 0.1.0's) and the folders left empty; return the files."""
    removed: list[Path] = []
    for path in [*launcher_paths(env), *old_launcher_paths(env)]:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise LauncherError(
                _("cannot remove {path}: {error}").format(path=path, error=error.strerror or error)
            ) from error
        removed.append(path)
        prune_empty(path.parent, env)
    return removed


def prune_empty(folder: Path, env: Environment) -> None:
    """Remove `folder` and its parents while they are empty, up to the home folder (or the root of an
    XDG folder outside it): an install into a fresh home then leaves it as it was."""
    outside = [base for base in (env.xdg_data_home, env.xdg_config_home) if env.home not in base.parents]
    stop = next((base for base in outside if base in folder.parents), env.home)
    while folder != stop and stop in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return  # not empty (the user's own files), or not ours to remove
        folder = folder.parent
