"""The command line, called in-process with a temp environment, as a user's terminal would see it."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from cli_env import err, make_env, out

from hipbreak import __version__
from hipbreak.adapters.history import History
from hipbreak.cli.main import ExitStatus, main
from hipbreak.core.events import Event


def test_version(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"], make_env(tmp_path))
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"hipbreak {__version__}"


def test_status_json_without_the_app_reads_the_history(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    history = History.open(env.history_file)
    history.record(Event("stretch_completed", datetime.now().astimezone()))
    history.close()
    assert main(["status", "--json"], env) == ExitStatus.OK
    data = json.loads(out(env))
    assert data["running"] is False
    assert data["breaks_today"] == 1
    assert data["next_reminder"] is None
    assert isinstance(data["state"], str)


def test_status_text_without_the_app(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    assert main(["status"], env) == ExitStatus.OK
    assert out(env).strip() == "hipbreak is not running. Breaks today: 0."


@pytest.mark.parametrize("argv", [["snooze"], ["skip"], ["pause", "1h"], ["resume"], ["quit"]])
def test_control_commands_say_when_the_app_is_not_running(tmp_path: Path, argv: list[str]) -> None:
    env = make_env(tmp_path)
    assert main(argv, env) == ExitStatus.NOT_RUNNING
    assert err(env).strip() == "hipbreak: hipbreak is not running; start it with `hipbreak`"


@pytest.mark.parametrize("argv", [["snooze", "soon"], ["pause", "25h"], ["snooze", "0"]])
def test_a_bad_duration_is_a_usage_error_naming_the_form(tmp_path: Path, argv: list[str]) -> None:
    env = make_env(tmp_path)
    assert main(argv, env) == ExitStatus.USAGE
    message = err(env).strip()
    assert message.startswith("hipbreak: bad duration") and "\n" not in message


def test_config_path_and_check(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    assert main(["config", "path"], env) == ExitStatus.OK
    assert out(env).strip() == str(tmp_path / "config" / "config.toml")
    env.config_file.parent.mkdir(parents=True)
    env.config_file.write_text('[reminders]\nevery = "often"\n')
    env2 = make_env(tmp_path)
    assert main(["config", "check"], env2) == ExitStatus.ERROR
    assert "reminders.every" in err(env2)
    assert env.config_file.read_text() == '[reminders]\nevery = "often"\n'


def test_stats_json_lists_each_day(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    history = History.open(env.history_file)
    history.record(Event("stretch_completed", datetime.now().astimezone(), {"seconds": 70}))
    history.close()
    assert main(["stats", "--days", "3", "--json"], env) == ExitStatus.OK
    data = json.loads(out(env))
    assert len(data["days"]) == 3
    assert sum(day["completed"] for day in data["days"]) == 1


def test_stats_rejects_a_silly_day_count(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    assert main(["stats", "--days", "0"], env) == ExitStatus.USAGE


def test_run_without_a_display_says_so_in_one_line(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    assert main([], env) == 1
    lines = err(env).strip().splitlines()
    assert len(lines) == 1 and "no graphical desktop found" in lines[0]


def test_status_without_the_app_tells_of_a_damaged_history(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    env.history_file.parent.mkdir(parents=True)
    env.history_file.write_bytes(b"not a database at all" * 50)
    assert main(["status", "--json"], env) == ExitStatus.OK
    assert json.loads(out(env))["breaks_today"] == 0
    assert "the history was damaged; moved to" in err(env)
    assert list(env.history_file.parent.glob("history.db.corrupt-*"))


def test_pause_help_says_a_bare_pause_lasts_until_the_next_day_starts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["pause", "--help"], make_env(tmp_path))
    assert exit_info.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "Without a duration the pause lasts until tomorrow: until the next day starts" in text


CHART_FILES = [
    ("week.png", b"\x89PNG"),
    ("week.jpg", b"\xff\xd8\xff"),
    ("week.JPEG", b"\xff\xd8\xff"),
    ("week.webp", b"RIFF"),
    ("week.gif", b"GIF8"),
]


@pytest.mark.parametrize(("name", "magic"), CHART_FILES)
def test_stats_chart_is_written_in_the_format_its_name_names(tmp_path: Path, name: str, magic: bytes) -> None:
    env = make_env(tmp_path)
    chart = tmp_path / name
    assert main(["stats", "--chart", str(chart)], env) == ExitStatus.OK
    assert chart.read_bytes().startswith(magic)
    assert err(env).strip() == f"Chart written to {chart}"


def test_stats_chart_refuses_a_folder_that_does_not_exist_and_creates_none(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    chart = tmp_path / "no" / "such" / "x.png"
    assert main(["stats", "--chart", str(chart)], env) == ExitStatus.ERROR
    lines = err(env).strip().splitlines()
    assert lines == [
        f"hipbreak: cannot write {chart}: the folder {chart.parent} does not exist; create it first or "
        "choose another"
    ]
    assert not (tmp_path / "no").exists()
    assert out(env) == ""  # refused before the report, not after it


def test_stats_chart_refuses_a_suffix_it_cannot_write_naming_those_it_can(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    assert main(["stats", "--chart", str(tmp_path / "x.svg")], env) == ExitStatus.USAGE
    lines = err(env).strip().splitlines()
    assert len(lines) == 1 and lines[0].endswith("end its name in one of .png, .jpg, .jpeg, .webp, .gif")
    assert not (tmp_path / "x.svg").exists()
