"""The command line's honest answers: not answering is not "not running", and each bad surrounding
(a hostile folder, a bad $EDITOR, a dead display, a pipe as the config) is one line, never a traceback.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile import give_away, need_root
from temp_env import temp_env
from xserver import unused_display

from hipbreak.cli.main import ExitStatus, main
from hipbreak.environment import Environment
from hipbreak.ipc.instance import InstanceLock


@pytest.fixture
def root() -> Iterator[Path]:
    # Short, so the socket path fits and the shared temp fallback is not used.
    folder = Path(tempfile.mkdtemp(prefix="hb-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def make_env(root: Path, **variables: str) -> Environment:
    return temp_env(root, {"HOME": str(root), **variables}, stdout=io.StringIO(), stderr=io.StringIO())


def out(env: Environment) -> str:
    assert isinstance(env.stdout, io.StringIO)
    return env.stdout.getvalue()


def err_lines(env: Environment) -> list[str]:
    assert isinstance(env.stderr, io.StringIO)
    return env.stderr.getvalue().splitlines()


@pytest.fixture
def stopped_app(root: Path) -> Iterator[Environment]:
    """An app that holds its lock and socket but never answers, as one stopped with SIGSTOP."""
    env = make_env(root)
    lock = InstanceLock(env)
    assert lock.acquire()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(env.socket_file))
    listener.listen(8)
    yield env
    listener.close()
    lock.release()


@pytest.mark.parametrize("argv", [["status"], ["status", "--json"], ["skip"]])
def test_an_app_that_does_not_answer_is_told_apart_from_no_app(
    stopped_app: Environment, argv: list[str]
) -> None:
    assert main(argv, stopped_app) == ExitStatus.NOT_ANSWERING == 4
    (line,) = err_lines(stopped_app)
    assert line.startswith(f"hipbreak: hipbreak is running (pid {os.getpid()}) but did not answer within 5 s")
    assert out(stopped_app) == ""


def test_a_runtime_folder_of_another_user_is_one_line_and_an_error(root: Path) -> None:
    need_root()
    env = make_env(root)
    env.runtime_dir.mkdir(mode=0o700)
    give_away(env.runtime_dir)
    assert main(["status"], env) == ExitStatus.ERROR
    (line,) = err_lines(env)
    assert line.startswith(f"hipbreak: {env.runtime_dir} belongs to another user (uid 65534)")
    assert out(env) == ""


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"EDITOR": 'vim "unbalanced'}, "$EDITOR"),
        ({"VISUAL": "code 'half", "EDITOR": "nano"}, "$VISUAL"),
        ({"EDITOR": "ed \\"}, "$EDITOR"),
    ],
)
def test_an_editor_variable_that_is_not_a_command_line_is_one_line(
    root: Path, variables: dict[str, str], named: str
) -> None:
    env = make_env(root, **variables)
    assert main(["config", "edit"], env) == ExitStatus.ERROR
    (line,) = err_lines(env)
    assert line.startswith(f"hipbreak: {named} (") and "fix its quotes" in line


def test_a_dead_display_is_one_line_before_anything_starts(root: Path) -> None:
    display = unused_display()
    env = make_env(root, DISPLAY=display)
    assert main([], env) == 1
    assert err_lines(env) == [
        f"hipbreak: cannot open the display {display} (from DISPLAY); start hipbreak inside your desktop "
        "session, or set DISPLAY to a display that is running"
    ]
    assert not env.lock_file.exists()  # refused before the instance lock was taken


def test_config_check_on_a_named_pipe_is_one_line(root: Path) -> None:
    env = make_env(root)
    env.config_file.parent.mkdir(parents=True)
    os.mkfifo(env.config_file)
    assert main(["config", "check"], env) == ExitStatus.ERROR
    assert err_lines(env) == [
        f"{env.config_file}: is a named pipe, not a regular file; replace it with a plain text file. "
        "Using the defaults"
    ]
