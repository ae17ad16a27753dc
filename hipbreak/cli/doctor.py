"""`hipbreak doctor`: one screen about what works on this desktop, with a fix for each problem."""

from __future__ import annotations

import platform
import shutil
import sys
from collections.abc import Callable, Mapping
from importlib import metadata
from typing import Any

from hipbreak import __version__
from hipbreak.environment import Environment


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _hold_lines(env: Environment, settings: Any) -> list[str]:
    """Return the "holds" rows: each call, full-screen, DND and inhibitor signal found or passed over and
    why, and GNOME's breaks."""
    from hipbreak.adapters.gnome_breaks import GnomeBreaksUnavailable, read_gnome_breaks
    from hipbreak.adapters.hold.calls import choose_call_signals
    from hipbreak.adapters.hold.choose import choose_desktop_signals

    lines: list[str] = []
    signals, notes = choose_call_signals(env, settings)
    lines.append(f"{'holds':<16} in a call: {', '.join(s.name for s in signals) or 'not detected'}")
    for signal in signals:
        lines.append(f"{'':<16} - {signal.name}: {signal.describe()}")
        signal.close()
    for note in notes:
        lines.append(f"{'':<16} - {note}")
    others, other_notes = choose_desktop_signals(env, settings)
    names = ", ".join(s.name for s in others) or "nothing watched"
    lines.append(f"{'':<16} full screen, Do Not Disturb, inhibitors: {names}")
    for signal in others:
        lines.append(f"{'':<16} - {signal.describe()}")
        signal.close()
    lines.extend(f"{'':<16} - {note}" for note in other_notes)
    if not env.platform.startswith("linux"):
        return lines
    if shutil.which("gsettings", path=env.variables.get("PATH")) is None:
        lines.append(f"{'gnome breaks':<16} none (no gsettings: not a GNOME desktop)")
        return lines
    try:
        gnome = read_gnome_breaks(env.variables)
    except GnomeBreaksUnavailable as error:
        lines.append(f"{'gnome breaks':<16} unknown ({error})")
        return lines
    choice = getattr(getattr(settings, "hold", None), "gnome_breaks", "ask")
    if not gnome.installed:
        text = "none (GNOME 48+ only)"
    elif not gnome.movement_on:
        text = "GNOME's movement breaks are off; hipbreak reminds"
    elif choice == "gnome":
        text = "GNOME's movement breaks are on; hipbreak follows them and offers the stretch"
    elif choice == "hipbreak":
        text = "GNOME's movement breaks are on; hipbreak switches them off at its next start"
    else:
        text = (
            "GNOME's movement breaks are on; hipbreak follows them until you choose who reminds "
            '(its question at start, or [hold] gnome_breaks = "hipbreak" or "gnome")'
        )
    lines.append(f"{'gnome breaks':<16} {text}")
    return lines


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
    lines: list[str] = []

    def row(label: str, value: str, fix: str = "", optional: str = "") -> None:
        nonlocal problems
        lines.append(f"{label:<16} {value}")
        if fix:
            problems += 1
            lines.append(f"{'':<16} fix: {fix}")
        if optional:
            lines.append(f"{'':<16} optional: {optional}")

    row("hipbreak", f"{__version__} (Python {platform.python_version()}, {sys.platform})")
    row(
        "versions",
        ", ".join(f"{p} {_version(p)}" for p in ("pystray", "pillow", "plyer", "jeepney")),
    )
    if env.has_display:
        row("display", env.variables.get("WAYLAND_DISPLAY") or env.variables.get("DISPLAY", "(native)"))
    else:
        row(
            "display",
            "none",
            "run hipbreak inside your desktop session (DISPLAY or WAYLAND_DISPLAY must be set)",
        )

    unix = env.platform.startswith(UNIX_DESKTOPS)
    wayland = unix and is_wayland(env.variables)
    if unix and env.has_display:
        row("session", _session(env.variables, wayland))
    plan = plan_tray(env)
    if plan.kind == "none":
        row(
            "tray",
            f"none ({plan.reason})",
            "enable the AppIndicator extension on GNOME, or run a panel with a system tray (waybar's tray "
            "on sway); hipbreak shows its icon as soon as one starts",
        )
    elif plan.kind == "xorg":
        row(
            "tray",
            f"{plan.label}: {plan.reason}",
            "install PyGObject (./scripts/setup.sh does) for a tray menu",
        )
    else:
        row("tray", f"{plan.label} ({plan.reason})")
    for note in plan.notes:
        lines.append(f"{'':<16} - {note}")
    problem = window_problem(env)
    if problem is None:
        row("windows", "can open")
    elif env.has_display:  # without any display the "display" line above says it all
        row("windows", "cannot open (Stretch now and the other windows say so in a notification)", problem)

    notifier, notes = choose_notifier(env, on_action=lambda _key: None, tray_icon=None)
    buttons = "with buttons" if notifier.supports_actions else "without buttons"
    if notifier.name == "none":
        row("notifications", "none", "start a notification daemon (e.g. dunst) or use a desktop that has one")
    else:
        row("notifications", f"{notifier.name} ({buttons})")
    for note in notes:
        if note.startswith("tray:"):
            # This process has no icon to ask; the running app's icon is its own last resort.
            note = "tray: the running app checks its own icon for bubbles (not checked here)"
        lines.append(f"{'':<16} - {note}")
    notifier.close()

    idle, idle_notes = choose_idle_watch(env)
    if idle.name == "none":
        row("idle watch", idle.describe(), _idle_fix(env.platform, wayland, idle_notes))
    else:
        seconds = idle.idle_seconds()
        idle_now = f"; idle {seconds:.0f} s now" if seconds is not None else ""
        row("idle watch", idle.describe() + idle_now)
    for note in idle_notes:
        lines.append(f"{'':<16} - passed over {note}")
    idle.close()

    clock_watch, clock_notes = choose_clock_watch(env)
    if clock_watch.name == "heartbeat":
        row("clock changes", "fallback: " + clock_watch.describe())
    else:
        row("clock changes", "event-driven: " + clock_watch.describe())
    for note in clock_notes:
        lines.append(f"{'':<16} - passed over {note}")
    clock_watch.close()

    settings, errors = load_settings(env.config_file)
    lines.extend(_hold_lines(env, settings))

    autostart = choose_autostart(env)
    try:
        state = "on" if autostart.enabled() else "off"
    except Exception as exc:  # a broken autostart entry is reported, not fatal
        state = f"unknown ({exc})"
    row("start at login", f"{state} ({autostart.location()})")

    if errors:
        row("config", f"{env.config_file}: {len(errors)} problem(s)", errors[0])
    else:
        exists = "" if env.config_file.exists() else " (not created; defaults in use)"
        row("config", f"{env.config_file}{exists}")
    routine = settings.stretch.routine
    problem = routine_problem(routine, env.routines_dir, env.config_file)
    if problem is None:
        row("routine", routine)
    else:
        row("routine", f"{routine}: the stretch window cannot open", problem)
    row("history", str(env.history_file))
    row("log", str(env.log_file))
    row("runtime", str(env.runtime_dir))
    search = env.variables.get("PATH")
    if env.platform.startswith("linux") and not any(
        shutil.which(player, path=search) for player in ("paplay", "aplay", "pw-play")
    ):
        # The stretch works silently without one, and the setup installs none: an extra, not a problem.
        row("sound", "no player found", optional="install pulseaudio-utils or alsa-utils for stretch chimes")
    _speech_rows(env, settings.stretch.voice, row, lines)
    print("\n".join(lines), file=env.stdout)
    if problems:
        print(f"{problems} problem(s) found.", file=env.stdout)
    return 1 if problems else 0


