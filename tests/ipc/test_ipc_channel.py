"""The control server and client over real AF_UNIX sockets in temp folders."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pytest

import hipbreak
from hipbreak.core.commands import (
    Command,
    OpenWindow,
    Outcome,
    Pause,
    Quit,
    Reload,
    Resume,
    SetAutostart,
    Skip,
    Snooze,
    Status,
    StretchEnded,
    StretchNow,
    StretchStarted,
    WindowKind,
    to_wire,
)
from hipbreak.environment import Environment
from hipbreak.ipc.client import ControlError, NotRunning, send
from hipbreak.ipc.server import ControlServer, ListenError
from hipbreak.ipc.wire import MAX_LINE, Reply, socket_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="AF_UNIX sockets")

# Child processes import the same hipbreak as this test run (installed or source), from here.
HIPBREAK_HOME = Path(hipbreak.__file__).resolve().parents[1]
Serve = Callable[..., ControlServer]

EVERY_COMMAND: list[Command] = [
    Status(),
    StretchNow(),
    Snooze(),
    Snooze(15 * 60),
    Skip(),
    Pause(60 * 60),
    Pause(),  # until the next day starts
    Resume(),
    StretchStarted(),
    StretchEnded(Outcome.COMPLETED, {"seconds": 70.0}),
    OpenWindow(WindowKind.CONTROL),
    OpenWindow(WindowKind.SETTINGS),
    SetAutostart(True),
    SetAutostart(),
    Quit(),
    Reload(),
]

# An app that takes the lock, serves, and waits to be killed.
APP = """
import sys, threading
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from hipbreak.environment import Environment
from hipbreak.ipc.instance import InstanceLock
from hipbreak.ipc.wire import Reply
from hipbreak.ipc.server import ControlServer, ListenError
root = Path(sys.argv[2])
env = Environment(config_dir=root, data_dir=root, log_dir=root, runtime_dir=root / "run", home=root)
assert InstanceLock(env).acquire()
ControlServer(env, lambda command: Reply.success("alive")).start()
print("ready", flush=True)
threading.Event().wait()
"""


class Recorder:
    """A fake app that answers every command with what it was asked."""

    def __init__(self) -> None:
        self.requests: list[Command] = []

    def __call__(self, command: Command) -> Reply:
        self.requests.append(command)
        return Reply.success(f"did {command.name}", to_wire(command))


def exchange(path: Path, payload: bytes, *, half_close: bool = False, timeout: float = 5.0) -> dict[str, Any]:
    """Send raw bytes as a client and return the reply line parsed."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(timeout)
        conn.connect(str(path))
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            conn.sendall(payload)
            if half_close:
                conn.shutdown(socket.SHUT_WR)
        return json.loads(read_reply(conn))


