"""Fixtures for the control channel tests: private temp environments and real running servers."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from temp_env import temp_env

from hipbreak.core.commands import Command
from hipbreak.environment import Environment
from hipbreak.ipc.instance import InstanceLock
from hipbreak.ipc.server import ControlServer
from hipbreak.ipc.wire import Reply


def build_env(root: Path, runtime_dir: Path | None = None) -> Environment:
    """An Environment whose folders all live under `root`."""
    return temp_env(
        root,
        {"USERNAME": "tester"},
        platform=sys.platform,
        home=root / "home",
        runtime_dir=runtime_dir or root / "run",
    )


def answer_everything(command: Command) -> Reply:
    """The default fake app: says what it did."""
    return Reply.success(f"did {command.name}")


@pytest.fixture
def short_root() -> Iterator[Path]:
    # pytest's tmp_path can outgrow a socket address; a short folder keeps env.socket_file itself in use.
    root = Path(tempfile.mkdtemp(prefix="hb-"))
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def env(short_root: Path) -> Environment:
    return build_env(short_root)


@pytest.fixture
def make_env() -> Callable[..., Environment]:
    """Build an Environment under a given root (and optionally a given runtime dir)."""
    return build_env


@pytest.fixture
def serve() -> Iterator[Callable[..., ControlServer]]:
    """Start a server the way the app does (lock first); everything started is stopped afterwards."""
    started: list[tuple[InstanceLock, ControlServer]] = []

    def start(
        env: Environment, handle: Callable[[Command], Reply] | None = None, **options: Any
    ) -> ControlServer:
        lock = InstanceLock(env)
        assert lock.acquire()
        server = ControlServer(env, handle or answer_everything, **options)
        server.start()
        started.append((lock, server))
        return server

    yield start
    for lock, server in started:
        server.stop()
        lock.release()
