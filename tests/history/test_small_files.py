"""Settings and routine files that are not what they seem: pipes, devices, huge, deep, or with a BOM.

Each is read for real from a temp folder, on a worker thread given 2 s: a reader that blocked on a
pipe or read a device without end would never come back, and the test would say so instead of hanging.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import TypeVar

import pytest

from hipbreak.adapters.config_file.read import load_settings
from hipbreak.adapters.config_file.write import save_settings
from hipbreak.adapters.routine_files import load_routine
from hipbreak.adapters.small_file import MAX_SMALL_FILE, SmallFileError, read_small_file
from hipbreak.core.routine import RoutineError
from hipbreak.core.settings import ReminderSettings, Settings

T = TypeVar("T")
DEADLINE = 2.0
BOM = b"\xef\xbb\xbf"
GOOD_CONFIG = b'[reminders]\nevery = "20m"\n'


def within_deadline(call: Callable[[], T]) -> T:
    """Run `call` on a worker thread; fail if it has not returned after DEADLINE seconds."""
    result: list[T] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            result.append(call())
        except BaseException as exc:  # handed back to the test below
            failure.append(exc)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(DEADLINE)
    assert not worker.is_alive(), f"no answer within {DEADLINE} s"
    if failure:
        raise failure[0]
    return result[0]


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_zero_link(path: Path) -> None:
    path.symlink_to("/dev/zero")


def make_huge(path: Path) -> None:
    with path.open("wb") as out:
        out.write(b"# padding\n" * (1024 * 1024))  # 10 MiB


def make_folder(path: Path) -> None:
    path.mkdir()


HOSTILE = {
    "a named pipe": (make_fifo, "is a named pipe, not a regular file"),
    "a link to /dev/zero": (make_zero_link, "is a device, not a regular file"),
    "a 10 MiB file": (make_huge, f"is larger than the limit of {MAX_SMALL_FILE // 1024} KiB"),
    "a folder": (make_folder, "is a folder, not a regular file"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_config_file_is_one_line_and_the_defaults(tmp_path: Path, case: str) -> None:
    make, expected = HOSTILE[case]
    path = tmp_path / "config.toml"
    make(path)
    settings, errors = within_deadline(lambda: load_settings(path))
    assert settings == Settings()
    assert len(errors) == 1
    assert errors[0].startswith(f"{path}: {expected}") and errors[0].endswith("Using the defaults")
    assert "\n" not in errors[0]


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_routine_file_is_one_line(tmp_path: Path, case: str) -> None:
    make, expected = HOSTILE[case]
    path = tmp_path / "mine.toml"
    make(path)
    with pytest.raises(RoutineError) as refused:
        within_deadline(lambda: load_routine("mine", tmp_path))
    assert str(refused.value) == f"{path}: {refused.value.message}"
    assert refused.value.message.startswith(expected) and "\n" not in str(refused.value)


@pytest.mark.parametrize("case", list(HOSTILE))
def test_saving_settings_into_a_hostile_file_is_refused_and_leaves_it(tmp_path: Path, case: str) -> None:
    make, expected = HOSTILE[case]
    path = tmp_path / "config.toml"
    make(path)
    with pytest.raises(ValueError, match=expected):
        within_deadline(lambda: save_settings(path, {"reminders": {"every": "30m"}}))
    assert path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_SMALL_FILE


DEEP = "a = " + "[" * 100_000 + "]" * 100_000 + "\n"


def test_a_100k_deep_config_is_one_line_naming_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[reminders]\nevery = "20m"\n' + DEEP)
    settings, errors = within_deadline(lambda: load_settings(path))
    assert settings == Settings()
    assert errors == [
        f"{path}: line 3 nests lists or tables more than 32 deep; flatten it. Using the defaults"
    ]


def test_a_100k_deep_routine_is_one_line_naming_the_limit(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text('title = "Mine"\n' + DEEP)
    with pytest.raises(RoutineError, match=r"mine\.toml line 2: lists or tables nest more than 32 deep"):
        within_deadline(lambda: load_routine("mine", tmp_path))


def test_saving_into_a_100k_deep_config_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(DEEP)
    with pytest.raises(ValueError, match="line 1 nests lists or tables more than 32 deep"):
        within_deadline(lambda: save_settings(path, {"reminders": {"every": "30m"}}))
    assert path.read_text() == DEEP


def test_a_config_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(BOM + GOOD_CONFIG)
    settings, errors = load_settings(path)
    assert errors == []
    assert settings.reminders.every == timedelta(minutes=20)


def test_a_config_with_a_byte_order_mark_can_be_saved(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(BOM + GOOD_CONFIG)
    save_settings(path, {"reminders": {"every": "30m"}})
    assert load_settings(path) == (Settings(reminders=ReminderSettings(every=timedelta(minutes=30))), [])


def test_a_routine_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    text = resources.files("hipbreak").joinpath("routines", "hip-flexor.toml").read_bytes()
    (tmp_path / "mine.toml").write_bytes(BOM + text)
    assert load_routine("mine", tmp_path).phases == load_routine("hip-flexor").phases


def test_a_symlinked_config_is_followed(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    (dotfiles / "hipbreak.toml").write_bytes(GOOD_CONFIG)
    path = tmp_path / "config.toml"
    path.symlink_to(dotfiles / "hipbreak.toml")
    settings, errors = load_settings(path)
    assert errors == [] and settings.reminders.every == timedelta(minutes=20)


def test_a_file_at_the_limit_is_read_and_one_byte_more_is_not(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    path.write_bytes(b"#" * MAX_SMALL_FILE)
    assert len(read_small_file(path)) == MAX_SMALL_FILE
    path.write_bytes(b"#" * (MAX_SMALL_FILE + 1))
    with pytest.raises(SmallFileError, match="larger than the limit of 256 KiB"):
        read_small_file(path)


def test_a_missing_file_is_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_small_file(tmp_path / "nothing.toml")