def _session(variables: Mapping[str, str], wayland: bool) -> str:
    """Name the graphical session: Wayland (with or without XWayland) or X11, and its display."""
    display = variables.get("DISPLAY", "")
    if wayland:
        wayland_display = variables.get("WAYLAND_DISPLAY", "") or "?"
        xwayland = f"XWayland on {display}" if display else "no XWayland: DISPLAY is not set"
        return f"Wayland {wayland_display} ({xwayland})"
    return f"X11 {display}" if display else "none"


def _idle_fix(platform: str, wayland: bool, notes: list[str]) -> str:
    """Advice for a missing idle source that fits the session it runs in and why each one failed."""
    if wayland and any(note.endswith("install hipbreak[wayland]") for note in notes):
        return (
            "away breaks are not detected: install hipbreak[wayland] for ext-idle-notify-v1 "
            "(sway 1.8 or newer, Hyprland, river and KWin offer it), or use GNOME or KDE"
        )
    if wayland:
        return (
            "away breaks are not detected: ext-idle-notify-v1 needs sway 1.8 or newer, Hyprland, river "
            "or KWin (the reasons are listed below), or use GNOME or KDE"
        )
    if platform.startswith("linux"):
        return "install libxext6 for X11 idle alarms, or use GNOME or KDE; away breaks are not detected"
    return "away breaks are not detected on this platform"


def _speech_rows(env: Environment, voice: str, row: Callable[..., None], lines: list[str]) -> None:
    """The speech program the stretch window would use, the ones passed over, and the voice setting."""
    from hipbreak.adapters.speech.choose import choose_speaker

    speaker, notes = choose_speaker(env.platform, env.variables)
    if speaker.name == "none":
        row(
            "speech",
            f"none, chimes instead (voice = {voice})",
            optional="install speech-dispatcher or espeak-ng for spoken cues",
        )
    else:
        row("speech", f"{speaker.describe()} (voice = {voice})")
    for note in notes:
        lines.append(f"{'':<16} - {note}")
