"""The app without a tray: the control window stands in, a late tray host takes over, and where no
window can open (Wayland without XWayland) Stretch now says so in a bubble."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_app import Running

from hipbreak.core import commands as c
from hipbreak.core.commands import BY_NAME, CommandError, WindowKind, from_wire

NO_X = "hipbreak's windows need X11, and this Wayland session has no X display (XWayland is off); ..."


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    app = Running(tmp_path / "history.db")
    yield app
    if app.thread.is_alive():
        app.quit()


def test_a_tray_host_that_appears_takes_over_from_the_control_window(running: Running) -> None:
    assert running.call(c.TrayMissing())[0]
    assert [kind for kind, _settings in running.ports.windows] == [WindowKind.CONTROL]
    shown = len(running.ports.views)
    running.call(c.TrayHostAppeared("sni"))
    assert running.ports.tray_hosts == ["sni"]
    assert running.ports.closed_windows == [WindowKind.CONTROL]
    assert len(running.ports.views) > shown  # the new icon gets the current view at once
    # A second host (the XEmbed tray of the same panel) changes nothing more.
    running.ports.tray_host_shows = False
    running.call(c.TrayHostAppeared("xembed"))
    assert running.ports.closed_windows == [WindowKind.CONTROL]


def test_a_control_window_the_user_opened_stays_when_a_tray_host_appears(running: Running) -> None:
    running.call(c.OpenWindow(WindowKind.CONTROL))
    running.call(c.TrayHostAppeared("xembed"))
    assert running.ports.closed_windows == []


def test_a_host_that_could_not_be_used_leaves_the_control_window_open(running: Running) -> None:
    running.call(c.TrayMissing())
    running.ports.tray_host_shows = False
    running.call(c.TrayHostAppeared("sni"))
    assert running.ports.closed_windows == []


def test_where_no_window_can_open_stretch_now_says_so_in_a_bubble(running: Running) -> None:
    running.ports.no_windows = NO_X
    ok, message, _data = running.call(c.StretchNow())
    assert not ok and message == NO_X
    assert running.ports.stretch_args is None
    assert running.ports.notes[-1] == ("problem", "hipbreak cannot open a window", NO_X, ())
    ok, message, _data = running.call(c.OpenWindow(WindowKind.STATISTICS))
    assert not ok and message == NO_X and running.ports.windows == []


@pytest.mark.parametrize("name", ["tray_missing", "tray_host_appeared", "tick"])
def test_the_apps_own_commands_are_not_accepted_from_the_wire(name: str) -> None:
    assert name not in BY_NAME
    with pytest.raises(CommandError, match="unknown command"):
        from_wire({"command": name})
