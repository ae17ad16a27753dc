"""The notifiers without buttons: plyer, the tray icon's notify(), and the null notifier."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from notify_harness import Dunst
from temp_env import temp_env

import hipbreak
from hipbreak.adapters.notify.base import Notification
from hipbreak.adapters.notify.null import NullNotifier
from hipbreak.adapters.notify.plyer_bubbles import PlyerNotifier, plyer_problem
from hipbreak.adapters.notify.tray_bubbles import TrayNotifier, tray_notify_problem

NOTE = Notification("Time to stand up", "A hip-flexor stretch.", replace_key="reminder")

# plyer picks and caches its backend from os.environ on first use, so each case runs in a fresh process.
_SHOW_WITH_PLYER = textwrap.dedent(
    """
    import json
    from hipbreak.adapters.notify.base import Notification
    from hipbreak.adapters.notify.plyer_bubbles import PlyerNotifier
    notifier = PlyerNotifier(app_name="hipbreak")
    shown = notifier.show(Notification("Time to stand up", "A hip-flexor stretch.", timeout_s=5))
    print(json.dumps({"shown": shown, "error": notifier.last_error}))
    """
)


def _show_in_subprocess(env: dict[str, str]) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", _SHOW_WITH_PLYER],
        env={**env, "PYTHONPATH": str(Path(hipbreak.__file__).parents[1])},  # the hipbreak under test
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def test_plyer_without_any_backend_returns_false_without_raising(tmp_path: Path) -> None:
    # No notify-send on PATH and no dbus-python: plyer falls back to its facade, which raises.
    outcome = _show_in_subprocess({"PATH": str(tmp_path), "HOME": str(tmp_path)})
    assert outcome == {"shown": False, "error": "NotImplementedError: No usable implementation found!"}


def test_plyer_without_a_session_bus_in_the_environment_returns_false(tmp_path: Path) -> None:
    notifier = PlyerNotifier(env=temp_env(tmp_path, {"PATH": "/usr/bin:/bin"}))
    assert notifier.show(NOTE) is False
    assert notifier.last_error == "no session bus for plyer to reach a notification server"


@pytest.mark.desktop
def test_plyer_reaches_dunst_through_notify_send(dunst: Dunst) -> None:
    outcome = _show_in_subprocess(dunst.env)
    assert outcome == {"shown": True, "error": None}
    (entry,) = dunst.history()
    assert (entry["summary"], entry["body"], entry["appname"]) == (
        "Time to stand up",
        "A hip-flexor stretch.",
        "hipbreak",
    )


def test_plyer_problem_names_what_is_missing(tmp_path: Path) -> None:
    assert plyer_problem(temp_env(tmp_path, {}, platform="win32")) is None
    assert plyer_problem(temp_env(tmp_path, {}, platform="darwin")) == (
        "plyer needs pyobjus on macOS, which is not installed"
    )
    bus = {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent"}
    assert plyer_problem(temp_env(tmp_path, {**bus, "PATH": str(tmp_path)})) == (
        "plyer finds neither dbus-python nor notify-send"
    )
    fake_tool = tmp_path / "notify-send"
    fake_tool.write_text("#!/bin/sh\n")
    fake_tool.chmod(0o755)
    assert plyer_problem(temp_env(tmp_path, {**bus, "PATH": str(tmp_path)})) is None


class RecordingIcon:
    """A pystray Icon stand-in that records notify() and remove_notification()."""

    HAS_NOTIFICATION = True

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.calls: list[tuple[str, ...]] = []

    def notify(self, message: str, title: str | None = None) -> None:
        if self.fail:
            raise RuntimeError("the icon is not running")
        self.calls.append(("notify", message, title or ""))

    def remove_notification(self) -> None:
        self.calls.append(("remove",))


def test_the_tray_notifier_passes_message_then_title() -> None:
    icon = RecordingIcon()
    notifier = TrayNotifier(icon)
    assert notifier.show(NOTE)
    assert notifier.show(Notification("", "no title given"))
    assert icon.calls == [
        ("notify", "A hip-flexor stretch.", "Time to stand up"),
        ("notify", "no title given", "hipbreak"),  # pystray's macOS backend needs a title
    ]


def test_the_tray_notifier_withdraws_only_its_last_bubble_s_key() -> None:
    icon = RecordingIcon()
    notifier = TrayNotifier(icon)
    notifier.show(NOTE)
    notifier.withdraw("pre-notice")
    assert icon.calls[-1][0] == "notify"
    notifier.withdraw("reminder")
    notifier.withdraw("reminder")
    assert icon.calls[1:] == [("remove",)]


def test_a_failing_tray_icon_returns_false() -> None:
    notifier = TrayNotifier(RecordingIcon(fail=True))
    assert notifier.show(NOTE) is False
    assert notifier.last_error == "RuntimeError: the icon is not running"


def test_tray_notify_problem_reads_the_backend_s_flag() -> None:
    assert tray_notify_problem(RecordingIcon()) is None
    assert tray_notify_problem(object()) == "object has no notify()"


def test_the_null_notifier_shows_nothing() -> None:
    notifier = NullNotifier()
    assert notifier.show(NOTE) is False
    notifier.withdraw("reminder")
    notifier.close()
    assert (notifier.name, notifier.supports_actions) == ("none", False)
