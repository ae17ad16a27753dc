"""Finding a routine by name: the user's routines folder first, then the routines shipped with hipbreak;
and checking the chosen one where users look (`config check`, `doctor`, `stretch`)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from hipbreak.adapters.small_file import MAX_SMALL_FILE, SmallFileError, read_small_file
from hipbreak.core.routine import Routine, RoutineError, parse_routine
from hipbreak.core.toml_lines import key_lines

DEFAULT_ROUTINE = "hip-flexor"


class NoSuchRoutine(RoutineError):
    """Neither the user's folder nor the built-ins have a routine of that name."""


def valid_name(name: str) -> bool:
    """Whether `name` can name a routine file (letters, digits, "-" and "_")."""
    return bool(name) and all(c.isalnum() or c in "-_" for c in name)


def builtin_names() -> list[str]:
    """The names of the routines shipped with hipbreak."""
    folder = resources.files("hipbreak").joinpath("routines")
    return sorted(item.name[: -len(".toml")] for item in folder.iterdir() if item.name.endswith(".toml"))


def load_routine(name: str, routines_dir: Path | None = None) -> Routine:
    """Return routine `name` from `routines_dir`, else a built-in; raise RoutineError (one line) otherwise.

    A routine of the user's is read only from a regular file of at most 256 KiB; any thread.
    """
    if not valid_name(name):
        raise RoutineError(repr(name), None, "a routine name uses only letters, digits, '-' and '_'")
    if routines_dir is not None:
        path = routines_dir / f"{name}.toml"
        try:
            raw = read_small_file(path, MAX_SMALL_FILE)
        except FileNotFoundError:
            pass
        except SmallFileError as exc:
            raise RoutineError(str(path), None, exc.problem) from None
        else:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                line = raw[: exc.start].count(b"\n") + 1
                raise RoutineError(str(path), line, "not UTF-8 text; save it as UTF-8") from None
            return parse_routine(text, name, str(path))
    builtin = resources.files("hipbreak").joinpath("routines").joinpath(f"{name}.toml")
    if builtin.is_file():
        return parse_routine(builtin.read_text(encoding="utf-8"), name, f"{name}.toml (built in)")
    where = f" in {routines_dir} or" if routines_dir is not None else ""
    known = ", ".join(builtin_names())
    raise NoSuchRoutine(
        f"{name}.toml", None, f"no routine named '{name}'{where} among the built-ins ({known})"
    )


def routine_problem(name: str, routines_dir: Path, config_file: Path) -> str | None:
    """Return None when routine `name` loads, else one line naming the file and line at fault and the fix.

    A routine that is missing is the settings' fault: the line names `stretch.routine` in `config_file`.
    Reads files; any thread.
    """
    try:
        load_routine(name, routines_dir)
    except NoSuchRoutine as exc:
        line = _config_line(config_file, ("stretch", "routine"))
        where = f"{config_file} line {line}" if line is not None else str(config_file)
        return (
            f"{where}: stretch.routine: {exc.message}; "
            f"write {routines_dir / (name + '.toml')} or choose one of those"
        )
    except RoutineError as exc:
        return f"{exc}; fix that line" if exc.line is not None else f"{exc}; fix that file"
    return None


def _config_line(config_file: Path, key: tuple[str, ...]) -> int | None:
    try:
        return key_lines(read_small_file(config_file).decode("utf-8")).get(key)
    except (OSError, SmallFileError, UnicodeDecodeError):
        return None
