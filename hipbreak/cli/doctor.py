"""`hipbreak doctor`: one screen about what works on this desktop, with a fix for each problem."""

from __future__ import annotations

import platform
import shutil
import sys
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata

from hipbreak import __version__
from hipbreak.cli.doctor_holds import Line, hold_lines
from hipbreak.environment import Environment
from hipbreak.language import NC_, _, ngettext, pgettext


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return _("not installed")


# Each row's label: a short noun phrase at the left margin, naming what the row is about.
_LABELS = {
    "versions": NC_("doctor row", "versions"),
    "display": NC_("doctor row", "display"),
    "session": NC_("doctor row", "session"),
    "tray": NC_("doctor row", "tray"),
    "windows": NC_("doctor row", "windows"),
    "notifications": NC_("doctor row", "notifications"),
    "idle_watch": NC_("doctor row", "idle watch"),
    "clock_changes": NC_("doctor row", "clock changes"),
    "start_at_login": NC_("doctor row", "start at login"),
    "config": NC_("doctor row", "config"),
    "routine": NC_("doctor row", "routine"),
    "history": NC_("doctor row", "history"),
    "log": NC_("doctor row", "log"),
    "runtime": NC_("doctor row", "runtime"),
    "sound": NC_("doctor row", "sound"),
    "speech": NC_("doctor row", "speech"),
}


def _label(key: str) -> str:
    """Return the label of the row `key` in the user's language (the app's name stays as it is)."""
    pair = _LABELS.get(key)
    return pgettext(*pair) if pair else key


def _render(lines: list[Line]) -> str:
    """Return the lines with their texts in one column after the widest label (at least 16 wide)."""
    width = max([16, *(len(label) for label, _text in lines)])
    return "\n".join(f"{label:<{width}} {text}".rstrip() for label, text in lines)


def run_doctor(env: Environment) -> int:
    """Print the report; return 0 when everything needed for reminders and the stretch works, else 1.

    A missing extra (a sound player, a speech program) is listed as optional and does not make it fail.
    """
    from hipbreak.adapters.autostart.choose import choose_autostart
    from hipbreak.adapters.clock.change_watch import choose_clock_watch
    from hipbreak.adapters.config_file.read import load_settings
    from hipbreak.adapters.idle.choose import is_wayland
    from hipbreak.adapters.idle.choose_watch import choose_idle_watch
    from hipbreak.adapters.notify.choose import choose_notifier
    from hipbreak.adapters.routine_files import routine_problem
    from hipbreak.adapters.tray.choose import UNIX_DESKTOPS, plan_tray
    from hipbreak.app.live_ports import window_problem

    problems = 0
    lines: list[Line] = []

    def row(label: str, value: str, fix: str = "", optional: str = "") -> None:
        nonlocal problems
        lines.append((_label(label), value))
        if fix:
            problems += 1
            # Translators: what the user can do about the problem in the row above.
            lines.append(("", _("fix: {fix}").format(fix=fix)))
        if optional:
            # Translators: an extra the user may install; nothing is wrong without it.
            lines.append(("", _("optional: {what}").format(what=optional)))

    def notes(found: Iterable[str], passed_over: bool = False) -> None:
        for note in found:
            if passed_over:
                # Translators: {reason} names a way hipbreak could use and why it did not ("x11: no DISPLAY").
                note = _("passed over {reason}").format(reason=note)
            lines.append(("", f"- {note}"))

    row("hipbreak", f"{__version__} (Python {platform.python_version()}, {sys.platform})")
    row(
        "versions",
        ", ".join(f"{p} {_version(p)}" for p in ("pystray", "pillow", "plyer", "jeepney")),
    )
    if env.has_display:
        # Translators: the display's name when only the system knows it (Windows, macOS).
        native = _("(native)")
        row("display", env.variables.get("WAYLAND_DISPLAY") or env.variables.get("DISPLAY", native))
    else:
        row(
            "display",
            pgettext("doctor", "none"),
            _("run hipbreak inside your desktop session (DISPLAY or WAYLAND_DISPLAY must be set)"),
        )

    unix = env.platform.startswith(UNIX_DESKTOPS)
    wayland = unix and is_wayland(env.variables)
    if unix and env.has_display:
        row("session", _session(env.variables, wayland))
    plan = plan_tray(env)
    if plan.kind == "none":
        row(
            "tray",
            _("none ({reason})").format(reason=plan.reason),
            _(
                "enable the AppIndicator extension on GNOME, or run a panel with a system tray "
                "(waybar's tray on sway); hipbreak shows its icon as soon as one starts"
            ),
        )
    elif plan.kind == "xorg":
        row(
            "tray",
            f"{plan.label}: {plan.reason}",
            _("install PyGObject (./scripts/setup.sh does) for a tray menu"),
        )
    else:
        row("tray", f"{plan.label} ({plan.reason})")
    notes(plan.notes)
    problem = window_problem(env)
    if problem is None:
        row("windows", _("can open"))
    elif env.has_display:  # without any display the "display" line above says it all
        row(
            "windows",
            _("cannot open (Stretch now and the other windows say so in a notification)"),
            problem,
        )

    notifier, notifier_notes = choose_notifier(env, on_action=lambda _key: None, tray_icon=None)
    if notifier.name == "none":
        row(
            "notifications",
            pgettext("doctor", "none"),
            _("start a notification daemon (e.g. dunst) or use a desktop that has one"),
        )
    elif notifier.supports_actions:
        # Translators: {name} is the notification service, e.g. "freedesktop (dunst 1.9)".
        row("notifications", _("{name} (with buttons)").format(name=notifier.name))
    else:
        row("notifications", _("{name} (without buttons)").format(name=notifier.name))
    for note in notifier_notes:
        if note.startswith("tray:"):
            # This process has no icon to ask; the running app's icon is its own last resort.
            note = _("tray: the running app checks its own icon for bubbles (not checked here)")
        lines.append(("", f"- {note}"))
    notifier.close()

    idle, idle_notes = choose_idle_watch(env)
    if idle.name == "none":
        row("idle_watch", idle.describe(), _idle_fix(env.platform, wayland, idle_notes))
    else:
        seconds = idle.idle_seconds()
        if seconds is None:
            row("idle_watch", idle.describe())
        else:
            # Translators: {source} says how idle time is watched; {seconds} is a whole number.
            text = _("{source}; idle {seconds} s now").format(
                source=idle.describe(), seconds=f"{seconds:.0f}"
            )
            row("idle_watch", text)
    notes(idle_notes, passed_over=True)
    idle.close()

    clock_watch, clock_notes = choose_clock_watch(env)
    if clock_watch.name == "heartbeat":
        # Translators: {how} says how a change of the clock is noticed without the system's help.
        row("clock_changes", _("fallback: {how}").format(how=clock_watch.describe()))
    else:
        # Translators: {how} names the system's signal for a change of the clock.
        row("clock_changes", _("event-driven: {how}").format(how=clock_watch.describe()))
    notes(clock_notes, passed_over=True)
    clock_watch.close()

    settings, errors = load_settings(env.config_file)
    lines.extend(hold_lines(env, settings))

    autostart = choose_autostart(env)
    where = autostart.location()
    try:
        enabled = autostart.enabled()
    except Exception as exc:  # a broken autostart entry is reported, not fatal
        state = _("unknown ({reason}) ({where})").format(reason=exc, where=where)
    else:
        # Translators: start at login is on or off; {where} is its entry's file (or registry key).
        state = (_("on ({where})") if enabled else _("off ({where})")).format(where=where)
    row("start_at_login", state)

    if errors:
        text = ngettext("{path}: {count} problem", "{path}: {count} problems", len(errors))
        row("config", text.format(path=env.config_file, count=len(errors)), errors[0])
    elif env.config_file.exists():
        row("config", str(env.config_file))
    else:
        row("config", _("{path} (not created; defaults in use)").format(path=env.config_file))
    routine = settings.stretch.routine
    problem = routine_problem(routine, env.routines_dir, env.config_file)
    if problem is None:
        row("routine", routine)
    else:
        row("routine", _("{routine}: the stretch window cannot open").format(routine=routine), problem)
    row("history", str(env.history_file))
    row("log", str(env.log_file))
    row("runtime", str(env.runtime_dir))
    search = env.variables.get("PATH")
    if env.platform.startswith("linux") and not any(
        shutil.which(player, path=search) for player in ("paplay", "aplay", "pw-play")
    ):
        # The stretch works silently without one, and the setup installs none: an extra, not a problem.
        row(
            "sound",
            _("no player found"),
            optional=_("install pulseaudio-utils or alsa-utils for stretch chimes"),
        )
    _speech_rows(env, settings.stretch.voice, row, notes)
    print(_render(lines), file=env.stdout)
    if problems:
        print(
            ngettext("{count} problem found.", "{count} problems found.", problems).format(count=problems),
            file=env.stdout,
        )
    return 1 if problems else 0


