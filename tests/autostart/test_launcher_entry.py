"""install-desktop / uninstall-desktop: the launcher, its icons and start at login in a temp home."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
from exec_reader import exec_argv

from hipbreak.adapters.app_menu import LAUNCHER, icon_names, launcher_paths, old_launcher_paths
from hipbreak.adapters.desktop_file import APP_ID, parse_entry
from hipbreak.cli.main import main
from hipbreak.environment import Environment
from hipbreak.exit_codes import ExitStatus

MakeEnv = Callable[..., Environment]
Tree = dict[str, bytes | None]


def streams(env: Environment) -> Environment:
    """`env` with its own stdout and stderr to read back."""
    return dataclasses.replace(env, stdout=io.StringIO(), stderr=io.StringIO())


def said(env: Environment, stream: str = "stdout") -> str:
    """What the command printed on `stream`, taken (so the next read starts afresh)."""
    buffer = getattr(env, stream)
    assert isinstance(buffer, io.StringIO)
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def tree(root: Path) -> Tree:
    """Every folder (None) and file (its bytes) below `root`, by relative path."""
    return {
        str(path.relative_to(root)): (path.read_bytes() if path.is_file() else None)
        for path in sorted(root.rglob("*"))
    }


def lived_in_home(env: Environment) -> None:
    """Give the temp home what a user's has: other apps' launchers and icons, settings and a history."""
    data = env.xdg_data_home
    (data / "applications").mkdir(parents=True)
    (data / "applications" / "org.example.Other.desktop").write_text("[Desktop Entry]\nName=Other\n")
    (data / "icons" / "hicolor" / "48x48" / "apps").mkdir(parents=True)
    (data / "icons" / "hicolor" / "48x48" / "apps" / "other.png").write_bytes(b"png")
    (env.xdg_config_home / "autostart").mkdir(parents=True)
    (env.xdg_config_home / "autostart" / "other.desktop").write_text("[Desktop Entry]\nName=Other\n")
    env.config_dir.mkdir(parents=True)
    env.config_file.write_text('[reminders]\nevery = "30m"\n')
    env.data_dir.mkdir(parents=True)
    env.history_file.write_bytes(b"history")


@pytest.mark.parametrize("lived_in", [True, False], ids=["lived-in home", "empty home"])
def test_install_then_uninstall_leaves_the_home_as_it_was(
    make_env: MakeEnv,
    validate: Callable[[Path], None],
    lived_in: bool,
) -> None:
    env = streams(make_env())
    if lived_in:
        lived_in_home(env)
    before = tree(env.home)

    assert main(["install-desktop"], env) == ExitStatus.OK
    output = said(env)
    entry, *icons = launcher_paths(env)
    autostart = env.xdg_config_home / "autostart" / "hipbreak.desktop"
    assert entry.name == LAUNCHER == f"{APP_ID}.desktop"
    assert str(entry) in output and str(autostart) in output and "uninstall-desktop" in output
    validate(entry)
    validate(autostart)
    fields = parse_entry(entry.read_text())
    assert fields["Icon"] == APP_ID and "TryExec" not in fields
    # The full path of the hipbreak that ran install-desktop: pipx's bin folder may not be on PATH.
    assert exec_argv(entry) == [env.executable, "-m", "hipbreak"]
    assert exec_argv(autostart) == [env.executable, "-m", "hipbreak"]
    shipped = resources.files("hipbreak").joinpath("data", "icons")
    for name, icon in zip(icon_names(), icons, strict=True):
        assert icon.read_bytes() == shipped.joinpath(*name.split("/")).read_bytes(), name

    assert main(["uninstall-desktop"], env) == ExitStatus.OK
    output = said(env)
    assert tree(env.home) == before
    # It says where what it kept lives.
    assert str(env.config_dir) in output and str(env.data_dir) in output


def test_uninstall_takes_away_the_launcher_an_earlier_version_wrote_unasked(make_env: MakeEnv) -> None:
    env = streams(make_env())
    lived_in_home(env)
    before = tree(env.home)
    for path in old_launcher_paths(env):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"written by hipbreak 0.1.0 on its first start")

    assert main(["uninstall-desktop"], env) == ExitStatus.OK
    assert tree(env.home) == before
    assert f"({len(old_launcher_paths(env))} files)" in said(env)


def test_an_unwritable_data_home_is_one_line_and_exit_1(make_env: MakeEnv, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    env = streams(make_env(XDG_DATA_HOME=str(blocker)))
    assert main(["install-desktop"], env) == ExitStatus.ERROR
    error = said(env, "stderr")
    assert error.startswith("hipbreak: cannot write ") and "a-file" in error
    assert error.count("\n") == 1
    assert not (env.xdg_config_home / "autostart").exists()  # nothing half-done at login either


@pytest.mark.parametrize("verb", ["install-desktop", "uninstall-desktop"])
def test_other_platforms_are_told_what_works_there(make_env: MakeEnv, verb: str) -> None:
    env = streams(make_env(platform="darwin"))
    assert main([verb], env) == ExitStatus.ERROR
    error = said(env, "stderr")
    assert error.startswith(f"hipbreak: {verb} is for Linux and BSD desktops;") and "autostart" in error
    assert not any(env.home.iterdir())
