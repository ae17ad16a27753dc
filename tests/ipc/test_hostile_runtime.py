"""Another local user gets nowhere: folders made first, sockets served, lock files planted; and two
sessions of one user run one app.

Real folders, sockets and processes in temp dirs; "another user" is uid 65534 (needs root, as in CI).
"""

from __future__ import annotations

import dataclasses
import os
import socket
import stat
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile import NOBODY, give_away, need_root, served_by_nobody

from hipbreak.core.commands import Quit, Status
from hipbreak.environment import Environment, _unix_runtime_dir, current_environment
from hipbreak.ipc.client import NotAnswering, NotRunning, NotSafe, send
from hipbreak.ipc.instance import InstanceError, InstanceLock
from hipbreak.ipc.server import ControlServer, ListenError
from hipbreak.ipc.wire import Reply, socket_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="AF_UNIX sockets and POSIX owners")
Serve = Callable[..., ControlServer]


def long_runtime_env(root: Path, make_env: Callable[..., Environment]) -> Environment:
    """An env whose socket path is too long, so the socket goes to the shared temp folder (here root/tmp)."""
    (root / "tmp").mkdir(mode=0o1777)
    os.chmod(root / "tmp", 0o1777)
    env = make_env(root, root / ("deep" * 30))
    return dataclasses.replace(env, temp_root=root / "tmp")


def test_a_fallback_folder_made_first_by_another_user_is_refused_by_app_and_cli(
    short_root: Path, make_env: Callable[..., Environment]
) -> None:
    need_root()
    env = long_runtime_env(short_root, make_env)
    path = socket_path(env, os.geteuid())
    assert path.parent.parent == short_root / "tmp"
    path.parent.mkdir(mode=0o777)
    give_away(path.parent)
    with served_by_nobody(path) as hostile:
        with pytest.raises(ListenError, match=f"{path.parent} belongs to another user"):
            ControlServer(env, lambda request: Reply.success("ours")).start()
        with pytest.raises(NotSafe) as refused:
            send(env, Status())
        seen = hostile.stop()
    message = str(refused.value)
    assert message.startswith(f"{path.parent} belongs to another user (uid {NOBODY})")
    assert "have it removed" in message and "\n" not in message
    assert seen == []  # the CLI never even connected


def test_a_socket_served_by_another_user_in_our_own_folder_gets_nothing(env: Environment) -> None:
    need_root()
    env.runtime_dir.mkdir(mode=0o700)
    with served_by_nobody(env.socket_file) as hostile:
        with pytest.raises(NotSafe) as refused:
            send(env, Quit())
        seen = hostile.stop()
    assert f"the process listening on {env.socket_file} runs as another user (uid {NOBODY})" in str(
        refused.value
    )
    assert seen == [0]  # it accepted the connection, but not one byte of the command reached it


def test_a_runtime_folder_of_another_user_is_refused_by_the_cli(env: Environment) -> None:
    need_root()
    env.runtime_dir.mkdir(mode=0o700)
    give_away(env.runtime_dir)
    with pytest.raises(NotSafe, match=f"^{env.runtime_dir} belongs to another user"):
        send(env, Status())


def test_a_runtime_folder_others_can_write_is_refused_by_the_cli_and_repaired_by_the_app(
    env: Environment, serve: Serve
) -> None:
    serve(env)
    os.chmod(env.runtime_dir, 0o777)
    with pytest.raises(NotSafe, match=rf"mode 0777.*run `chmod 700 {env.runtime_dir}`"):
        send(env, Status())
    os.chmod(env.runtime_dir, 0o755)  # others may look, but cannot slip anything in
    assert send(env, Status()).ok


def test_a_lock_file_planted_as_a_link_is_not_followed(env: Environment) -> None:
    env.runtime_dir.mkdir(mode=0o700)
    precious = env.runtime_dir.parent / "precious.txt"
    precious.write_text("the user's notes\n")
    env.lock_file.symlink_to(precious)
    with pytest.raises(InstanceError, match="cannot open the lock file"):
        InstanceLock(env).acquire()
    assert precious.read_text() == "the user's notes\n"


