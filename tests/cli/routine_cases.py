"""Broken routines for the CLI tests, and the one line each must be reported in."""

from __future__ import annotations

from pathlib import Path

from cli_env import make_env

from hipbreak.environment import Environment

CONFIG = '[reminders]\nevery = "45m"\n\n[stretch]\nhold = "30s"\nroutine = "{name}"\n'
BROKEN = 'title = "Mine"\n\n[[phase]]\nkind = "hld"\ntitle = "Left"\nside = "left"\n'


def with_routine(root: Path, name: str, routine_text: str | None = None, **variables: str) -> Environment:
    """An environment whose config chooses routine `name` (line 6), and maybe a routine file of that name."""
    env = make_env(root, **variables)
    env.config_file.parent.mkdir(parents=True, exist_ok=True)
    env.config_file.write_text(CONFIG.format(name=name), encoding="utf-8")
    if routine_text is not None:
        env.routines_dir.mkdir(parents=True, exist_ok=True)
        (env.routines_dir / f"{name}.toml").write_text(routine_text, encoding="utf-8")
    return env


def missing_line(env: Environment) -> str:
    return (
        f"{env.config_file} line 6: stretch.routine: no routine named 'nope' in {env.routines_dir} or "
        f"among the built-ins (hip-flexor); write {env.routines_dir / 'nope.toml'} or choose one of those"
    )


def broken_line(env: Environment) -> str:
    return (
        f"{env.routines_dir / 'mine.toml'} line 4: phase needs a 'kind' of prepare/hold/switch, got 'hld'; "
        "fix that line"
    )
