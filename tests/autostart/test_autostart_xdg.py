"""XDG autostart: status, on, off, quoting and failures, in a temp home."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from exec_reader import exec_argv, split_exec, unescape_string
from hypothesis import given
from hypothesis import strategies as st

import hipbreak
from hipbreak.adapters.autostart import Autostart, AutostartError
from hipbreak.adapters.autostart.choose import choose_autostart
from hipbreak.adapters.autostart.xdg import XdgAutostart
from hipbreak.adapters.desktop_file import exec_line, parse_entry, render_entry
from hipbreak.environment import Environment

MakeEnv = Callable[..., Environment]


def install_script(folder: Path) -> Path:
    """Put a fake `python` and an executable `hipbreak` console script in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "python").touch()
    script = folder / "hipbreak"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    return script


def test_on_off_status_round_trip(
    make_env: MakeEnv, validate: Callable[[Path], None], tmp_path: Path
) -> None:
    env = make_env(XDG_CONFIG_HOME=str(tmp_path / "cfg"))
    autostart = choose_autostart(env)
    assert isinstance(autostart, XdgAutostart) and isinstance(autostart, Autostart)
    assert autostart.location() == str(tmp_path / "cfg" / "autostart" / "hipbreak.desktop")
    assert autostart.enabled() is False

    autostart.enable()
    assert autostart.enabled() is True
    path = Path(autostart.location())
    validate(path)
    fields = parse_entry(path.read_text())
    assert fields["Type"] == "Application"
    assert fields["Name"] == "hipbreak"
    assert fields["Icon"] == "io.github.hipbreak.hipbreak"  # the name the shipped icons have
    assert fields["Terminal"] == "false"
    assert fields["Categories"] == "Utility;"
    assert fields["X-GNOME-Autostart-enabled"] == "true"
    assert fields["Comment"]
    assert exec_argv(path) == [env.executable, "-m", "hipbreak"]

    autostart.enable()  # twice is fine
    autostart.disable()
    assert autostart.enabled() is False
    assert not path.exists()
    autostart.disable()  # and so is turning it off when it is off


def test_default_config_home_is_under_home(make_env: MakeEnv) -> None:
    env = make_env()
    assert XdgAutostart(env).location() == str(env.home / ".config" / "autostart" / "hipbreak.desktop")


def test_exec_uses_the_console_script_next_to_python_and_quotes_a_space(
    make_env: MakeEnv, validate: Callable[[Path], None], tmp_path: Path
) -> None:
    folder = tmp_path / "My Apps" / "venv $HOME" / "bin"
    script = install_script(folder)
    env = make_env(executable=str(folder / "python"))
    autostart = XdgAutostart(env)
    autostart.enable()
    path = Path(autostart.location())
    validate(path)
    exec_value = parse_entry(path.read_text())["Exec"]
    assert exec_value == f'"{folder}/hipbreak"'.replace("$", "\\$")
    assert exec_argv(path) == [str(script)]


def test_without_a_console_script_python_runs_the_module(make_env: MakeEnv, tmp_path: Path) -> None:
    folder = tmp_path / "with space" / "bin"
    folder.mkdir(parents=True)
    env = make_env(executable=str(folder / "python3"))
    autostart = XdgAutostart(env)
    autostart.enable()
    assert exec_argv(Path(autostart.location())) == [str(folder / "python3"), "-m", "hipbreak"]


def test_glib_reads_the_same_command_line(make_env: MakeEnv, tmp_path: Path) -> None:
    gi = pytest.importorskip("gi")
    gi.require_version("Gio", "2.0")
    from gi.repository import Gio, GLib

    # No "%" here: GLib looks the program up before it undoes "%%", so it rejects such paths.
    folder = tmp_path / 'odd "dir" with `ticks`, $HOME and \\' / "bin"
    script = install_script(folder)
    autostart = XdgAutostart(make_env(executable=str(folder / "python")))
    autostart.enable()
    info = Gio.DesktopAppInfo.new_from_filename(autostart.location())
    assert info is not None
    ok, argv = GLib.shell_parse_argv(info.get_commandline())
    assert ok and argv == [str(script)]


