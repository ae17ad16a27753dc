"""The GNOME and KDE idle sources on a private session bus, with and without the desktop services."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from idle_harness import FakeIdleService
from temp_env import temp_env

import hipbreak
from hipbreak.adapters.idle import choose_idle_source
from hipbreak.adapters.idle.bus_query import session_bus_address
from hipbreak.adapters.idle.choose import desktop_names, idle_candidates, is_wayland
from hipbreak.adapters.idle.gnome import GnomeIdleSource
from hipbreak.adapters.idle.kde import KdeIdleSource
from hipbreak.adapters.idle.win32 import elapsed_ms

HIPBREAK_HOME = Path(hipbreak.__file__).resolve().parents[1]
MUTTER = ("org.gnome.Mutter.IdleMonitor", "GetIdletime", "t")
SCREENSAVER = ("org.freedesktop.ScreenSaver", "GetSessionIdleTime", "u")


def serve(services: list[FakeIdleService], address: str, spec: tuple[str, str, str], value: int) -> None:
    services.append(FakeIdleService(address, spec[0], spec[1], spec[2], value))


def test_gnome_and_kde_read_none_without_an_exception_when_the_services_are_absent(session_bus: str) -> None:
    for source in (GnomeIdleSource(session_bus), KdeIdleSource(session_bus)):
        try:
            assert source.idle_seconds() is None
            assert source.last_error == f"{source.bus_name} is not on the session bus"
        finally:
            source.close()


def test_a_bus_that_is_gone_reads_none(tmp_path: Path) -> None:
    source = GnomeIdleSource(f"unix:path={tmp_path / 'no-such-bus'}")
    assert source.idle_seconds() is None
    assert source.last_error is not None and source.last_error.startswith("cannot connect to the session bus")
    source.close()


def test_gnome_reads_mutter_milliseconds(session_bus: str, fake_services: list[FakeIdleService]) -> None:
    serve(fake_services, session_bus, MUTTER, 61_500)
    source = GnomeIdleSource(session_bus)
    try:
        assert source.idle_seconds() == 61.5
        assert source.idle_seconds() == 61.5  # the kept connection serves a second call
    finally:
        source.close()
    assert source.idle_seconds() is None


def test_kde_reads_screensaver_milliseconds(session_bus: str, fake_services: list[FakeIdleService]) -> None:
    serve(fake_services, session_bus, SCREENSAVER, 4_000)
    source = KdeIdleSource(session_bus)
    try:
        assert source.idle_seconds() == 4.0
    finally:
        source.close()


def test_the_source_recovers_when_the_service_appears_later(
    session_bus: str, fake_services: list[FakeIdleService]
) -> None:
    source = GnomeIdleSource(session_bus)
    try:
        assert source.idle_seconds() is None
        serve(fake_services, session_bus, MUTTER, 2_000)
        assert source.idle_seconds() == 2.0
    finally:
        source.close()


def test_wayland_gnome_chooses_mutter_and_explains_skipping_x11(
    session_bus: str, fake_services: list[FakeIdleService], tmp_path: Path
) -> None:
    serve(fake_services, session_bus, MUTTER, 1_000)
    env = temp_env(
        tmp_path,
        {
            "DBUS_SESSION_BUS_ADDRESS": session_bus,
            "WAYLAND_DISPLAY": "wayland-0",
            "DISPLAY": ":0",
            "XDG_SESSION_TYPE": "wayland",
            "XDG_CURRENT_DESKTOP": "ubuntu:GNOME",
        },
    )
    source, rejected = choose_idle_source(env)
    try:
        assert source.name == "gnome"
        assert rejected == []  # chosen before the others were tried
    finally:
        source.close()


def test_wayland_kde_prefers_the_screensaver_interface(
    session_bus: str, fake_services: list[FakeIdleService], tmp_path: Path
) -> None:
    serve(fake_services, session_bus, SCREENSAVER, 1_000)
    variables = {"XDG_SESSION_TYPE": "wayland", "XDG_CURRENT_DESKTOP": "KDE"}
    env = temp_env(tmp_path, {"DBUS_SESSION_BUS_ADDRESS": session_bus, **variables})
    source, rejected = choose_idle_source(env)
    try:
        assert source.name == "kde"
        assert rejected == []
        assert source.idle_seconds() == 1.0
    finally:
        source.close()


def test_bare_wayland_gives_null_with_every_reason(session_bus: str, tmp_path: Path) -> None:
    bus = session_bus
    env = temp_env(
        tmp_path, {"DBUS_SESSION_BUS_ADDRESS": bus, "WAYLAND_DISPLAY": "wayland-1", "DISPLAY": ":0"}
    )
    source, rejected = choose_idle_source(env)
    assert source.name == "none"
    assert rejected == [
        "gnome: org.gnome.Mutter.IdleMonitor is not on the session bus",
        "kde: not a KDE session",
        "x11: Wayland session: XWayland sees only X11 apps' input",
    ]


def test_candidate_order_per_platform_and_desktop(tmp_path: Path) -> None:
    def names(platform: str = "linux", **variables: str) -> list[str]:
        return [c.name for c in idle_candidates(temp_env(tmp_path, variables, platform=platform)) if c.open]

    assert names("win32") == ["windows"]
    assert names("darwin") == ["macos"]
    assert names("emscripten") == []
    assert names(XDG_SESSION_TYPE="x11", XDG_CURRENT_DESKTOP="GNOME") == ["x11", "gnome"]
    assert names(XDG_SESSION_TYPE="x11", XDG_CURRENT_DESKTOP="KDE") == ["x11", "kde", "gnome"]
    assert names(XDG_SESSION_TYPE="wayland", XDG_CURRENT_DESKTOP="GNOME") == ["gnome"]
    assert names(XDG_SESSION_TYPE="wayland", KDE_FULL_SESSION="true") == ["kde", "gnome"]


def test_other_platforms_degrade_to_null_with_a_reason(tmp_path: Path) -> None:
    source, rejected = choose_idle_source(temp_env(tmp_path, platform="win32"))
    assert source.name == "none"
    assert rejected == ["windows: not running on Windows"]
    source, rejected = choose_idle_source(temp_env(tmp_path, platform="plan9"))
    assert rejected == ["no idle source for platform 'plan9'"]


def test_session_detection_helpers(tmp_path: Path) -> None:
    assert desktop_names({"XDG_CURRENT_DESKTOP": "ubuntu:GNOME"}) == {"ubuntu", "gnome"}
    assert is_wayland({"XDG_SESSION_TYPE": "x11", "WAYLAND_DISPLAY": "wayland-0"}) is False
    assert is_wayland({"WAYLAND_DISPLAY": "wayland-0"}) is True
    (tmp_path / "bus").touch()
    assert session_bus_address({"XDG_RUNTIME_DIR": str(tmp_path)}) == f"unix:path={tmp_path}/bus"


def test_windows_tick_arithmetic_survives_the_dword_wrap() -> None:
    assert elapsed_ms(5_000, 2_000) == 3_000
    assert elapsed_ms(100, 0xFFFFFF00) == 356


def test_importing_the_package_loads_no_platform_module(tmp_path: Path) -> None:
    code = (
        "import sys, hipbreak.adapters.idle\n"
        "loaded = [m for m in ('ctypes', 'jeepney', 'hipbreak.adapters.idle.x11',"
        " 'hipbreak.adapters.idle.gnome', 'hipbreak.adapters.idle.kde', 'hipbreak.adapters.idle.win32',"
        " 'hipbreak.adapters.idle.macos') if m in sys.modules]\n"
        "print(loaded)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(HIPBREAK_HOME)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, check=True
    )
    assert out.stdout.strip() == "[]"
