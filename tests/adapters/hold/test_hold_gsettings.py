"""GNOME's Do Not Disturb (show-banners) through real gsettings, with a keyfile backend in a temp dir.

Debian's copy of the org.gnome.desktop.notifications schema is compiled into the temp dir, so the test
never touches the user's settings and needs no dconf service.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from desktop import skip_or_fail
from hold_harness import Readings, settle

from hipbreak.adapters.hold.base import HoldUnavailable
from hipbreak.adapters.hold.gnome_banners import GnomeBannersOff, uses_dconf

SCHEMA_XML = Path("/usr/share/glib-2.0/schemas/org.gnome.desktop.notifications.gschema.xml")


@pytest.fixture
def keyfile_env(tmp_path: Path) -> dict[str, str]:
    """Variables for gsettings with the notifications schema in a temp dir and a keyfile backend."""
    if shutil.which("glib-compile-schemas") is None or not SCHEMA_XML.exists():
        skip_or_fail("glib-compile-schemas or the GNOME desktop schemas are missing (Debian: libglib2.0-bin)")
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    shutil.copy(SCHEMA_XML, schemas)
    subprocess.run(["glib-compile-schemas", str(schemas)], check=True)
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "GSETTINGS_SCHEMA_DIR": str(schemas),
        "GSETTINGS_BACKEND": "keyfile",
    }


def gsettings_set(env: dict[str, str], value: str) -> None:
    """Flip GNOME's Do Not Disturb as its switch does: show-banners false means DND is on."""
    subprocess.run(
        ["gsettings", "set", "org.gnome.desktop.notifications", "show-banners", value], env=env, check=True
    )


def test_banners_off_holds_and_on_releases(keyfile_env: dict[str, str]) -> None:
    assert not uses_dconf(keyfile_env)
    signal = GnomeBannersOff(keyfile_env, None)
    readings = Readings()
    try:
        signal.start(readings)
        assert signal.ready.wait(5)
        # Banners shown at start: nothing to say. Watching half a second also lets `gsettings monitor`
        # subscribe; nothing it can print says when it has.
        settle(lambda: readings.values == [])
        assert "gsettings monitor" in signal.describe()
        gsettings_set(keyfile_env, "false")
        readings.wait(True)
        gsettings_set(keyfile_env, "true")
        readings.wait(False, count=2)
    finally:
        signal.close()
    assert signal._monitor is None  # the monitor process was ended with the signal


def test_with_dconf_it_reads_again_when_dconf_announces_a_notifications_key(
    keyfile_env: dict[str, str], session_bus: str
) -> None:
    from jeepney import DBusAddress, new_signal
    from jeepney.io.blocking import open_dbus_connection

    signal = GnomeBannersOff(keyfile_env, None)
    signal.bus_address = session_bus  # as with dconf: changes are announced on the bus, not watched
    readings = Readings()
    writer = open_dbus_connection(bus=session_bus)

    def announce(prefix: str, changes: list[str]) -> None:
        address = DBusAddress("/ca/desrt/dconf/Writer/user", interface="ca.desrt.dconf.Writer")
        writer.send(new_signal(address, "Notify", "sass", (prefix, changes, "tag")))

    try:
        gsettings_set(keyfile_env, "false")  # DND on before the start: the first reading says so
        signal.start(readings)
        assert signal.ready.wait(5)  # watching: no change can be missed
        readings.wait(True, count=1)  # read after the signal's match rule is in place
        assert "dconf announces" in signal.describe()
        gsettings_set(keyfile_env, "true")
        settle(lambda: readings.values == [True], 0.3)  # no announcement yet, and no polling either
        announce("/org/gnome/desktop/interface/", ["clock-format"])  # another folder: not read again
        settle(lambda: readings.values == [True], 0.3)
        announce("/org/gnome/desktop/notifications/", ["show-banners"])
        readings.wait(False, count=2)
        gsettings_set(keyfile_env, "false")
        announce("/org/gnome/desktop/", ["notifications/show-banners"])
        readings.wait(True, count=3)
    finally:
        signal.close()
        writer.close()


def test_a_missing_schema_is_a_reason(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "GSETTINGS_SCHEMA_DIR": str(tmp_path), "GSETTINGS_BACKEND": "memory"}
    env["XDG_DATA_DIRS"] = str(tmp_path)  # no system schemas either
    with pytest.raises(HoldUnavailable, match="cannot be read"):
        GnomeBannersOff(env, None)
    with pytest.raises(HoldUnavailable, match="gsettings is not installed"):
        GnomeBannersOff({"PATH": str(tmp_path)}, None)
