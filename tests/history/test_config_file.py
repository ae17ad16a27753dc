"""Reading the user's settings file: defaults, one-line errors, and the file left as it was."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from hipbreak.adapters.config_file.read import load_settings
from hipbreak.core.settings import Settings


def test_a_missing_file_means_the_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "config.toml") == (Settings(), [])


def test_good_keys_apply_and_bad_keys_keep_their_default(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    text = '[reminders]\nevery = "20m"\nsnooze = "soon"\n[stretch]\nhold = "45s"\ncolour = "red"\n'
    path.write_text(text)
    settings, errors = load_settings(path)
    assert settings.reminders.every == timedelta(minutes=20)
    assert settings.reminders.snooze == Settings().reminders.snooze
    assert settings.stretch.hold == timedelta(seconds=45)
    assert len(errors) == 2
    assert all("\n" not in error and str(path) in error for error in errors)
    assert "reminders.snooze" in errors[0] and "using the default" in errors[0]
    assert "unknown key stretch.colour" in errors[1]
    assert path.read_text() == text


def test_broken_toml_names_the_line_and_runs_on_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[reminders]\nevery = "20m\n')
    settings, errors = load_settings(path)
    assert settings == Settings()
    assert len(errors) == 1 and "not valid TOML" in errors[0] and "line 2" in errors[0]


def test_a_file_that_is_not_utf8_is_reported_not_crashed_on(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'[reminders]\nevery = "\xff\xfe"\n')
    settings, errors = load_settings(path)
    assert settings == Settings()
    assert errors == [f"{path}: not UTF-8 text (line 2); save it as UTF-8. Using the defaults"]
