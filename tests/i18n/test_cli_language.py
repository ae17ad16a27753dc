"""The `hipbreak` command speaks the language its environment asks for: its help, argparse's own words, its
answers and doctor's rows; an unknown language speaks English and says nothing more."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from temp_env import temp_env

from hipbreak import language
from hipbreak.cli.main import ExitStatus, main
from hipbreak.environment import Environment
from i18n.catalog_files import compiled_catalog

GERMAN = {
    "usage: ": "Aufruf: ",
    "options": "Optionen",
    "show this help message and exit": "diese Hilfe zeigen und beenden",
    "%(prog)s: error: %(message)s\n": "%(prog)s: Fehler: %(message)s\n",
    "invalid choice: %(value)r (choose from %(choices)s)": "ungültige Wahl: %(value)r (möglich: %(choices)s)",
    "put off the next reminder": "die nächste Erinnerung verschieben",
    "hipbreak is not running. Breaks today: {count}.": "hipbreak läuft nicht. Pausen heute: {count}.",
    "hipbreak is not running; start it with `hipbreak`": "hipbreak läuft nicht; starte es mit `hipbreak`",
    ("ctx:doctor row", "notifications"): "Benachrichtigungen",
    ("ctx:doctor row", "tray"): "Systemleiste",
}


@pytest.fixture
def german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A small German catalog where the installed ones would be; English again after the test."""
    installed = language.catalog_folder()
    folder = compiled_catalog(tmp_path / "locale", "de", GERMAN)
    monkeypatch.setattr(language, "catalog_folder", lambda: folder)
    for name in language.LANGUAGE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    yield folder
    language.choose({"LANGUAGE": "en"}, installed)


def asking(root: Path, monkeypatch: pytest.MonkeyPatch, process: bool, **variables: str) -> Environment:
    """An environment whose variables ask for a language; with `process`, the process's too, as in a shell.

    argparse asks gettext, which reads the process's variables; hipbreak's own words follow the
    environment it is given, so without `process` only they can change language.
    """
    if process:
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
    return temp_env(root, {"HOME": str(root), **variables}, stdout=io.StringIO(), stderr=io.StringIO())


def text(stream: object) -> str:
    assert isinstance(stream, io.StringIO)
    return stream.getvalue()


def test_language_de_gives_german_help_with_argparses_own_words(
    german: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env = asking(tmp_path, monkeypatch, True, LANGUAGE="de")
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"], env)
    assert exit_info.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith("Aufruf: hipbreak")
    assert "Optionen:" in shown and "diese Hilfe zeigen und beenden" in shown
    assert "die nächste Erinnerung verschieben" in shown  # snooze's help, one of hipbreak's own
    assert "put off the next reminder" not in shown


def test_language_de_gives_german_usage_errors_and_answers(
    german: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env = asking(tmp_path, monkeypatch, True, LANGUAGE="de")
    with pytest.raises(SystemExit) as exit_info:
        main(["nap"], env)
    assert exit_info.value.code == ExitStatus.USAGE
    error = capsys.readouterr().err
    assert "hipbreak: Fehler: " in error and "ungültige Wahl: 'nap'" in error
    assert main(["skip"], env) == ExitStatus.NOT_RUNNING
    assert text(env.stderr) == "hipbreak: hipbreak läuft nicht; starte es mit `hipbreak`\n"


def test_lc_all_alone_picks_german(
    german: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env = asking(tmp_path / "given", monkeypatch, False, LC_ALL="de_DE.UTF-8")
    assert main(["status"], env) == ExitStatus.NOT_RUNNING
    assert text(env.stdout) == "hipbreak läuft nicht. Pausen heute: 0.\n"
    assert text(env.stderr) == ""
    env = asking(tmp_path / "shell", monkeypatch, True, LC_ALL="de_DE.UTF-8")
    with pytest.raises(SystemExit):
        main(["--help"], env)
    assert capsys.readouterr().out.startswith("Aufruf: hipbreak")


def test_doctor_keeps_its_column_when_a_translated_label_is_wider(
    german: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = asking(tmp_path, monkeypatch, False, LANGUAGE="de")
    main(["doctor"], env)
    lines = text(env.stdout).splitlines()
    column = len("Benachrichtigungen") + 1
    tray = next(line for line in lines if line.startswith("Systemleiste "))
    notifications = next(line for line in lines if line.startswith("Benachrichtigungen "))
    assert tray[column - 1] == " " and tray[column] != " "
    assert notifications[column - 1] == " " and notifications[column] != " "
    assert all(line[:column].strip() == "" for line in lines if line.lstrip().startswith("- "))


@pytest.mark.parametrize(
    "variables", [{"LANGUAGE": "xx_YY"}, {"LC_ALL": "xx_YY.UTF-8"}], ids=["LANGUAGE", "LC_ALL"]
)
def test_an_unknown_language_speaks_english_and_adds_nothing_on_stderr(
    tmp_path: Path, variables: dict[str, str]
) -> None:
    # The installed command, as a user runs it: nothing may warn about the language on the way.
    command = Path(sys.executable).with_name("hipbreak")
    names = (*language.LANGUAGE_VARIABLES, "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME")
    environment = {k: v for k, v in os.environ.items() if k not in names}
    environment.update(variables, HOME=str(tmp_path))
    help_run = subprocess.run(
        [str(command), "--help"], env=environment, capture_output=True, text=True, timeout=60, check=False
    )
    assert help_run.returncode == 0 and help_run.stderr == ""
    assert help_run.stdout.startswith("usage: hipbreak")
    assert (
        "put off the next reminder" in help_run.stdout
        and "show this help message and exit" in help_run.stdout
    )
    status = subprocess.run(
        [str(command), "status"], env=environment, capture_output=True, text=True, timeout=60, check=False
    )
    assert status.returncode == ExitStatus.NOT_RUNNING
    assert (status.stdout, status.stderr) == ("hipbreak is not running. Breaks today: 0.\n", "")
