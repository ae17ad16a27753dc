"""The StatusNotifierItem on a real private bus with a real watcher, driven as hosts drive it (gdbus)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from desktop import wait_for
from servers import read_line, stop_process
from session_bus import SessionBus, name_has_owner
from sni_harness import VIEW, RunningTray, SignalTap, Watcher, gdbus, layout_ids

from hipbreak.core.commands import OpenWindow, Pause, SetAutostart, Snooze, StretchNow, WindowKind
from hipbreak.core.menu import menu_items

ITEM = "org.kde.StatusNotifierItem"
MENU = "com.canonical.dbusmenu"
PROPS = "org.freedesktop.DBus.Properties"
HERE = Path(__file__).resolve().parent


def item_name(pid: int = os.getpid()) -> str:
    return f"org.kde.StatusNotifierItem-{pid}-1"


def get_layout(env: dict[str, str]) -> str:
    return gdbus(env, item_name(), "/MenuBar", f"{MENU}.GetLayout", "0", "-1", "[]")


def test_the_item_registers_and_a_host_reads_every_label_and_property(
    session_bus: SessionBus, bus_env: dict[str, str], watcher: Watcher
) -> None:
    watcher.start()
    tray = RunningTray(session_bus.address).start()
    try:
        wait_for(lambda: item_name() in watcher.items(), 10, "the watcher to list the item")
        layout = get_layout(bus_env)
        expected = [e.label for e in menu_items(VIEW) if not e.separator]
        expected += ["5 min", "15 min", "30 min", "1 hour", "2 hours", "Until tomorrow 09:00"]
        assert set(layout_ids(layout)) == set(expected)
        assert "'toggle-type': <'checkmark'>, 'toggle-state': <0>" in layout
        get = f"{PROPS}.Get"
        assert "'ApplicationStatus'" in gdbus(
            bus_env, item_name(), "/StatusNotifierItem", get, ITEM, "Category"
        )
        assert VIEW.title in gdbus(bus_env, item_name(), "/StatusNotifierItem", get, ITEM, "Title")
        assert "'Active'" in gdbus(bus_env, item_name(), "/StatusNotifierItem", get, ITEM, "Status")
        assert "objectpath '/MenuBar'" in gdbus(
            bus_env, item_name(), "/StatusNotifierItem", get, ITEM, "Menu"
        )
        pixmaps = gdbus(bus_env, item_name(), "/StatusNotifierItem", get, ITEM, "IconPixmap")
        assert "(16, 16, [byte 0xff, 0x16, 0x8a, 0x74" in pixmaps and "(64, 64," in pixmaps
        assert "uint32 3" in gdbus(bus_env, item_name(), "/MenuBar", get, MENU, "Version")
        xml = gdbus(bus_env, item_name(), "/MenuBar", "org.freedesktop.DBus.Introspectable.Introspect")
        assert '<method name="AboutToShowGroup">' in xml
    finally:
        tray.stop()


def test_menu_clicks_and_icon_clicks_post_typed_commands(
    session_bus: SessionBus, bus_env: dict[str, str], watcher: Watcher
) -> None:
    watcher.start()
    tray = RunningTray(session_bus.address).start()
    try:
        ids = layout_ids(get_layout(bus_env))
        for label in ("Stretch now", "15 min", "Until tomorrow 09:00", "Statistics…", "Start at login"):
            gdbus(bus_env, item_name(), "/MenuBar", f"{MENU}.Event", str(ids[label]), "clicked", '<"">', "0")
        gdbus(bus_env, item_name(), "/MenuBar", f"{MENU}.AboutToShow", "0")
        gdbus(bus_env, item_name(), "/StatusNotifierItem", f"{ITEM}.Activate", "0", "0")
        gdbus(bus_env, item_name(), "/StatusNotifierItem", f"{ITEM}.SecondaryActivate", "0", "0")
        assert tray.posted == [
            StretchNow(),
            Snooze(900),
            Pause(),
            OpenWindow(WindowKind.STATISTICS),
            SetAutostart(),
            StretchNow(),
            Snooze(),
        ]
    finally:
        tray.stop()


def test_show_sends_only_what_changed_and_hosts_then_read_the_new_menu(
    session_bus: SessionBus, bus_env: dict[str, str], watcher: Watcher
) -> None:
    watcher.start()
    tray = RunningTray(session_bus.address).start()
    menu_tap = SignalTap(session_bus.address, "/MenuBar")
    item_tap = SignalTap(session_bus.address, "/StatusNotifierItem")
    try:
        ids = layout_ids(get_layout(bus_env))
        tray.tray.show(VIEW)  # unchanged: nothing goes out, so the next signal is the next change's
        tray.tray.show(replace(VIEW, next_line="Next reminder at 14:35"))
        assert menu_tap.next() == (
            "ItemsPropertiesUpdated",
            ([(ids["Next reminder at 14:30"], {"label": ("s", "Next reminder at 14:35")})], []),
        )
        assert "Next reminder at 14:35" in layout_ids(get_layout(bus_env))

        tray.tray.show(replace(VIEW, next_line="Next reminder at 14:35", autostart_on=True))
        assert menu_tap.next() == (
            "ItemsPropertiesUpdated",
            ([(ids["Start at login"], {"toggle-state": ("i", 1)})], []),
        )

        due = replace(
            VIEW,
            badge="due",
            title="hipbreak: time to stretch!",
            next_line="Time to stretch!",
            autostart_on=True,
        )
        tray.tray.show(due)
        assert [item_tap.next()[0] for _ in range(4)] == ["NewIcon", "NewTitle", "NewToolTip", "NewStatus"]
        assert menu_tap.next() == (
            "ItemsPropertiesUpdated",
            ([(ids["Next reminder at 14:30"], {"label": ("s", "Time to stretch!")})], []),
        )
        status = gdbus(bus_env, item_name(), "/StatusNotifierItem", f"{PROPS}.Get", ITEM, "Status")
        assert "'NeedsAttention'" in status

        tray.tray.show(replace(due, snooze_choices=(("5 min", 300), ("15 min", 900), ("1 hour", 3600))))
        assert menu_tap.next() == ("LayoutUpdated", (2, 0))
        relaid = get_layout(bus_env)
        assert relaid.startswith("(uint32 2, (0,") and "'label': <'1 hour'>" in relaid
    finally:
        menu_tap.close()
        item_tap.close()
        tray.stop()


def test_the_item_registers_with_a_watcher_that_starts_later_or_restarts(
    session_bus: SessionBus, bus_env: dict[str, str], watcher: Watcher
) -> None:
    tray = RunningTray(session_bus.address).start()  # the login race: no panel yet
    try:
        watcher.start()
        wait_for(lambda: item_name() in watcher.items(), 10, "registration with a late watcher")
        watcher.stop()
        watcher.start()
        wait_for(lambda: item_name() in watcher.items(), 10, "registration with the restarted watcher")
    finally:
        tray.stop()


def test_stop_releases_the_name_and_returns(
    session_bus: SessionBus, bus_env: dict[str, str], watcher: Watcher
) -> None:
    watcher.start()
    tray = RunningTray(session_bus.address).start()
    wait_for(lambda: item_name() in watcher.items(), 10, "registration")
    tray.stop()
    assert not name_has_owner(bus_env, item_name())
    tray.tray.stop()  # again, after run() returned: harmless
    tray.tray.show(replace(VIEW, next_line="late"))  # a view after stop(): ignored


def test_bad_calls_get_errors_and_the_item_keeps_serving(
    session_bus: SessionBus, bus_env: dict[str, str], watcher: Watcher
) -> None:
    def draw_or_fail(size: int, badge: str | None) -> object:
        raise RuntimeError("no icon today")

    watcher.start()
    tray = RunningTray(session_bus.address, draw_icon=draw_or_fail).start()
    tray.failing = True
    try:
        blank = gdbus(bus_env, item_name(), "/StatusNotifierItem", f"{PROPS}.Get", ITEM, "IconPixmap")
        assert blank.strip() == "(<@a(iiay) []>,)"  # no icon drawn: a blank one, and the item goes on
        calls = [
            ("/StatusNotifierItem", f"{ITEM}.Activate", "0", "0"),  # post raises
            ("/StatusNotifierItem", f"{PROPS}.Set", ITEM, "Title", '<"x">'),
            ("/MenuBar", f"{MENU}.GetLayout", "999", "-1", "[]"),
            ("/MenuBar", f"{MENU}.Event", "1", "clicked"),  # missing arguments
            ("/Nowhere", "org.freedesktop.DBus.Peer.Ping"),
        ]
        errors = []
        for path, method, *args in calls:
            with pytest.raises(subprocess.CalledProcessError) as failed:
                gdbus(bus_env, item_name(), path, method, *args)
            errors.append(failed.value.stderr)
        assert "org.freedesktop.DBus.Error.Failed: RuntimeError: the app is gone" in errors[0]
        assert "PropertyReadOnly" in errors[1]
        assert "InvalidArgs" in errors[2] and "InvalidArgs" in errors[3]
        assert "UnknownObject" in errors[4]
        assert "Stretch now" in layout_ids(get_layout(bus_env))
    finally:
        tray.stop()


def test_alone_in_a_process_it_loads_no_toolkit_and_sleeps_when_idle(
    bus_env: dict[str, str], watcher: Watcher
) -> None:
    watcher.start()
    read_fd, write_fd = os.pipe()
    env = {**bus_env, "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    process = subprocess.Popen(
        [sys.executable, str(HERE / "sni_item_process.py")],
        env=env,
        stdout=write_fd,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        assert read_line(read_fd, 15, "the item process") == f"ready {item_name(process.pid)}"
        wait_for(lambda: item_name(process.pid) in watcher.items(), 10, "registration")
        maps = Path(f"/proc/{process.pid}/maps").read_text()
        for library in ("libgtk", "libgdk", "libcairo", "libayatana", "libgobject", "libGL"):
            assert library not in maps
        gdbus(bus_env, item_name(process.pid), "/StatusNotifierItem", f"{ITEM}.Activate", "0", "0")
        assert read_line(read_fd, 5, "the item process") == "posted StretchNow()"
        time.sleep(0.5)  # let the watcher's own queries after registration settle
        before = _wakeups(process.pid)
        time.sleep(2.0)  # measuring idleness needs idle time: nothing may wake the item meanwhile
        assert _wakeups(process.pid) == before
        process.terminate()
        assert read_line(read_fd, 5, "the item process") == "stopped"
        assert process.wait(5) == 0
        assert not name_has_owner(bus_env, item_name(process.pid))
    finally:
        os.close(read_fd)
        stop_process(process)


def _wakeups(pid: int) -> int:
    """Voluntary context switches of every thread of `pid` so far."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        for line in (task / "status").read_text().splitlines():
            if line.startswith("voluntary_ctxt_switches:"):
                total += int(line.split()[1])
    return total
