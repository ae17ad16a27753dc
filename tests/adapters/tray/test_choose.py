"""Which tray the app takes on each desktop, why, and how the holder swaps one tray for another."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from sni_harness import VIEW
from temp_env import temp_env

from hipbreak.adapters.tray.choose import build_tray, plan_tray
from hipbreak.adapters.tray.holder import TrayHolder
from hipbreak.adapters.tray.null import NullTray
from hipbreak.adapters.tray.probe import TrayHosts
from hipbreak.core.view import TrayView

SNI = TrayHosts(xembed_owner=None, sni_owner=":1.5")
XEMBED = TrayHosts(xembed_owner=0x400001, sni_owner=None)
BOTH = TrayHosts(xembed_owner=0x400001, sni_owner=":1.5")
NONE = TrayHosts(None, None, ("no XEmbed tray owns _NET_SYSTEM_TRAY_S0 on :0", "no StatusNotifierWatcher"))


@pytest.mark.parametrize(
    ("hosts", "gtk", "kind", "reason"),
    [
        (SNI, True, "sni", "org.kde.StatusNotifierWatcher is owned by :1.5"),
        (BOTH, True, "sni", "org.kde.StatusNotifierWatcher is owned by :1.5"),
        (SNI, False, "sni", "org.kde.StatusNotifierWatcher is owned by :1.5"),  # needs no PyGObject
        (XEMBED, True, "gtk", "an XEmbed tray (window 0x400001) owns _NET_SYSTEM_TRAY_S0 on :0"),
        (XEMBED, False, "xorg", "an XEmbed tray (window 0x400001) owns _NET_SYSTEM_TRAY_S0 on :0"),
        (
            NONE,
            True,
            "none",
            "no tray host: no XEmbed tray owns _NET_SYSTEM_TRAY_S0 on :0; no StatusNotifierWatcher",
        ),
    ],
)
def test_linux_takes_status_notifier_first_then_xembed_then_none(
    tmp_path: Path, hosts: TrayHosts, gtk: bool, kind: str, reason: str
) -> None:
    env = temp_env(tmp_path, {"DISPLAY": ":0"}, platform="linux")
    plan = plan_tray(env, hosts, gtk)
    assert (plan.kind, plan.reason) == (kind, reason)
    if kind in ("gtk", "xorg"):
        assert plan.notes[0] == "StatusNotifier: no org.kde.StatusNotifierWatcher on the session bus"
    if hosts is BOTH:
        assert plan.notes == ("XEmbed: a tray is there too, but StatusNotifier needs no toolkit",)


@pytest.mark.parametrize(("platform", "kind"), [("win32", "win32"), ("darwin", "darwin"), ("aix", "none")])
def test_other_platforms_take_their_own_tray_or_none(tmp_path: Path, platform: str, kind: str) -> None:
    env = temp_env(tmp_path, {}, platform=platform)
    assert plan_tray(env, NONE, False).kind == kind


def test_the_none_plan_builds_a_null_tray_and_sni_builds_without_gtk(tmp_path: Path) -> None:
    env = temp_env(tmp_path, {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nowhere"}, platform="linux")
    assert isinstance(build_tray(plan_tray(env, NONE, True), env, print, lambda s, b: None, VIEW), NullTray)
    sni = build_tray(plan_tray(env, SNI, True), env, print, lambda s, b: None, VIEW)
    assert type(sni).__name__ == "SniTray" and sni.has_menu


class Recorded:
    """A tray that records what it was shown; run() blocks until stop()."""

    def __init__(self) -> None:
        self.views: list[TrayView] = []
        self.stopped = threading.Event()
        self.ran = threading.Event()

    has_menu = True

    def run(self, on_ready: Callable[[], None]) -> None:
        self.ran.set()
        on_ready()
        self.stopped.wait()

    def show(self, view: TrayView) -> None:
        self.views.append(view)

    def notify(self, message: str, title: str) -> bool:
        return False

    def stop(self) -> None:
        self.stopped.set()


def test_the_holder_runs_the_replacement_with_the_newest_view_and_stops_for_good() -> None:
    first, second = NullTray(), Recorded()
    holder = TrayHolder(first)
    ready: list[str] = []
    thread = threading.Thread(target=holder.run, args=(lambda: ready.append("ready"),), daemon=True)
    thread.start()
    holder.show(VIEW)
    holder.replace(second)
    assert second.ran.wait(5)
    assert holder.current is second and second.views[0] == VIEW and holder.has_menu
    assert ready == ["ready", "ready"]  # once per tray shown
    with pytest.raises(RuntimeError):  # so a notifier chain moves on to the next notifier
        holder.notify("body", "title")
    holder.stop()
    thread.join(5)
    assert not thread.is_alive()
    holder.replace(Recorded())  # after stop(): ignored
    assert holder.current is second


def test_a_null_tray_stopped_before_it_runs_returns_at_once() -> None:
    tray = NullTray()
    tray.stop()
    called: list[bool] = []
    tray.run(lambda: called.append(True))
    assert called == [True] and not tray.has_menu and not tray.notify("a", "b")
