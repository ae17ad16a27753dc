"""A mistyped routine is reported where users look: `config check` and `stretch` name the file, the line
and the fix, and fail; nothing claims a window opened. (`doctor`: see test_doctor.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_env import err, make_env, out
from routine_cases import BROKEN, broken_line, missing_line, with_routine

from hipbreak.cli.main import ExitStatus, main


def test_config_check_fails_on_a_routine_that_does_not_exist(tmp_path: Path) -> None:
    env = with_routine(tmp_path, "nope")
    assert main(["config", "check"], env) == ExitStatus.ERROR
    assert err(env).splitlines() == [missing_line(env)]
    assert "OK" not in out(env)


def test_config_check_fails_on_a_routine_file_with_a_mistake(tmp_path: Path) -> None:
    env = with_routine(tmp_path, "mine", BROKEN)
    assert main(["config", "check"], env) == ExitStatus.ERROR
    assert err(env).splitlines() == [broken_line(env)]


def test_config_check_passes_a_good_routine_of_your_own(tmp_path: Path) -> None:
    env = with_routine(tmp_path, "mine", BROKEN.replace('"hld"', '"hold"'))
    assert main(["config", "check"], env) == ExitStatus.OK
    assert out(env).strip() == f"{env.config_file}: OK" and err(env) == ""


def test_config_check_without_a_file_still_checks_your_copy_of_the_default_routine(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    assert main(["config", "check"], env) == ExitStatus.OK
    env.routines_dir.mkdir(parents=True)
    (env.routines_dir / "hip-flexor.toml").write_text("title = \n", encoding="utf-8")
    env = make_env(tmp_path)
    assert main(["config", "check"], env) == ExitStatus.ERROR
    assert err(env).startswith(f"{env.routines_dir / 'hip-flexor.toml'} line 1: ")


def test_config_edit_checks_the_routine_after_the_editor_closes(tmp_path: Path) -> None:
    env = with_routine(tmp_path, "nope", EDITOR="true")  # an editor that saves nothing and exits at once
    assert main(["config", "edit"], env) == ExitStatus.ERROR
    assert err(env).splitlines() == [missing_line(env)]


@pytest.mark.parametrize(("name", "text"), [("nope", None), ("mine", BROKEN)])
def test_stretch_without_the_app_refuses_a_broken_routine_with_its_line(
    tmp_path: Path, name: str, text: str | None
) -> None:
    env = with_routine(tmp_path, name, text)
    assert main(["stretch"], env) == ExitStatus.ERROR
    expected = missing_line(env) if text is None else broken_line(env)
    assert err(env).splitlines() == [f"hipbreak: {expected}"]
    assert out(env) == ""  # no "Stretch window opened", no "Stretch completed"
    assert not env.history_file.exists() or "stretch" not in env.history_file.read_bytes().decode("latin-1")