def read_reply(conn: socket.socket) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def leave_stale_socket(path: Path) -> None:
    """Make the socket file a crashed app would leave: bound once, nobody listening."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as dead:
        dead.bind(str(path))


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=lambda command: json.dumps(to_wire(command)))
def test_every_command_round_trips(env: Environment, serve: Serve, command: Command) -> None:
    app = Recorder()
    serve(env, app)
    reply = send(env, command)
    assert reply == Reply.success(f"did {command.name}", to_wire(command))
    assert app.requests == [command]
    assert [to_wire(received) for received in app.requests] == [to_wire(command)]  # details too


BAD_INPUT = {
    "malformed json": (b'{"v": 2, "command": status}\n', "not valid JSON"),
    "not utf-8": (b'{"v": 2, "command": "\xc3\x28"}\n', "not UTF-8"),
    "line over 64 KiB": (b"{" + b" " * (70 * 1024) + b"}\n", "longer than 64 KiB"),
    "wrong field type": (b'{"v": 2, "command": "snooze", "seconds": "5"}\n', "seconds must be"),
    "seconds out of range": (b'{"v": 2, "command": "pause", "seconds": 0}\n', "seconds must be"),
    "unknown command": (b'{"v": 2, "command": "dance"}\n', "unknown command"),
    "unknown field": (b'{"v": 2, "command": "skip", "all": true}\n', "unexpected field"),
    "old minutes": (b'{"v": 2, "command": "snooze", "minutes": 5}\n', "unexpected field"),
    "bad window kind": (b'{"v": 2, "command": "window", "kind": "shell"}\n', "kind must be"),
    "wrong version": (b'{"v": 9, "command": "status"}\n', "version"),
    "the old protocol": (b'{"v": 1, "command": "status", "args": {}}\n', "version"),
    "no newline before hanging up": (b'{"v": 2, "command": "status"}', "without a newline"),
}


def test_bad_input_gets_an_error_reply_and_the_server_keeps_serving(env: Environment, serve: Serve) -> None:
    app = Recorder()
    serve(env, app)
    for payload, expected in BAD_INPUT.values():
        reply = exchange(env.socket_file, payload, half_close=True)
        assert reply["ok"] is False and expected in reply["error"], reply
        assert set(reply) == {"ok", "error"} and "\n" not in reply["error"]
        assert send(env, Status()).ok
    assert app.requests == [Status()] * len(BAD_INPUT)


def test_a_client_that_hangs_up_silently_does_not_disturb_the_server(env: Environment, serve: Serve) -> None:
    serve(env)
    for _ in range(3):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(str(env.socket_file))
    assert send(env, Status()).ok


def test_a_silent_client_does_not_block_another(env: Environment, serve: Serve) -> None:
    read_timeout = 2.0
    serve(env, read_timeout=read_timeout)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as silent:
        silent.connect(str(env.socket_file))
        started = time.monotonic()
        reply = send(env, Status())
        elapsed = time.monotonic() - started
    assert reply.ok
    assert elapsed < read_timeout


def test_silent_clients_holding_every_slot_delay_others_by_at_most_the_read_timeout(
    env: Environment, serve: Serve
) -> None:
    serve(env, read_timeout=0.5, max_connections=2)
    with contextlib.ExitStack() as stack:
        for _ in range(2):
            silent = stack.enter_context(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM))
            silent.connect(str(env.socket_file))
        time.sleep(0.05)  # let the server take both into its slots
        started = time.monotonic()
        assert send(env, Status()).ok
        assert time.monotonic() - started < 0.5 + 1.0


def test_a_silent_client_is_told_it_took_too_long(env: Environment, serve: Serve) -> None:
    serve(env, read_timeout=0.3)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as silent:
        silent.settimeout(5)
        silent.connect(str(env.socket_file))
        reply = json.loads(read_reply(silent))
    assert reply == {"ok": False, "error": reply["error"]}
    assert "no complete request within 0.3 s" in reply["error"]


def test_a_trickling_client_is_cut_off_at_the_read_deadline(env: Environment, serve: Serve) -> None:
    serve(env, read_timeout=0.5)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as slow:
        slow.settimeout(5)
        slow.connect(str(env.socket_file))
        started = time.monotonic()
        slow.setblocking(False)
        reply = b""
        # One byte every 0.1 s would keep a per-recv timeout waiting forever; the deadline stops it.
        for byte in b'{"v": 2, "command": "status"}':
            with contextlib.suppress(BlockingIOError):
                reply += slow.recv(4096)
            if reply.endswith(b"\n"):
                break
            with contextlib.suppress(OSError):
                slow.send(bytes([byte]))
            time.sleep(0.1)
        elapsed = time.monotonic() - started
    assert b"no complete request" in reply
    assert elapsed < 1.5


def test_slow_commands_are_served_side_by_side(env: Environment, serve: Serve) -> None:
    def slow(command: Command) -> Reply:
        time.sleep(0.5)
        return Reply.success("done")

    serve(env, slow)
    replies: list[Reply] = []
    clients = [threading.Thread(target=lambda: replies.append(send(env, Status()))) for _ in range(4)]
    started = time.monotonic()
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    assert [reply.ok for reply in replies] == [True] * 4
    assert time.monotonic() - started < 1.5


def test_a_failing_handler_gets_an_error_reply_and_the_server_goes_on(env: Environment, serve: Serve) -> None:
    def handle(command: Command) -> Reply:
        if isinstance(command, Reload):
            raise RuntimeError("config exploded")
        if isinstance(command, Status):
            return Reply.success("odd", {"when": object()})
        return Reply.success("fine")

    serve(env, handle)
    failed = send(env, Reload())
    assert not failed.ok and "failed inside the app" in failed.error
    unsendable = send(env, Status())
    assert not unsendable.ok and "could not send its reply" in unsendable.error
    assert send(env, OpenWindow(WindowKind.CONTROL)).ok


def test_socket_is_0600_in_a_0700_folder_and_the_umask_is_restored(env: Environment, serve: Serve) -> None:
    before = os.umask(0o022)
    try:
        serve(env)
        assert os.umask(0o022) == 0o022
    finally:
        os.umask(before)
    info = os.stat(env.socket_file)
    assert stat.S_ISSOCK(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o600
    assert stat.S_IMODE(env.runtime_dir.stat().st_mode) == 0o700


@pytest.mark.skipif(os.geteuid() != 0, reason="switching to another uid in a forked child needs root")
def test_another_user_cannot_use_the_socket(short_root: Path, env: Environment, serve: Serve) -> None:
    os.chmod(short_root, 0o755)  # only hipbreak's own folder and socket may stand in the way
    app = Recorder()
    serve(env, app)
    nobody = 65534
    assert connect_as(nobody, env.socket_file) == "refused by the file system"
    os.chmod(env.runtime_dir, 0o755)
    assert connect_as(nobody, env.socket_file) == "refused by the file system"
    if hasattr(socket, "SO_PEERCRED"):
        os.chmod(env.socket_file, 0o666)
        assert connect_as(nobody, env.socket_file) == "hung up on"
    assert app.requests == []


def connect_as(uid: int, path: Path) -> str:
    """Try the socket from a forked child running as `uid`; return what happened."""
    outcomes = {10: "refused by the file system", 20: "hung up on", 30: "answered"}
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        code = 1
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
                conn.settimeout(3)
                try:
                    conn.connect(str(path))
                except PermissionError:
                    code = 10
                else:
                    try:
                        conn.sendall(b'{"v": 2, "command": "quit"}\n')
                        code = 20 if conn.recv(100) == b"" else 30
                    except (BrokenPipeError, ConnectionResetError):
                        code = 20
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    return outcomes.get(code, f"child failed with {code}")


def test_no_socket_means_not_running(env: Environment) -> None:
    with pytest.raises(NotRunning, match="not running"):
        send(env, Status())


def test_a_stale_socket_reads_as_not_running_and_a_new_server_replaces_it(
    env: Environment, serve: Serve
) -> None:
    leave_stale_socket(env.socket_file)
    with pytest.raises(NotRunning):
        send(env, Status())
    serve(env)
    assert send(env, Status()).ok


def test_after_a_crash_the_cli_says_not_running_and_the_next_app_starts(
    short_root: Path, make_env: Callable[..., Environment], serve: Serve
) -> None:
    env = make_env(short_root)
    app = subprocess.Popen(
        [sys.executable, "-c", APP, str(HIPBREAK_HOME), str(short_root)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert app.stdout is not None and app.stdout.readline() == "ready\n"
        assert send(env, Status()).message == "alive"
        app.send_signal(signal.SIGKILL)
        app.wait(timeout=10)
    finally:
        app.kill()
        app.wait()
    assert env.socket_file.exists()
    with pytest.raises(NotRunning):
        send(env, Status())
    serve(env)
    assert send(env, Status()).message == "did status"


def test_stop_removes_the_socket(env: Environment, serve: Serve) -> None:
    server = serve(env)
    server.stop()
    assert not env.socket_file.exists()
    with pytest.raises(NotRunning):
        send(env, Status())
    server.start()  # and it can listen again
    assert send(env, Status()).ok


def test_quit_can_stop_the_server_from_inside_the_handler(env: Environment, serve: Serve) -> None:
    servers: list[ControlServer] = []

    def handle(command: Command) -> Reply:
        servers[0].stop()
        return Reply.success("Bye.")

    servers.append(serve(env, handle))
    assert send(env, Quit()).message == "Bye."
    with pytest.raises(NotRunning):
        send(env, Status())


def test_a_too_long_socket_path_uses_the_short_fallback(
    short_root: Path, make_env: Callable[..., Environment], serve: Serve
) -> None:
    env = make_env(short_root, short_root / ("deep" * 30))
    fallback = socket_path(env, os.geteuid())
    assert fallback != env.socket_file and len(str(fallback)) < 104
    serve(env)
    assert send(env, Status()).ok
    assert stat.S_IMODE(os.stat(fallback).st_mode) == 0o600
    assert stat.S_IMODE(fallback.parent.stat().st_mode) == 0o700


@dataclass(frozen=True)
class Dance(Command):
    """A command this hipbreak does not know, as a newer or a hostile client might send."""

    name: ClassVar[str] = "dance"


def test_a_bad_command_is_refused_and_never_reaches_the_app(env: Environment, serve: Serve) -> None:
    app = Recorder()
    serve(env, app)
    unknown = send(env, Dance())
    assert not unknown.ok and "unknown command 'dance'" in unknown.error
    # A command with a bad value cannot even be built, so it never leaves the client.
    with pytest.raises(ValueError, match="seconds must be"):
        send(env, Snooze(0))
    with pytest.raises(ValueError, match="seconds must be"):
        send(env, Pause(8 * 24 * 3600))
    assert app.requests == []


def test_a_command_that_cannot_be_written_is_a_control_error_not_not_running(env: Environment) -> None:
    # No app listens: a command the client cannot even encode must say so, not "not running".
    with pytest.raises(ControlError, match="cannot be written as JSON") as caught:
        command = StretchEnded(Outcome.COMPLETED, {"when": 1.0})
        object.__setattr__(command, "details", {"when": object()})  # past the check made at build time
        send(env, command)
    assert not isinstance(caught.value, NotRunning)


@pytest.fixture
def fake_app(env: Environment) -> Iterator[Callable[[Callable[[socket.socket], None]], None]]:
    """Listen at the app's socket with a hand-written misbehaving app."""
    env.runtime_dir.mkdir(mode=0o700)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(env.socket_file))
    listener.listen(4)
    threads: list[threading.Thread] = []

    def behave(act: Callable[[socket.socket], None]) -> None:
        def run() -> None:
            with contextlib.suppress(OSError):
                conn, _ = listener.accept()
                with conn:
                    act(conn)

        threads.append(threading.Thread(target=run, daemon=True))
        threads[-1].start()

    yield behave
    listener.close()