def test_a_lock_file_of_another_user_is_refused(env: Environment) -> None:
    need_root()
    env.runtime_dir.mkdir(mode=0o700)
    env.lock_file.write_text("")
    give_away(env.lock_file)
    with pytest.raises(InstanceError, match="not a regular file of this user"):
        InstanceLock(env).acquire()


def test_two_sessions_of_one_user_run_one_app_and_both_reach_it(
    short_root: Path, make_env: Callable[..., Environment], serve: Serve
) -> None:
    first = make_env(short_root, short_root / "session-1")
    second = make_env(short_root, short_root / "session-2")
    assert first.app_lock_file == second.app_lock_file  # one data folder, one machine
    serve(first, lambda request: Reply.success("the one app"))
    other = InstanceLock(second)
    assert not other.acquire()
    assert other.other_session_pid == os.getpid()
    assert InstanceLock(second).acquire() is False  # asking again changes nothing
    assert send(second, Status()).message == "the one app"  # found through the per-user lock


def test_another_machine_sharing_the_home_is_not_blocked(
    short_root: Path, make_env: Callable[..., Environment], serve: Serve
) -> None:
    here = dataclasses.replace(make_env(short_root, short_root / "a"), host="desk")
    there = dataclasses.replace(make_env(short_root, short_root / "b"), host="laptop")
    serve(here)
    with InstanceLock(there) as lock:
        assert lock.acquire()


def test_a_note_naming_another_users_socket_is_not_followed(
    short_root: Path, make_env: Callable[..., Environment]
) -> None:
    need_root()
    env = make_env(short_root)
    elsewhere = short_root / "theirs"
    elsewhere.mkdir(mode=0o700)
    give_away(elsewhere)
    env.data_dir.mkdir(parents=True)
    env.app_lock_file.write_text(f"1\n{elsewhere / 'hipbreak.sock'}\n")
    with pytest.raises(NotSafe, match=f"^{elsewhere} belongs to another user"):
        send(env, Status())


def test_an_app_that_stopped_answering_is_not_answering_not_not_running(env: Environment) -> None:
    lock = InstanceLock(env)
    assert lock.acquire()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(env.socket_file))
    listener.listen(4)  # the kernel accepts; a stopped app never reads
    try:
        with pytest.raises(NotAnswering) as caught:
            send(env, Status(), timeout=0.3)
    finally:
        listener.close()
        lock.release()
    assert not isinstance(caught.value, NotRunning)
    assert str(caught.value) == (
        f"hipbreak is running (pid {os.getpid()}) but did not answer within 0.3 s; it may be stopped "
        f"or stuck: see its log, or end it with `kill {os.getpid()}`"
    )


def test_a_runtime_dir_of_another_user_falls_back_to_the_cache_without_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    need_root()
    theirs = tmp_path / "run-theirs"
    theirs.mkdir(mode=0o700)
    give_away(theirs)
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(theirs))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # platformdirs' RuntimeDirWarning would fail the test
        env = current_environment()
    assert env.runtime_dir == cache / "hipbreak" / "run"


@pytest.mark.parametrize(
    ("mode", "ours", "used"),
    [(0o700, True, True), (0o755, True, True), (0o777, True, False), (0o700, False, False)],
)
def test_which_xdg_runtime_dir_is_used(tmp_path: Path, mode: int, ours: bool, used: bool) -> None:
    if not ours:
        need_root()
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    os.chmod(runtime, mode)
    if not ours:
        give_away(runtime)
    chosen = _unix_runtime_dir(str(runtime), tmp_path / "cache")
    assert chosen == (runtime / "hipbreak" if used else tmp_path / "cache" / "run")
    assert _unix_runtime_dir("", tmp_path / "cache") == tmp_path / "cache" / "run"
    assert _unix_runtime_dir("relative/run", tmp_path / "cache") == tmp_path / "cache" / "run"


def test_the_fallback_folder_the_app_made_is_private(
    short_root: Path, make_env: Callable[..., Environment], serve: Serve
) -> None:
    env = long_runtime_env(short_root, make_env)
    serve(env)
    folder = socket_path(env, os.geteuid()).parent
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and folder.stat().st_uid == os.geteuid()
    assert send(env, Status()).ok