@given(st.lists(st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00")), min_size=1))
def test_any_argv_survives_quoting_escaping_and_parsing(argv: list[str]) -> None:
    text = render_entry({"Type": "Application", "Name": "x", "Exec": exec_line(argv)})
    raw = next(line for line in text.split("\n") if line.startswith("Exec="))
    assert split_exec(unescape_string(raw[len("Exec=") :])) == argv
    assert split_exec(parse_entry(text)["Exec"]) == argv


def test_an_unwritable_folder_gives_a_one_line_autostart_error(make_env: MakeEnv, tmp_path: Path) -> None:
    # Root ignores permission bits, so put the config home under a regular file instead.
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    autostart = XdgAutostart(make_env(XDG_CONFIG_HOME=str(blocker / "config")))
    with pytest.raises(AutostartError) as caught:
        autostart.enable()
    message = str(caught.value)
    assert message.startswith(f"cannot write {blocker}/config/autostart/hipbreak.desktop: ")
    assert "Not a directory" in message and "\n" not in message
    assert autostart.enabled() is False


def test_a_system_wide_entry_is_hidden_rather_than_deleted(
    make_env: MakeEnv, validate: Callable[[Path], None], tmp_path: Path
) -> None:
    system = tmp_path / "etc-xdg"
    (system / "autostart").mkdir(parents=True)
    system_entry = system / "autostart" / "hipbreak.desktop"
    system_entry.write_text(render_entry({"Type": "Application", "Name": "hipbreak", "Exec": "hipbreak"}))
    env = make_env(XDG_CONFIG_DIRS=f"relative/ignored:{system}", XDG_CONFIG_HOME=str(tmp_path / "cfg"))
    autostart = XdgAutostart(env)
    assert autostart.enabled() is True  # the session would start the system entry

    autostart.disable()
    assert autostart.enabled() is False
    path = Path(autostart.location())
    assert parse_entry(path.read_text())["Hidden"] == "true"
    validate(path)
    assert system_entry.exists()

    autostart.enable()
    assert "Hidden" not in parse_entry(path.read_text())
    assert autostart.enabled() is True


@pytest.mark.parametrize("switch", ["Hidden=true", "Hidden=True", "X-GNOME-Autostart-enabled=false"])
def test_entries_switched_off_by_hand_read_as_off(make_env: MakeEnv, switch: str) -> None:
    autostart = XdgAutostart(make_env())
    autostart.enable()
    path = Path(autostart.location())
    path.write_text(path.read_text().replace("X-GNOME-Autostart-enabled=true", switch))
    assert autostart.enabled() is False


def test_an_unreadable_entry_is_an_autostart_error(make_env: MakeEnv) -> None:
    autostart = XdgAutostart(make_env())
    Path(autostart.location()).mkdir(parents=True)  # a folder where the file should be
    with pytest.raises(AutostartError, match="cannot read"):
        autostart.enabled()


def test_an_unknown_interpreter_is_an_autostart_error(make_env: MakeEnv) -> None:
    with pytest.raises(AutostartError, match="which Python"):
        XdgAutostart(make_env(executable="")).enable()


def test_the_chooser_picks_by_platform(make_env: MakeEnv) -> None:
    assert choose_autostart(make_env("linux")).name == "xdg"
    assert choose_autostart(make_env("freebsd14")).name == "xdg"
    assert choose_autostart(make_env("win32")).name == "registry"
    assert choose_autostart(make_env("darwin")).name == "launchd"
    null = choose_autostart(make_env("emscripten"))
    assert null.name == "none" and null.enabled() is False
    null.disable()
    with pytest.raises(AutostartError, match="not supported"):
        null.enable()


def test_importing_the_package_loads_no_platform_module(tmp_path: Path) -> None:
    code = (
        "import sys, hipbreak.adapters.autostart, hipbreak.adapters.autostart.choose\n"
        "print([m for m in ('winreg', 'plistlib', 'hipbreak.adapters.autostart.xdg',"
        " 'hipbreak.adapters.autostart.win32', 'hipbreak.adapters.autostart.macos') if m in sys.modules])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(hipbreak.__file__).resolve().parents[1])}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, check=True
    )
    assert out.stdout.strip() == "[]"