def test_a_hung_app_never_hangs_the_cli(env: Environment, fake_app: Any) -> None:
    gone = threading.Event()
    fake_app(lambda conn: gone.wait(5))
    started = time.monotonic()
    with pytest.raises(ControlError, match=r"did not answer within 0\.3 s"):
        send(env, Status(), timeout=0.3)
    assert time.monotonic() - started < 1.0
    gone.set()


def test_an_app_that_never_accepts_times_out_too(env: Environment, fake_app: Any) -> None:
    started = time.monotonic()
    with pytest.raises(ControlError, match="did not answer"):
        send(env, Status(), timeout=0.3)
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (b"garbage\n", "does not understand"),
        (b'{"ok": "yes"}\n', "does not understand"),
        (b"", "hung up without replying"),
        (b"x" * (MAX_LINE + 10), "longer than 64 KiB"),
    ],
)
def test_a_bad_reply_is_a_control_error(
    env: Environment, fake_app: Any, answer: bytes, expected: str
) -> None:
    def reply_badly(conn: socket.socket) -> None:
        conn.recv(MAX_LINE)
        conn.sendall(answer)

    fake_app(reply_badly)
    with pytest.raises(ControlError, match=expected) as caught:
        send(env, Status())
    assert not isinstance(caught.value, NotRunning)


