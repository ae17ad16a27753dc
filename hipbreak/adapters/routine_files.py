"""Finding a routine by name: the user's routines folder first, then the routines shipped with hipbreak;
and checking the chosen one where users look (`config check`, `doctor`, `stretch`)."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from hipbreak.adapters.small_file import MAX_SMALL_FILE, SmallFileError, read_small_file
from hipbreak.core.routine import Routine, RoutineError
from hipbreak.core.routine_schema import parse_routine
from hipbreak.core.toml_lines import key_lines
from hipbreak.language import _, wanted_languages

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


def load_routine(
    name: str, routines_dir: Path | None = None, languages: Sequence[str] | None = None
) -> Routine:
    """Return routine `name` from `routines_dir`, else a built-in; raise RoutineError (one line) otherwise.

    Its texts are in the first of `languages` it is translated into (default: the user's languages, as
    hipbreak.language reads them), else its own. A routine of the user's is read only from a regular file
    of at most 256 KiB; any thread.
    """
    if languages is None:
        languages = wanted_languages()
    if not valid_name(name):
        raise RoutineError(repr(name), None, _("a routine name uses only letters, digits, '-' and '_'"))
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
                raise RoutineError(str(path), line, _("not UTF-8 text; save it as UTF-8")) from None
            return parse_routine(text, name, str(path), languages)
    builtin = resources.files("hipbreak").joinpath("routines").joinpath(f"{name}.toml")
    if builtin.is_file():
        # Translators: names a routine file shipped with hipbreak in an error ("hip-flexor.toml (built in)").
        source = _("{file} (built in)").format(file=f"{name}.toml")
        return parse_routine(builtin.read_text(encoding="utf-8"), name, source, languages)
    known = ", ".join(builtin_names())
    if routines_dir is not None:
        message = _("no routine named '{name}' in {folder} or among the built-ins ({known})")
    else:
        message = _("no routine named '{name}' among the built-ins ({known})")
    raise NoSuchRoutine(f"{name}.toml", None, message.format(name=name, folder=routines_dir, known=known))


def routine_problem(name: str, routines_dir: Path, config_file: Path) -> str | None:
    """Return None when routine `name` loads, else one line naming the file and line at fault and the fix.

    A routine that is missing is the settings' fault: the line names `stretch.routine` in `config_file`.
    Reads files; any thread.
    """
    try:
        load_routine(name, routines_dir)
    except NoSuchRoutine as exc:
        line = _config_line(config_file, ("stretch", "routine"))
        if line is not None:
            # Translators: {problem} says which routine is missing; {routine_file} is where to write one.
            message = _(
                "{file} line {line}: stretch.routine: {problem}; write {routine_file} or choose one of those"
            )
        else:
            message = _("{file}: stretch.routine: {problem}; write {routine_file} or choose one of those")
        return message.format(
            file=config_file, line=line, problem=exc.message, routine_file=routines_dir / f"{name}.toml"
        )
    except RoutineError as exc:
        # Translators: {problem} names a routine file, its line and what is wrong there.
        return (
            _("{problem}; fix that line") if exc.line is not None else _("{problem}; fix that file")
        ).format(problem=exc)
    return None


def _config_line(config_file: Path, key: tuple[str, ...]) -> int | None:
    try:
        return key_lines(read_small_file(config_file).decode("utf-8")).get(key)
    except (OSError, SmallFileError, UnicodeDecodeError):
        return None
