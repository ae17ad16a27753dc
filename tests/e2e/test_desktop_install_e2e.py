"""The installed app on the headless desktop: it writes no launcher unasked, and install-desktop /
uninstall-desktop beside the running app keep its tray's start-at-login in step."""

from __future__ import annotations

from pathlib import Path

from desktop import Desktop
from test_control_e2e import cli
from test_tray_app import start_app, status


def launcher_files(data_home: Path) -> list[Path]:
    return sorted(data_home.glob("applications/*hipbreak*")) + sorted(data_home.glob("icons/**/*hipbreak*"))


def test_the_running_app_writes_no_launcher_until_asked_and_uninstall_takes_it_away(
    desktop: Desktop, app_command: Path
) -> None:
    data_home = Path(desktop.env["XDG_DATA_HOME"])
    start_app(desktop, app_command)
    assert status(desktop, app_command)["running"] is True
    assert launcher_files(data_home) == []

    installed = cli(desktop, app_command, "install-desktop")
    assert installed.returncode == 0, installed.stderr
    entry = data_home / "applications" / "io.github.hipbreak.hipbreak.desktop"
    assert entry in launcher_files(data_home)
    assert f"Exec={app_command}" in entry.read_text()
    # Start at login went through the running app, which answers for it now.
    assert cli(desktop, app_command, "autostart", "status").stdout.startswith("Start at login: on")

    removed = cli(desktop, app_command, "uninstall-desktop")
    assert removed.returncode == 0, removed.stderr
    assert launcher_files(data_home) == []
    assert cli(desktop, app_command, "autostart", "status").stdout.startswith("Start at login: off")
    assert not (Path(desktop.env["XDG_CONFIG_HOME"]) / "autostart").exists()
