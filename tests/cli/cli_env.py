"""A temp Environment for in-process CLI tests, and what the command wrote to it."""

from __future__ import annotations

import io
from pathlib import Path

from temp_env import temp_env

from hipbreak.environment import Environment


def make_env(root: Path, **variables: str) -> Environment:
    """An environment whose every folder is under `root`, with HOME and `variables` set."""
    return temp_env(root, {"HOME": str(root), **variables}, stdout=io.StringIO(), stderr=io.StringIO())


def out(env: Environment) -> str:
    """What the command printed on stdout."""
    assert isinstance(env.stdout, io.StringIO)
    return env.stdout.getvalue()


def err(env: Environment) -> str:
    """What the command printed on stderr."""
    assert isinstance(env.stderr, io.StringIO)
    return env.stderr.getvalue()
