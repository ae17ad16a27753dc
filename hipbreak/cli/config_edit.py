"""`hipbreak config edit`: open the settings file in the user's editor and check it afterwards."""

from __future__ import annotations

import contextlib
import shlex
import shutil
import subprocess

from hipbreak.core.settings import DEFAULT_CONFIG_TEXT
from hipbreak.environment import Environment
from hipbreak.language import _


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
            # Translators: {reason} is the system's reason, e.g. "Permission denied".
            text = _("cannot create {path} ({reason})").format(path=path, reason=exc.strerror)
            print(f"hipbreak: {text}", file=env.stderr)
            return 1
    variable = "VISUAL" if env.variables.get("VISUAL") else "EDITOR"
    editor = env.variables.get(variable)
    if editor:
        try:
            words = shlex.split(editor)
        except ValueError as exc:  # an unbalanced quote, say
            # Translators: {variable} is VISUAL or EDITOR, {editor} its value in quotes;
            # keep "export {variable}=nano" as it is.
            text = _(
                "${variable} ({editor}) is not a command line hipbreak can run ({reason}); "
                "fix its quotes, e.g. export {variable}=nano"
            ).format(variable=variable, editor=repr(editor), reason=exc)
            print(f"hipbreak: {text}", file=env.stderr)
            return 1
        if not words:
            # Translators: {variable} is VISUAL or EDITOR; keep "export {variable}=nano" as it is.
            text = _("${variable} holds no command; set it to your editor, e.g. export {variable}=nano")
            print(f"hipbreak: {text.format(variable=variable)}", file=env.stderr)
            return 1
        command = [*words, str(path)]
    elif env.platform == "win32":
        command = ["notepad", str(path)]
    elif env.platform == "darwin":
        command = ["open", "-W", "-t", str(path)]
    elif shutil.which("xdg-open"):
        print(
            _("Opening {path}; run `hipbreak config check` after saving.").format(path=path), file=env.stdout
        )
        subprocess.run(["xdg-open", str(path)], check=False)
        return 0
    else:
        text = _("set $EDITOR, or edit {path} yourself").format(path=path)
        print(f"hipbreak: {text}", file=env.stderr)
        return 1
    try:
        subprocess.run(command, check=False)
    except OSError as exc:
        text = _("cannot start the editor {editor} ({reason}); check $VISUAL/$EDITOR").format(
            editor=repr(command[0]), reason=exc.strerror
        )
        print(f"hipbreak: {text}", file=env.stderr)
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
