"""A broken routine, met by the installed app: `config check` names its file and line, and the running
app refuses `hipbreak stretch` with that line instead of claiming a window opened."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from desktop import Desktop, wait_for
from screen_text import STRETCH_WINDOW
from test_tray_app import start_app, status, write_config

ROUTINE = 'title = "Mine"\n\n[[phase]]\nkind = "hld"\ntitle = "Left side"\nside = "left"\n'


def hipbreak(app: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed `hipbreak ARGS` with exactly `env`."""
    return subprocess.run([app, *args], env=env, capture_output=True, text=True, timeout=30)


def test_config_check_of_the_installed_app_fails_naming_the_routine_file_and_line(
    tmp_path: Path, app_command: Path
) -> None:
    config = tmp_path / "config" / "hipbreak"
    (config / "routines").mkdir(parents=True)
    (config / "config.toml").write_text('[stretch]\nroutine = "mine"\n')
    (config / "routines" / "mine.toml").write_text(ROUTINE)
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    run = hipbreak(app_command, env, "config", "check")
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        f"{config / 'routines' / 'mine.toml'} line 4: phase needs a 'kind' of prepare/hold/switch, "
        "got 'hld'; fix that line"
    ]
    assert run.stdout == ""
    # Named but nowhere to be found: the settings' line is at fault.
    (config / "config.toml").write_text('[stretch]\nhold = "30s"\nroutine = "nope"\n')
    run = hipbreak(app_command, env, "config", "check")
    assert run.returncode == 1
    assert run.stderr.startswith(f"{config / 'config.toml'} line 3: stretch.routine: no routine named 'nope'")


def test_the_running_app_refuses_a_stretch_with_a_broken_routine(desktop: Desktop, app_command: Path) -> None:
    write_config(desktop, '[stretch]\nroutine = "mine"\n')
    routines = Path(desktop.env["XDG_CONFIG_HOME"]) / "hipbreak" / "routines"
    routines.mkdir(parents=True)
    (routines / "mine.toml").write_text(ROUTINE)
    start_app(desktop, app_command)
    run = hipbreak(app_command, desktop.env, "stretch")
    assert run.returncode == 1, run.stdout
    assert run.stdout == ""
    assert run.stderr.strip() == (
        f"hipbreak: {routines / 'mine.toml'} line 4: phase needs a 'kind' of prepare/hold/switch, "
        "got 'hld'; fix that line"
    )
    assert status(desktop, app_command)["state"] == "running"
    # Whoever asked from the tray or a bubble sees the same words in a bubble.
    wait_for(lambda: desktop.displayed_notifications() >= 1, timeout=10, message="the problem bubble shows")
    [note, *_] = desktop.notifications()
    assert note["summary"] == "The stretch cannot start" and "mine.toml line 4" in note["body"]
    assert desktop.window_ids(STRETCH_WINDOW) == []
    # Fixed, the same command opens the window.
    (routines / "mine.toml").write_text(ROUTINE.replace('"hld"', '"hold"'))
    run = hipbreak(app_command, desktop.env, "stretch")
    assert run.returncode == 0 and "Stretch window" in run.stdout
    wait_for(lambda: desktop.window_ids(STRETCH_WINDOW), timeout=10, message="the stretch window opens")