def test_a_socket_that_cannot_be_opened_is_a_listen_error(env: Environment) -> None:
    env.runtime_dir.mkdir(mode=0o700)
    (env.socket_file / "in-the-way").mkdir(parents=True)  # a folder where the socket should go
    server = ControlServer(env, lambda command: Reply.success("unused"))
    with pytest.raises(ListenError, match="cannot remove the old socket") as caught:
        server.start()
    assert isinstance(caught.value, OSError)  # so an app that catches OSError degrades instead of dying
    server.stop()


def test_a_runtime_path_that_is_a_file_is_a_listen_error(env: Environment) -> None:
    env.runtime_dir.write_text("not a folder")
    with pytest.raises(ListenError, match="runtime folder"):
        ControlServer(env, lambda command: Reply.success("unused")).start()


def test_a_full_accept_queue_makes_the_client_wait_its_turn(env: Environment) -> None:
    env.runtime_dir.mkdir(mode=0o700)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(str(env.socket_file))
        listener.listen(0)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as first:
            first.connect(str(env.socket_file))  # fills the queue: the next connect meets EAGAIN on Linux

            def busy_then_serving() -> None:
                time.sleep(0.3)
                listener.settimeout(3)
                with contextlib.suppress(OSError):
                    listener.accept()[0].close()
                    conn, _ = listener.accept()
                    with conn:
                        read_reply(conn)
                        conn.sendall(b'{"ok": true, "message": "your turn", "data": {}}\n')

            helper = threading.Thread(target=busy_then_serving, daemon=True)
            helper.start()
            try:
                assert send(env, Status(), timeout=3).message == "your turn"
            finally:
                helper.join(timeout=5)


def test_a_client_reading_to_the_end_gets_the_whole_reply_after_an_oversized_request(
    env: Environment, serve: Serve
) -> None:
    serve(env)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(5)
        conn.connect(str(env.socket_file))
        conn.sendall(b'{"v": 2, "command": "status", "x": "' + b"y" * 200_000 + b'"}\n')
        conn.shutdown(socket.SHUT_WR)
        received = b""
        while chunk := conn.recv(65536):  # to EOF: unread input left on the server would reset this
            received += chunk
    assert "longer than 64 KiB" in json.loads(received)["error"]


def test_a_client_that_keeps_sending_after_its_reply_frees_its_slot_soon(
    env: Environment, serve: Serve
) -> None:
    serve(env, read_timeout=0.5, max_connections=1)
    stop = threading.Event()

    def chatter() -> None:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(str(env.socket_file))
            conn.sendall(b'{"v": 2, "command": "status"}\n')
            while not stop.wait(0.1):
                with contextlib.suppress(OSError):
                    conn.send(b" ")

    talker = threading.Thread(target=chatter, daemon=True)
    talker.start()
    try:
        time.sleep(0.1)  # the chatter holds the only slot now
        started = time.monotonic()
        assert send(env, Status(), timeout=5).ok
        assert time.monotonic() - started < 1.5
    finally:
        stop.set()
        talker.join(timeout=5)
