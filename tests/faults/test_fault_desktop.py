"""The desktop's own services failing under the app: the notification daemon and the tray host restart."""

from __future__ import annotations

from pathlib import Path

from desktop import Desktop, wait_for
from fault_harness import answers, events, history_file, reminders_seen, start_app, write_config


def test_reminders_reach_a_restarted_notification_daemon(desktop: Desktop, app_command: Path) -> None:
    """dunst killed mid-run: the app keeps running and reminding; a later reminder reaches the new dunst."""
    write_config(desktop, '[reminders]\nevery = "3s"\nidle_reset = "0"\n')
    process = start_app(desktop, app_command)
    wait_for(lambda: reminders_seen(desktop) >= 1, timeout=15, message="a first reminder reaches dunst")
    desktop.stop_notifications()
    path = history_file(desktop)
    sent = len(events(path, "reminded"))
    wait_for(
        lambda: len(events(path, "reminded")) >= sent + 2,
        timeout=15,
        message="two reminders come due while no daemon runs",
    )
    assert process.poll() is None and answers(desktop, app_command)
    desktop.start_notifications()
    wait_for(lambda: reminders_seen(desktop) >= 1, timeout=15, message="a reminder reaches the new dunst")
    assert process.poll() is None


def test_the_icon_docks_again_in_a_restarted_tray(desktop: Desktop, app_command: Path) -> None:
    """trayer killed and started again, twice: the app keeps running and its icon docks in the new tray."""
    write_config(desktop, '[reminders]\nevery = "45m"\nidle_reset = "0"\n')
    process = start_app(desktop, app_command)
    for restart in range(2):
        desktop.stop_tray()
        assert process.poll() is None and answers(desktop, app_command), f"restart {restart}"
        desktop.start_tray()
        wait_for(lambda: len(desktop.tray_icons()) == 1, timeout=15, message="the icon docks in the new tray")
        assert answers(desktop, app_command)
    assert process.poll() is None
