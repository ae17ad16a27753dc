"""`hipbreak doctor` in-process: the routine it checks, extras it calls optional, and no false alarms."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_env import make_env, out
from routine_cases import BROKEN, broken_line, missing_line, with_routine

from hipbreak.cli.main import ExitStatus, main


def problems_found(count: int) -> str:
    """The report's last line when it found `count` problems."""
    return "1 problem found." if count == 1 else f"{count} problems found."


@pytest.mark.parametrize(("name", "text"), [("nope", None), ("mine", BROKEN)])
def test_doctor_reports_a_broken_routine_as_a_problem_with_its_fix(
    tmp_path: Path, name: str, text: str | None
) -> None:
    env = with_routine(tmp_path, name, text)
    assert main(["doctor"], env) == ExitStatus.ERROR
    lines = out(env).splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("routine "))
    assert lines[row].split() == ["routine", f"{name}:", "the", "stretch", "window", "cannot", "open"]
    expected = missing_line(env) if text is None else broken_line(env)
    assert lines[row + 1].split(maxsplit=1) == ["fix:", expected]


def test_doctor_names_a_good_routine_without_a_problem(tmp_path: Path) -> None:
    env = with_routine(tmp_path, "mine", BROKEN.replace('"hld"', '"hold"'))
    main(["doctor"], env)
    lines = out(env).splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("routine "))
    assert lines[row].split() == ["routine", "mine"]
    assert not lines[row + 1].strip().startswith("fix:")


def test_doctor_lists_a_missing_sound_player_as_optional_not_as_a_problem(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    env = make_env(tmp_path, PATH=str(empty))
    main(["doctor"], env)
    lines = out(env).splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("sound "))
    assert lines[row + 1].split(maxsplit=1)[0] == "optional:"
    fixes = [line for line in lines if line.strip().startswith("fix:")]
    assert lines[-1] == problems_found(len(fixes))  # the sound player is not among them
    # With a player on the PATH there is nothing to say about sound.
    player = empty / "paplay"
    player.write_text("#!/bin/sh\n")
    player.chmod(0o755)
    env = make_env(tmp_path, PATH=str(empty))
    main(["doctor"], env)
    assert not any(line.startswith("sound ") for line in out(env).splitlines())


def test_doctor_never_calls_the_tray_notifier_missing(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    main(["doctor"], env)
    assert "no tray icon" not in out(env)
    assert "tray: the running app checks its own icon for bubbles (not checked here)" in out(env)


def test_under_wayland_without_xwayland_doctor_says_no_window_can_open_and_gives_no_x11_advice(
    tmp_path: Path,
) -> None:
    # sway with `xwayland disable`: a Wayland display, no X display, no tray host, no idle source.
    env = make_env(
        tmp_path, WAYLAND_DISPLAY="wayland-1", XDG_SESSION_TYPE="wayland", XDG_CURRENT_DESKTOP="sway"
    )
    main(["doctor"], env)
    lines = out(env).splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("windows "))
    assert lines[row].split(maxsplit=1)[1].startswith("cannot open")
    assert "XWayland is off" in lines[row + 1]
    assert "Wayland wayland-1 (no XWayland: DISPLAY is not set)" in out(env)
    assert "libxext6" not in out(env) and "libxss1" not in out(env)  # no X11 advice in Wayland
    assert next(line for line in lines if line.startswith("tray ")).split()[1] == "none"


def test_on_x11_doctor_says_windows_open_and_names_the_tray_it_would_use(tmp_path: Path) -> None:
    env = make_env(tmp_path, DISPLAY=":99", XDG_SESSION_TYPE="x11")
    main(["doctor"], env)
    lines = out(env).splitlines()
    assert next(line for line in lines if line.startswith("windows ")).split(maxsplit=1)[1] == "can open"
    assert "session          X11 :99" in lines
    tray = next(line for line in lines if line.startswith("tray "))
    assert "no XEmbed tray owns _NET_SYSTEM_TRAY_S0 on :99" in tray or "no X11" in tray, tray


def test_doctor_names_the_idle_watch_and_how_clock_changes_are_noticed(tmp_path: Path) -> None:
    env = make_env(tmp_path)  # no DISPLAY and no session bus: nothing to watch idleness with
    main(["doctor"], env)
    lines = out(env).splitlines()
    idle = next(i for i, line in enumerate(lines) if line.startswith("idle watch "))
    assert "none: idle time is not watched (nothing else answered)" in lines[idle]
    assert lines[idle + 1].strip().startswith("fix:")
    assert any(line.strip().startswith("- passed over xsync:") for line in lines[idle + 1 :])
    clock = next(line for line in lines if line.startswith("clock changes "))
    if env.platform.startswith("linux"):
        assert "event-driven: timerfd" in clock and "no polling" in clock
    else:
        assert "fallback: heartbeat" in clock


def test_doctor_names_the_speech_program_and_calls_none_optional(tmp_path: Path) -> None:
    folder = tmp_path / "bin"
    folder.mkdir()
    env = make_env(tmp_path, PATH=str(folder))
    main(["doctor"], env)
    lines = out(env).splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("speech "))
    assert lines[row].split(maxsplit=1)[1] == "none, chimes instead (voice = on)"
    assert lines[row + 1].split(maxsplit=1) == [
        "optional:",
        "install speech-dispatcher or espeak-ng for spoken cues",
    ]
    assert "- speech-dispatcher: spd-say not found (Debian: apt install speech-dispatcher)" in out(env)
    fixes = [line for line in lines if line.strip().startswith("fix:")]
    assert lines[-1] == problems_found(len(fixes)) or not fixes  # no speech is not a problem
    espeak = folder / "espeak-ng"
    espeak.write_text("#!/bin/sh\n")
    espeak.chmod(0o755)
    env = make_env(tmp_path, PATH=str(folder))
    main(["doctor"], env)
    speech = next(line for line in out(env).splitlines() if line.startswith("speech "))
    assert speech.split(maxsplit=1)[1].startswith(f"espeak-ng ({espeak}, voice ")
    assert speech.endswith("(voice = on)")


def test_on_a_wayland_compositor_without_idle_notify_doctor_names_the_protocol_and_who_has_it(
    tmp_path: Path,
) -> None:
    # No compositor listens on this socket: the ext-idle-notify-v1 watch is passed over with the reason.
    env = make_env(
        tmp_path,
        WAYLAND_DISPLAY="wayland-1",
        XDG_RUNTIME_DIR=str(tmp_path),
        XDG_SESSION_TYPE="wayland",
        XDG_CURRENT_DESKTOP="sway",
    )
    main(["doctor"], env)
    lines = out(env).splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("idle watch "))
    assert lines[row].split(maxsplit=2)[2].startswith("none: idle time is not watched")
    fix = lines[row + 1].split(maxsplit=1)[1]
    assert "ext-idle-notify-v1" in fix and "sway 1.8 or newer, Hyprland, river" in fix
    passed_over = next(line for line in lines if "passed over wayland: " in line)
    assert ("cannot connect to the Wayland display" in passed_over) or (
        "install hipbreak[wayland]" in passed_over and "install hipbreak[wayland]" in fix
    )
