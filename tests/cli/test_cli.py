"""The command line, called in-process with a temp environment, as a user's terminal would see it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from cli_env import err, make_env, out

import hipbreak
from hipbreak import __version__
from hipbreak.adapters.autostart.choose import choose_autostart
from hipbreak.adapters.history import History
from hipbreak.cli.main import main
from hipbreak.core.commands import (
    Command,
    Pause,
    Quit,
    Reload,
    Resume,
    SetAutostart,
    Skip,
    Snooze,
    Status,
    StretchNow,
)
from hipbreak.core.events import Event
from hipbreak.core.reminder_state import Status as RuleStatus
from hipbreak.core.status_record import status_record
from hipbreak.environment import Environment
from hipbreak.exit_codes import ExitStatus
from hipbreak.ipc.instance import InstanceLock
from hipbreak.ipc.server import ControlServer
from hipbreak.ipc.wire import Reply


def test_version(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    assert main(["--version"], env) == ExitStatus.OK
    # The folder too, on one line however long: "which hipbreak is this?" has one answer.
    assert out(env) == f"hipbreak {__version__} ({Path(hipbreak.__file__).parent})\n"


def test_status_json_without_the_app_reads_the_history(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    history = History.open(env.history_file)
    history.record(Event("stretch_completed", datetime.now().astimezone()))
    history.close()
    assert main(["status", "--json"], env) == ExitStatus.NOT_RUNNING
    data = json.loads(out(env))
    assert data["running"] is False
    assert data["breaks_today"] == 1
    assert data["next_reminder"] is None
    assert isinstance(data["state"], str)


def test_status_text_without_the_app(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    assert main(["status"], env) == ExitStatus.NOT_RUNNING
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
    assert main(["status", "--json"], env) == ExitStatus.NOT_RUNNING
    assert json.loads(out(env))["breaks_today"] == 0
    assert "the history was damaged; moved to" in err(env)
    assert list(env.history_file.parent.glob("history.db.corrupt-*"))


# -- with a (fake) running app on the control socket: each verb sends one typed command ---------------


class FakeApp:
    """Answers every command the way the app would word it, and records what it got."""

    def __init__(self) -> None:
        self.commands: list[Command] = []
        self.autostart = False

    def __call__(self, command: Command) -> Reply:
        self.commands.append(command)
        if isinstance(command, SetAutostart):
            self.autostart = (not self.autostart) if command.on is None else command.on
            where = "/fake/autostart/hipbreak.desktop"
            return Reply.success("set", {"enabled": self.autostart, "location": where})
        if isinstance(command, Resume):
            return Reply.failure("reminders are not paused")
        return Reply.success(f"did {command.name}")


@pytest.fixture
def with_app(tmp_path: Path) -> Iterator[tuple[Environment, FakeApp]]:
    env = make_env(tmp_path)
    app = FakeApp()
    lock = InstanceLock(env)
    assert lock.acquire()
    server = ControlServer(env, app)
    server.start()
    try:
        yield env, app
    finally:
        server.stop()
        lock.release()


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["snooze"], Snooze()),
        (["snooze", "10m"], Snooze(600)),
        (["snooze", "90s"], Snooze(90)),
        (["snooze", "24h"], Snooze(86_400)),
        (["skip"], Skip()),
        (["pause"], Pause()),
        (["pause", "tomorrow"], Pause()),
        (["pause", "1h"], Pause(3600)),
        (["reload"], Reload()),
        (["quit"], Quit()),
        (["stretch"], StretchNow()),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_each_verb_sends_its_command_in_seconds(
    with_app: tuple[Environment, FakeApp], argv: list[str], command: Command
) -> None:
    env, app = with_app
    assert main(argv, env) == ExitStatus.OK
    assert app.commands == [command]
    assert out(env).strip() == f"did {command.name}"


def test_a_refusal_from_the_app_is_an_error_with_its_reason(with_app: tuple[Environment, FakeApp]) -> None:
    env, app = with_app
    assert main(["resume"], env) == ExitStatus.ERROR
    assert app.commands == [Resume()]
    assert err(env).strip() == "hipbreak: reminders are not paused"


def test_status_asks_the_running_app(with_app: tuple[Environment, FakeApp]) -> None:
    env, app = with_app
    assert main(["status"], env) == ExitStatus.OK
    assert app.commands == [Status()]
    assert out(env).strip() == "did status"


def test_autostart_on_and_off_go_through_the_running_app(with_app: tuple[Environment, FakeApp]) -> None:
    env, app = with_app
    assert main(["autostart", "on"], env) == ExitStatus.OK
    assert main(["autostart", "off"], env) == ExitStatus.OK
    assert app.commands == [SetAutostart(True), SetAutostart(False)]
    assert out(env).splitlines() == [
        "Start at login: on (/fake/autostart/hipbreak.desktop)",
        "Start at login: off (/fake/autostart/hipbreak.desktop)",
    ]
    assert not Path(choose_autostart(env).location()).exists()  # the app set it, not the CLI


def test_autostart_without_the_app_changes_the_entry_directly(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    assert main(["autostart", "on"], env) == ExitStatus.OK
    first = out(env).strip()
    assert first.startswith("Start at login: on (") and first.endswith("hipbreak.desktop)")
    location = Path(first[len("Start at login: on (") : -1])
    assert location.is_file()
    assert main(["autostart", "status"], env) == ExitStatus.OK
    assert main(["autostart", "off"], env) == ExitStatus.OK
    assert out(env).splitlines()[1:] == [
        f"Start at login: on ({location})",
        f"Start at login: off ({location})",
    ]
    assert not location.exists()


def test_reload_without_the_app_says_it_is_not_running(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    assert main(["reload"], env) == ExitStatus.NOT_RUNNING
    assert "not running" in err(env)


def test_the_offline_status_record_has_the_running_apps_fields(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    assert main(["status", "--json"], env) == ExitStatus.NOT_RUNNING
    offline = json.loads(out(env))
    assert offline == status_record(None, breaks_today=0, daily_goal=offline["daily_goal"])
    running = RuleStatus(
        state="running",
        next_reminder=datetime(2026, 1, 5, 10, 0).astimezone(),
        paused_until=None,
        breaks_today=2,
        snoozes_left=None,
    )
    assert set(status_record(running, breaks_today=2, daily_goal=8)) == set(offline)


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
