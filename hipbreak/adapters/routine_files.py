"""Finding a routine by name: the user's routines folder first, then the routines shipped with hipbreak."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from hipbreak.core.routine import Routine, RoutineError, parse_routine

DEFAULT_ROUTINE = "hip-flexor"


def valid_name(name: str) -> bool:
    """Whether `name` can name a routine file (letters, digits, "-" and "_")."""
    return bool(name) and all(c.isalnum() or c in "-_" for c in name)


def builtin_names() -> list[str]:
    """The names of the routines shipped with hipbreak."""
    folder = resources.files("hipbreak").joinpath("routines")
    return sorted(item.name[: -len(".toml")] for item in folder.iterdir() if item.name.endswith(".toml"))


def load_routine(name: str, routines_dir: Path | None = None) -> Routine:
    """Return routine `name` from `routines_dir`, else a built-in; raise RoutineError (one line) otherwise."""
    if not valid_name(name):
        raise RoutineError(repr(name), None, "a routine name uses only letters, digits, '-' and '_'")
    if routines_dir is not None:
        path = routines_dir / f"{name}.toml"
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise RoutineError(str(path), None, f"cannot be read: {exc}") from None
            return parse_routine(text, name, str(path))
    builtin = resources.files("hipbreak").joinpath("routines").joinpath(f"{name}.toml")
    if builtin.is_file():
        return parse_routine(builtin.read_text(encoding="utf-8"), name, f"{name}.toml (built in)")
    where = f" in {routines_dir} or" if routines_dir is not None else ""
    known = ", ".join(builtin_names())
    raise RoutineError(
        f"{name}.toml", None, f"no routine named '{name}'{where} among the built-ins ({known})"
    )
