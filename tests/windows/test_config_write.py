"""save_settings: the file keeps all the user wrote, bad values never reach it, and writes are atomic."""

from __future__ import annotations

import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hipbreak.adapters.atomic_file as atomic_file
from hipbreak.adapters.config_file.read import load_settings
from hipbreak.adapters.config_file.write import save_settings
from hipbreak.core.durations import format_duration
from hipbreak.core.settings import DEFAULT_CONFIG_TEXT

USER_FILE = """\
# My hipbreak settings — tuned after the physio visit.

[reminders]
every="45m"   # she said: no more than 45 minutes
snooze = [ "5m",  "10m" ]

# weekdays only
work_days = [
    "mon", "tue", "wed",
    "thu", "fri",  # Friday too
]
max_snoozes = 3


[stretch]
hold = '45s'            # literal string, kept as written
sound = true            # chime on
# trailing thoughts
"""


def test_only_the_changed_values_change(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(USER_FILE, encoding="utf-8")

    save_settings(path, {"reminders": {"every": "30m"}, "stretch": {"sound": False}})

    expected = USER_FILE.replace('every="45m"   # she', 'every="30m"   # she').replace(
        "sound = true            # chime", "sound = false           # chime"
    )
    assert path.read_text(encoding="utf-8") == expected


def test_a_new_key_goes_into_its_section_and_the_rest_stays(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(USER_FILE, encoding="utf-8")

    save_settings(path, {"reminders": {"notice": "30s"}, "stretch": {"daily_goal": 6}})

    text = path.read_text(encoding="utf-8")
    for line in USER_FILE.splitlines():
        assert line in text.splitlines()
    loaded, problems = load_settings(path)
    assert problems == []
    assert loaded.reminders.notice == timedelta(seconds=30)
    assert loaded.stretch.daily_goal == 6
    assert loaded.reminders.every == timedelta(minutes=45)


def test_a_comment_keeps_its_column_when_the_value_grows(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[reminders]\nevery = "5m"      # column 19\n', encoding="utf-8")

    save_settings(path, {"reminders": {"every": "1h30m"}})

    assert path.read_text(encoding="utf-8") == '[reminders]\nevery = "1h30m"   # column 19\n'


def test_a_missing_file_starts_from_the_default_text(tmp_path: Path) -> None:
    path = tmp_path / "new" / "hipbreak" / "config.toml"

    save_settings(path, {"reminders": {"every": "20m"}})

    text = path.read_text(encoding="utf-8")
    assert text == DEFAULT_CONFIG_TEXT.replace('every = "45m"   ', 'every = "20m"   ')
    assert load_settings(path)[0].reminders.every == timedelta(minutes=20)


@pytest.mark.parametrize(
    ("changes", "names"),
    [
        ({"reminders": {"every": "soon"}}, "reminders.every"),
        ({"reminders": {"snooze": []}}, "reminders.snooze"),
        ({"stretch": {"daily_goal": 0}}, "stretch.daily_goal"),
        ({"reminders": {"work_hours": "09:00-09:00"}}, "reminders.work_hours"),
        ({"reminders": {"evry": "30m"}}, "reminders.evry"),
        ({"breaks": {"every": "30m"}}, "[breaks]"),
    ],
)
def test_a_bad_value_is_refused_and_the_file_is_untouched(
    tmp_path: Path, changes: dict[str, dict[str, object]], names: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(USER_FILE, encoding="utf-8")
    before = path.stat()

    with pytest.raises(ValueError) as refused:
        save_settings(path, {"stretch": {"hold": "20s"}, **changes})

    message = str(refused.value)
    assert names in message and "\n" not in message
    assert "using the default" not in message
    assert path.read_text(encoding="utf-8") == USER_FILE
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]


def test_a_bad_value_does_not_create_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    with pytest.raises(ValueError):
        save_settings(path, {"reminders": {"every": "0"}})
    assert not path.exists()


def test_problems_the_file_already_had_do_not_block_a_save(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[reminders]\nevery = "forever"\ncolour = "green"\n', encoding="utf-8")

    save_settings(path, {"stretch": {"hold": "20s"}})

    text = path.read_text(encoding="utf-8")
    assert text.startswith('[reminders]\nevery = "forever"\ncolour = "green"\n')
    assert load_settings(path)[0].stretch.hold == timedelta(seconds=20)


def test_a_file_that_is_not_toml_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[reminders\nevery = 45m\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid TOML"):
        save_settings(path, {"reminders": {"every": "30m"}})
    assert path.read_text(encoding="utf-8") == "[reminders\nevery = 45m\n"


def test_the_new_file_replaces_the_old_in_one_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "config.toml"
    path.write_text(USER_FILE, encoding="utf-8")
    renames: list[tuple[Path, Path, str]] = []
    real_replace = os.replace

    def replace(source: str, target: Path) -> None:
        # At the moment of the swap the new text is complete, in the same folder, and the old file intact.
        renames.append((Path(source), Path(target), Path(target).read_text(encoding="utf-8")))
        assert 'every="1h"' in Path(source).read_text(encoding="utf-8")
        real_replace(source, target)

    monkeypatch.setattr(atomic_file.os, "replace", replace)
    save_settings(path, {"reminders": {"every": "1h"}})

    [(source, target, old_text)] = renames
    assert source.parent == target.parent == tmp_path
    assert old_text == USER_FILE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]


def test_a_failed_write_leaves_the_old_file_and_no_litter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(USER_FILE, encoding="utf-8")

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_file.os, "fsync", fail)
    with pytest.raises(OSError):
        save_settings(path, {"reminders": {"every": "1h"}})

    assert path.read_text(encoding="utf-8") == USER_FILE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and links")
def test_permissions_and_links_survive(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "hipbreak.toml"
    real.parent.mkdir()
    real.write_text(USER_FILE, encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "config.toml"
    link.symlink_to(real)

    save_settings(link, {"reminders": {"every": "50m"}})

    assert link.is_symlink()
    assert 'every="50m"' in real.read_text(encoding="utf-8")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_windows_line_endings_stay(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'[reminders]\r\nevery = "45m" # mine\r\n')

    save_settings(path, {"reminders": {"every": "30m", "notice": "20s"}})

    assert path.read_bytes() == b'[reminders]\r\nevery = "30m" # mine\r\nnotice = "20s"\r\n'


@settings(max_examples=60, deadline=None)
@given(seconds=st.integers(min_value=1, max_value=24 * 3600))
def test_any_valid_interval_round_trips_and_nothing_else_moves(
    tmp_path_factory: pytest.TempPathFactory, seconds: int
) -> None:
    path = tmp_path_factory.mktemp("prop") / "config.toml"
    path.write_text(USER_FILE, encoding="utf-8")
    text = format_duration(timedelta(seconds=seconds))

    save_settings(path, {"reminders": {"every": text}})

    assert load_settings(path)[0].reminders.every == timedelta(seconds=seconds)
    old_lines = USER_FILE.splitlines()
    new_lines = path.read_text(encoding="utf-8").splitlines()
    changed = [i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    assert changed == [old_lines.index('every="45m"   # she said: no more than 45 minutes')]
    assert new_lines[changed[0]].endswith("# she said: no more than 45 minutes")
