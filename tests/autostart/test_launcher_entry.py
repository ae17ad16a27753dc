"""The application launcher: menu entry and hicolor icons in a temp XDG data home."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from exec_reader import exec_argv
from PIL import Image

from hipbreak.adapters.app_menu import ICON_SIZES, LauncherError, install_launcher, remove_launcher
from hipbreak.adapters.desktop_file import parse_entry
from hipbreak.environment import Environment

MakeEnv = Callable[..., Environment]


def test_install_writes_a_valid_entry_and_every_icon(
    make_env: MakeEnv, validate: Callable[[Path], None], tmp_path: Path
) -> None:
    data = tmp_path / "data home"
    env = make_env(XDG_DATA_HOME=str(data))
    written = install_launcher(env)

    entry = data / "applications" / "hipbreak.desktop"
    icons = [data / "icons" / "hicolor" / f"{n}x{n}" / "apps" / "hipbreak.png" for n in ICON_SIZES]
    assert sorted(written) == sorted([entry, *icons])
    validate(entry)
    fields = parse_entry(entry.read_text())
    assert fields["Icon"] == "hipbreak" and fields["Categories"] == "Utility;"
    assert exec_argv(entry) == [env.executable, "-m", "hipbreak"]
    for size, icon in zip(ICON_SIZES, icons, strict=True):
        with Image.open(icon) as image:
            assert image.format == "PNG" and image.mode == "RGBA" and image.size == (size, size)

    assert sorted(remove_launcher(env)) == sorted(written)
    assert not any(path.exists() for path in written)
    assert remove_launcher(env) == []


def test_default_data_home_is_under_home(make_env: MakeEnv) -> None:
    env = make_env()
    written = install_launcher(env)
    assert env.home / ".local" / "share" / "applications" / "hipbreak.desktop" in written


def test_an_unwritable_data_home_gives_a_launcher_error(make_env: MakeEnv, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(LauncherError, match=r"^cannot write .*a-file"):
        install_launcher(make_env(XDG_DATA_HOME=str(blocker)))
