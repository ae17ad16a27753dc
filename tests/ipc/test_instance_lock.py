"""The single-instance lock, with real files and real processes."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import hipbreak
from hipbreak.environment import Environment
from hipbreak.ipc.instance import InstanceError, InstanceLock

# Child processes import the same hipbreak as this test run (installed or source), from here.
HIPBREAK_HOME = Path(hipbreak.__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX flock and modes")

# A contender: wait for the go pipe to close, try the lock, say if it won, hold until the hold pipe closes.
CONTENDER = """
import os, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from hipbreak.environment import Environment
from hipbreak.ipc.instance import InstanceLock
root = Path(sys.argv[2])
env = Environment(config_dir=root, data_dir=root, log_dir=root, runtime_dir=root / "run", home=root)
lock = InstanceLock(env)
go, hold = int(sys.argv[3]), int(sys.argv[4])
print("ready", flush=True)
os.read(go, 1)
print("won" if lock.acquire() else "lost", flush=True)
os.read(hold, 1)
"""


def test_the_first_lock_wins_and_a_second_one_in_the_same_process_loses(env: Environment) -> None:
    first, second = InstanceLock(env), InstanceLock(env)
    assert first.acquire() and first.held
    assert first.acquire()  # asking again while holding it is fine
    assert not second.acquire() and not second.held
    first.release()
    assert second.acquire()
    second.release()
    second.release()  # releasing twice is a no-op


def test_the_runtime_dir_is_private_and_the_lock_file_names_the_holder(env: Environment) -> None:
    with InstanceLock(env) as lock:
        assert lock.acquire()
        assert stat.S_IMODE(env.runtime_dir.stat().st_mode) == 0o700
        assert stat.S_IMODE(env.lock_file.stat().st_mode) == 0o600
        assert env.lock_file.read_text() == f"{os.getpid()}\n"
    assert not env.lock_file.exists()  # the holder removes it as it lets go


def test_a_too_open_runtime_dir_is_made_private(env: Environment) -> None:
    env.runtime_dir.mkdir(mode=0o755)
    os.chmod(env.runtime_dir, 0o755)
    with InstanceLock(env) as lock:
        assert lock.acquire()
    assert stat.S_IMODE(env.runtime_dir.stat().st_mode) == 0o700


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_a_runtime_dir_owned_by_someone_else_is_refused(env: Environment) -> None:
    env.runtime_dir.mkdir(mode=0o700)
    os.chown(env.runtime_dir, 65534, 65534)
    with pytest.raises(InstanceError, match="belongs to another user"):
        InstanceLock(env).acquire()


def test_a_killed_holder_leaves_no_lock_behind(
    short_root: Path, make_env: Callable[..., Environment]
) -> None:
    env = make_env(short_root)
    go_read, go_write = os.pipe()
    hold_read, hold_write = os.pipe()
    holder = start_contender(short_root, go_read, hold_read)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "ready\n"
        os.close(go_write)
        assert holder.stdout.readline() == "won\n"
        assert not InstanceLock(env).acquire()
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        assert env.lock_file.exists()
        with InstanceLock(env) as lock:
            assert lock.acquire()
    finally:
        holder.kill()
        holder.wait()
        for fd in (go_read, hold_read, hold_write):
            os.close(fd)


def test_two_launches_at_the_same_instant_have_exactly_one_winner(short_root: Path) -> None:
    rounds = 20
    go_read, go_write = os.pipe()  # closing the write end wakes every contender at once
    hold_read, hold_write = os.pipe()
    pairs = [
        [start_contender(short_root / f"round{n}", go_read, hold_read) for _ in range(2)]
        for n in range(rounds)
    ]
    try:
        for pair in pairs:
            for process in pair:
                assert process.stdout is not None and process.stdout.readline() == "ready\n"
        os.close(go_write)
        outcomes = [sorted(process.stdout.readline().strip() for process in pair) for pair in pairs]  # type: ignore[union-attr]
        assert outcomes == [["lost", "won"]] * rounds
    finally:
        os.close(hold_write)
        for pair in pairs:
            for process in pair:
                process.wait(timeout=10)
        os.close(go_read)
        os.close(hold_read)


def start_contender(root: Path, go: int, hold: int) -> subprocess.Popen[str]:
    root.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [sys.executable, "-c", CONTENDER, str(HIPBREAK_HOME), str(root), str(go), str(hold)],
        stdout=subprocess.PIPE,
        text=True,
        pass_fds=(go, hold),
    )


@pytest.mark.skipif(os.geteuid() != 0, reason="making a symlink as another user needs root")
def test_a_symlink_planted_by_someone_else_is_refused(env: Environment, short_root: Path) -> None:
    target = short_root / "mine"
    target.mkdir(mode=0o700)
    env.runtime_dir.symlink_to(target)
    os.lchown(env.runtime_dir, 65534, 65534)
    with pytest.raises(InstanceError, match="belongs to another user"):
        InstanceLock(env).acquire()


# A hammer: take the lock, prove no one else holds it (an O_EXCL sentinel), let go; many times over.
HAMMER = """
import os, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from hipbreak.environment import Environment
from hipbreak.ipc.instance import InstanceLock
root = Path(sys.argv[2])
env = Environment(config_dir=root, data_dir=root, log_dir=root, runtime_dir=root / "run", home=root)
sentinel = root / "holder"
clashes = taken = 0
while taken < int(sys.argv[3]):
    lock = InstanceLock(env)
    if not lock.acquire():
        continue
    taken += 1
    try:
        os.close(os.open(sentinel, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        clashes += 1
    else:
        os.unlink(sentinel)
    lock.release()
print(clashes, flush=True)
"""


def test_removing_the_lock_file_on_release_never_lets_two_holders_in(short_root: Path) -> None:
    """Four processes take and release the lock 300 times each; the file is removed at every release."""
    hammers = [
        subprocess.Popen(
            [sys.executable, "-c", HAMMER, str(HIPBREAK_HOME), str(short_root), "300"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    clashes = [int(process.communicate(timeout=120)[0]) for process in hammers]
    assert clashes == [0, 0, 0, 0]
    assert not (short_root / "run" / "hipbreak.lock").exists()
    assert not list(short_root.glob("*.lock"))  # the per-user lock in the data folder too


def test_a_file_lock_handed_to_a_child_is_held_until_the_child_exits(short_root: Path) -> None:
    """The stretch window's lock: taken here, inherited by a child, held by the child alone."""
    from hipbreak.ipc.instance import FileLock

    path = short_root / "run" / "stretch.lock"
    lock = FileLock(path)
    assert lock.acquire()
    fd = lock.hand_over()
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE,
                             pass_fds=(fd,))  # fmt: skip
    os.close(fd)
    try:
        assert not lock.held
        assert not FileLock(path).acquire()  # the child holds it now, and only the child
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=10)
    again = FileLock(path)
    assert again.acquire()
    again.release()
    assert not path.exists()
