"""`hipbreak install-desktop` and `uninstall-desktop`: the launcher, its icons and start at login, put in
the user's folders and taken away again, on the user's word only."""

from __future__ import annotations

from hipbreak.environment import Environment
from hipbreak.exit_codes import ExitStatus

_XDG_PLATFORMS = ("linux", "freebsd", "openbsd", "netbsd", "dragonfly", "sunos")


def install_desktop(env: Environment) -> ExitStatus:
    """Add hipbreak to the application menu and start it at login; print what was written."""
    from hipbreak.adapters.app_menu import LauncherError, install_launcher
    from hipbreak.adapters.autostart import AutostartError
    from hipbreak.ipc.autostart import set_autostart
    from hipbreak.ipc.client import ControlError

    if not env.platform.startswith(_XDG_PLATFORMS):
        return _fail(env, "install-desktop is for Linux and BSD desktops; `hipbreak autostart on` works here")
    try:
        written = install_launcher(env)
        _enabled, where = set_autostart(env, True)
    except (LauncherError, AutostartError, ControlError) as exc:
        return _fail(env, str(exc))
    print(f"Added hipbreak to the application menu: {written[-1]}", file=env.stdout)
    print(f"Added {len(written) - 1} icons under {env.xdg_data_home / 'icons' / 'hicolor'}", file=env.stdout)
    print(f"Start at login: on ({where})", file=env.stdout)
    print("`hipbreak uninstall-desktop` takes all of this away again.", file=env.stdout)
    return ExitStatus.OK


def uninstall_desktop(env: Environment) -> ExitStatus:
    """Take away the launcher, icons and start-at-login entry; say where the settings and history stay."""
    from hipbreak.adapters.app_menu import LauncherError, prune_empty, remove_launcher
    from hipbreak.adapters.autostart import AutostartError
    from hipbreak.ipc.autostart import set_autostart
    from hipbreak.ipc.client import ControlError

    if not env.platform.startswith(_XDG_PLATFORMS):
        message = "uninstall-desktop is for Linux and BSD desktops; `hipbreak autostart off` works here"
        return _fail(env, message)
    try:
        removed = remove_launcher(env)
        _enabled, where = set_autostart(env, False)
    except (LauncherError, AutostartError, ControlError) as exc:
        return _fail(env, str(exc))
    autostart_dir = env.xdg_config_home / "autostart"
    prune_empty(autostart_dir, env)
    count = len(removed)
    print(f"Removed hipbreak's launcher and icons from {env.xdg_data_home} ({count} files).", file=env.stdout)
    print(f"Start at login: off ({where})", file=env.stdout)
    print(f"Kept your settings in {env.config_dir} and your history in {env.data_dir}.", file=env.stdout)
    print("Delete those two folders too if you want hipbreak to forget you.", file=env.stdout)
    return ExitStatus.OK


def _fail(env: Environment, message: str) -> ExitStatus:
    print(f"hipbreak: {message}", file=env.stderr)
    return ExitStatus.ERROR