def _session(variables: Mapping[str, str], wayland: bool) -> str:
    """Name the graphical session: Wayland (with or without XWayland) or X11, and its display."""
    display = variables.get("DISPLAY", "")
    if wayland:
        wayland_display = variables.get("WAYLAND_DISPLAY", "") or "?"
        if display:
            # Translators: {display} is the Wayland display ("wayland-1"), {xdisplay} the X one (":0").
            text = _("Wayland {display} (XWayland on {xdisplay})")
        else:
            text = _("Wayland {display} (no XWayland: DISPLAY is not set)")
        return text.format(display=wayland_display, xdisplay=display)
    return f"X11 {display}" if display else pgettext("doctor", "none")


def _idle_fix(platform: str, wayland: bool, notes: list[str]) -> str:
    """Advice for a missing idle source that fits the session it runs in and why each one failed."""
    if wayland and any("hipbreak[wayland]" in note for note in notes):
        return _(
            "away breaks are not detected: install hipbreak[wayland] for ext-idle-notify-v1 "
            "(sway 1.8 or newer, Hyprland, river and KWin offer it), or use GNOME or KDE"
        )
    if wayland:
        return _(
            "away breaks are not detected: ext-idle-notify-v1 needs sway 1.8 or newer, Hyprland, river "
            "or KWin (the reasons are listed below), or use GNOME or KDE"
        )
    if platform.startswith("linux"):
        return _("install libxext6 for X11 idle alarms, or use GNOME or KDE; away breaks are not detected")
    return _("away breaks are not detected on this platform")


def _speech_rows(
    env: Environment, voice: str, row: Callable[..., None], notes: Callable[[Iterable[str]], None]
) -> None:
    """The speech program the stretch window would use, the ones passed over, and the voice setting."""
    from hipbreak.adapters.speech.choose import choose_speaker

    speaker, speech_notes = choose_speaker(env.platform, env.variables)
    if speaker.name == "none":
        # Translators: "voice = {voice}" is the setting as written in the settings file; keep "voice =".
        text = _("none, chimes instead (voice = {voice})").format(voice=voice)
        row("speech", text, optional=_("install speech-dispatcher or espeak-ng for spoken cues"))
    else:
        # Translators: {speaker} names the speech program; keep "voice =", the setting's name in the file.
        row("speech", _("{speaker} (voice = {voice})").format(speaker=speaker.describe(), voice=voice))
    notes(speech_notes)
