"""`hipbreak install-desktop` and `uninstall-desktop`: the launcher, its icons and start at login, put in
the user's folders and taken away again, on the user's word only."""

from __future__ import annotations

from hipbreak.environment import Environment
from hipbreak.exit_codes import ExitStatus
from hipbreak.language import _, ngettext

_XDG_PLATFORMS = ("linux", "freebsd", "openbsd", "netbsd", "dragonfly", "sunos")


def install_desktop(env: Environment) -> ExitStatus:
    """Add hipbreak to the application menu and start it at login; print what was written."""
    from hipbreak.adapters.app_menu import LauncherError, install_launcher
    from hipbreak.adapters.autostart import AutostartError
    from hipbreak.ipc.autostart import set_autostart
    from hipbreak.ipc.client import ControlError

    if not env.platform.startswith(_XDG_PLATFORMS):
        return _fail(
            env, _("install-desktop is for Linux and BSD desktops; `hipbreak autostart on` works here")
        )
    try:
        written = install_launcher(env)
        _enabled, where = set_autostart(env, True)
    except (LauncherError, AutostartError, ControlError) as exc:
        return _fail(env, str(exc))
    icons, folder = len(written) - 1, env.xdg_data_home / "icons" / "hicolor"
    print(_("Added hipbreak to the application menu: {path}").format(path=written[-1]), file=env.stdout)
    text = ngettext("Added {count} icon under {folder}", "Added {count} icons under {folder}", icons)
    print(text.format(count=icons, folder=folder), file=env.stdout)
    print(_("Start at login: on ({where})").format(where=where), file=env.stdout)
    print(_("`hipbreak uninstall-desktop` takes all of this away again."), file=env.stdout)
    return ExitStatus.OK


def uninstall_desktop(env: Environment) -> ExitStatus:
    """Take away the launcher, icons and start-at-login entry; say where the settings and history stay."""
    from hipbreak.adapters.app_menu import LauncherError, prune_empty, remove_launcher
    from hipbreak.adapters.autostart import AutostartError
    from hipbreak.ipc.autostart import set_autostart
    from hipbreak.ipc.client import ControlError

    if not env.platform.startswith(_XDG_PLATFORMS):
        message = _("uninstall-desktop is for Linux and BSD desktops; `hipbreak autostart off` works here")
        return _fail(env, message)
    try:
        removed = remove_launcher(env)
        _enabled, where = set_autostart(env, False)
    except (LauncherError, AutostartError, ControlError) as exc:
        return _fail(env, str(exc))
    autostart_dir = env.xdg_config_home / "autostart"
    prune_empty(autostart_dir, env)
    count = len(removed)
    text = ngettext(
        "Removed hipbreak's launcher and icons from {folder} ({count} file).",
        "Removed hipbreak's launcher and icons from {folder} ({count} files).",
        count,
    )
    print(text.format(folder=env.xdg_data_home, count=count), file=env.stdout)
    print(_("Start at login: off ({where})").format(where=where), file=env.stdout)
    text = _("Kept your settings in {settings} and your history in {history}.")
    print(text.format(settings=env.config_dir, history=env.data_dir), file=env.stdout)
    print(_("Delete those two folders too if you want hipbreak to forget you."), file=env.stdout)
    return ExitStatus.OK


def _fail(env: Environment, message: str) -> ExitStatus:
    print(f"hipbreak: {message}", file=env.stderr)
    return ExitStatus.ERROR
