"""`hipbreak config edit`: open the settings file in the user's editor and check it afterwards."""

from __future__ import annotations

import contextlib
import shlex
import shutil
import subprocess

from hipbreak.core.settings import DEFAULT_CONFIG_TEXT
from hipbreak.environment import Environment


def edit_config(env: Environment) -> int:
    """Create the settings file if missing, open it in an editor, then check it and reload the app."""
    from hipbreak.adapters.config_file.read import load_settings
    from hipbreak.adapters.routine_files import routine_problem

    path = env.config_file
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(DEFAULT_CONFIG_TEXT, encoding="utf-8")
        except OSError as exc:
            print(f"hipbreak: cannot create {path} ({exc.strerror})", file=env.stderr)
            return 1
    variable = "VISUAL" if env.variables.get("VISUAL") else "EDITOR"
    editor = env.variables.get(variable)
    if editor:
        try:
            words = shlex.split(editor)
        except ValueError as exc:  # an unbalanced quote, say
            print(
                f"hipbreak: ${variable} ({editor!r}) is not a command line hipbreak can run ({exc}); "
                f"fix its quotes, e.g. export {variable}=nano",
                file=env.stderr,
            )
            return 1
        if not words:
            print(
                f"hipbreak: ${variable} holds no command; set it to your editor, e.g. export {variable}=nano",
                file=env.stderr,
            )
            return 1
        command = [*words, str(path)]
    elif env.platform == "win32":
        command = ["notepad", str(path)]
    elif env.platform == "darwin":
        command = ["open", "-W", "-t", str(path)]
    elif shutil.which("xdg-open"):
        print(f"Opening {path}; run `hipbreak config check` after saving.", file=env.stdout)
        subprocess.run(["xdg-open", str(path)], check=False)
        return 0
    else:
        print(f"hipbreak: set $EDITOR, or edit {path} yourself", file=env.stderr)
        return 1
    try:
        subprocess.run(command, check=False)
    except OSError as exc:
        print(
            f"hipbreak: cannot start the editor {command[0]!r} ({exc.strerror}); check $VISUAL/$EDITOR",
            file=env.stderr,
        )
        return 1
    settings, errors = load_settings(path)
    problem = routine_problem(settings.stretch.routine, env.routines_dir, path)
    for error in [*errors, problem] if problem else errors:
        print(error, file=env.stderr)
    from hipbreak.core.commands import Reload
    from hipbreak.ipc.client import ControlError, NotRunning, send

    with contextlib.suppress(NotRunning, ControlError):
        send(env, Reload())
    return 1 if errors or problem else 0
