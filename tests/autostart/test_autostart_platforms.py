"""The macOS launch agent (real files in a temp home) and the pure parts of the Windows Run value."""

from __future__ import annotations

import plistlib
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from hipbreak.adapters.autostart import AutostartError
from hipbreak.adapters.autostart.macos import LABEL, MacosAutostart
from hipbreak.adapters.autostart.win32 import WindowsAutostart, run_value
from hipbreak.adapters.relaunch import windowless_command
from hipbreak.environment import Environment

MakeEnv = Callable[..., Environment]


def test_launch_agent_round_trip(make_env: MakeEnv) -> None:
    env = make_env("darwin")
    agent = MacosAutostart(env)
    path = Path(agent.location())
    assert path == env.home / "Library" / "LaunchAgents" / "org.hipbreak.agent.plist"
    assert agent.enabled() is False

    agent.enable()
    assert agent.enabled() is True
    with path.open("rb") as stream:
        written = plistlib.load(stream)
    assert written == {
        "Label": LABEL,
        "ProgramArguments": [env.executable, "-m", "hipbreak"],
        "RunAtLoad": True,
        "KeepAlive": False,
        "ProcessType": "Interactive",
    }

    agent.disable()
    assert agent.enabled() is False and not path.exists()
    agent.disable()


def test_launch_agent_prefers_the_console_script(make_env: MakeEnv, tmp_path: Path) -> None:
    folder = tmp_path / "Application Support" / "bin"
    folder.mkdir(parents=True)
    script = folder / "hipbreak"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    agent = MacosAutostart(make_env("darwin", executable=str(folder / "python3")))
    agent.enable()
    with Path(agent.location()).open("rb") as stream:
        assert plistlib.load(stream)["ProgramArguments"] == [str(script)]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ({"Label": LABEL, "RunAtLoad": True, "Disabled": True}, False),
        ({"Label": LABEL, "RunAtLoad": False}, False),
        ({"Label": LABEL, "RunAtLoad": True}, True),
    ],
)
def test_launch_agent_switched_off_by_hand(
    make_env: MakeEnv, content: dict[str, object], expected: bool
) -> None:
    agent = MacosAutostart(make_env("darwin"))
    path = Path(agent.location())
    path.parent.mkdir(parents=True)
    path.write_bytes(plistlib.dumps(content))
    assert agent.enabled() is expected


def test_a_broken_launch_agent_is_an_autostart_error(make_env: MakeEnv) -> None:
    agent = MacosAutostart(make_env("darwin"))
    path = Path(agent.location())
    path.parent.mkdir(parents=True)
    path.write_text("not a plist")
    with pytest.raises(AutostartError, match="cannot read"):
        agent.enabled()


def test_an_unwritable_launch_agents_folder_is_an_autostart_error(make_env: MakeEnv) -> None:
    env = make_env("darwin")
    (env.home / "Library").write_text("a file where a folder should be")
    with pytest.raises(AutostartError, match=r"^cannot write .*org\.hipbreak\.agent\.plist: "):
        MacosAutostart(env).enable()


def test_run_value_quotes_paths_with_spaces() -> None:
    command = [r"C:\Program Files\Python312\pythonw.exe", "-m", "hipbreak"]
    assert run_value(command) == r'"C:\Program Files\Python312\pythonw.exe" -m hipbreak'


def test_windows_uses_pythonw_next_to_python(make_env: MakeEnv, tmp_path: Path) -> None:
    folder = tmp_path / "Python 3.12"
    folder.mkdir()
    (folder / "pythonw.exe").touch()
    env = make_env("win32", executable=str(folder / "python.exe"))
    assert windowless_command(env) == [str(folder / "pythonw.exe"), "-m", "hipbreak"]
    assert WindowsAutostart(env).command() == f'"{folder / "pythonw.exe"}" -m hipbreak'


def test_windows_without_pythonw_keeps_the_interpreter(make_env: MakeEnv, tmp_path: Path) -> None:
    env = make_env("win32", executable=str(tmp_path / "python.exe"))
    assert windowless_command(env) == [str(tmp_path / "python.exe"), "-m", "hipbreak"]


def test_windows_location_names_the_run_key(make_env: MakeEnv) -> None:
    location = WindowsAutostart(make_env("win32")).location()
    assert location == r"HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run\hipbreak"


@pytest.mark.skipif(sys.platform == "win32", reason="checks the behaviour away from Windows")
def test_the_registry_elsewhere_is_an_autostart_error_not_a_crash(make_env: MakeEnv) -> None:
    autostart = WindowsAutostart(make_env("win32"))
    for action in (autostart.enabled, autostart.enable, autostart.disable):
        with pytest.raises(AutostartError, match="registry is not available"):
            action()


@pytest.mark.skipif(sys.platform != "win32", reason="needs the Windows registry")
def test_registry_round_trip(make_env: MakeEnv) -> None:
    autostart = WindowsAutostart(make_env("win32", executable=sys.executable), value_name="hipbreak-test")
    try:
        autostart.enable()
        assert autostart.enabled() is True
    finally:
        autostart.disable()
    assert autostart.enabled() is False
