"""GNOME 48's break-reminders schema, compiled into a temp dir and read through a keyfile backend, for
tests on a machine whose GNOME is older."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from desktop import skip_or_fail

# Written for these tests after gsettings-desktop-schemas 48's org.gnome.desktop.break-reminders:
# the same ids, paths, key names, types and defaults; summaries left out.
_BREAK = """
    <key name="interval-seconds" type="u"><default>{interval}</default></key>
    <key name="duration-seconds" type="u"><default>{duration}</default></key>
    <key name="delay-seconds" type="u"><default>180</default></key>
    <key name="fade-screen" type="b"><default>true</default></key>
    <key name="lock-screen" type="b"><default>false</default></key>
    <key name="play-sound" type="b"><default>true</default></key>
    <key name="notify" type="b"><default>true</default></key>
    <key name="notify-upcoming" type="b"><default>true</default></key>
    <key name="notify-overdue" type="b"><default>true</default></key>
    <key name="countdown" type="b"><default>false</default></key>"""
SCHEMA_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<schemalist>
  <schema id="org.gnome.desktop.break-reminders" path="/org/gnome/desktop/break-reminders/">
    <key name="selected-breaks" type="as"><default>[]</default></key>
    <child schema="org.gnome.desktop.break-reminders.movement" name="movement"/>
    <child schema="org.gnome.desktop.break-reminders.eyesight" name="eyesight"/>
  </schema>
  <schema id="org.gnome.desktop.break-reminders.movement" path="/org/gnome/desktop/break-reminders/movement/">
    {_BREAK.format(interval=1800, duration=300)}
  </schema>
  <schema id="org.gnome.desktop.break-reminders.eyesight" path="/org/gnome/desktop/break-reminders/eyesight/">
    {_BREAK.format(interval=1200, duration=20)}
  </schema>
</schemalist>
"""

OLDER_XML = """<?xml version="1.0" encoding="UTF-8"?>
<schemalist>
  <schema id="org.example.older" path="/org/example/older/">
    <key name="on" type="b"><default>true</default></key>
  </schema>
</schemalist>
"""


def gsettings_env(folder: Path, *, with_schema: bool = True) -> dict[str, str]:
    """Return an environment whose gsettings see only a temp schema dir and a keyfile in `folder`."""
    if shutil.which("glib-compile-schemas") is None or shutil.which("gsettings") is None:
        skip_or_fail("glib-compile-schemas or gsettings is not installed (Debian: libglib2.0-bin)")
    schemas = folder / "schemas"
    schemas.mkdir(parents=True, exist_ok=True)
    if with_schema:
        (schemas / "org.gnome.desktop.break-reminders.gschema.xml").write_text(SCHEMA_XML)
    else:  # an older GNOME: other desktop schemas, no break reminders
        (schemas / "org.example.older.gschema.xml").write_text(OLDER_XML)
    subprocess.run(["glib-compile-schemas", "--strict", str(schemas)], check=True, timeout=30)
    env = {key: value for key, value in os.environ.items() if key not in ("XDG_DATA_DIRS",)}
    env.update(
        GSETTINGS_SCHEMA_DIR=str(schemas),
        GSETTINGS_BACKEND="keyfile",
        XDG_CONFIG_HOME=str(folder / "config"),
        # No system schemas: Debian 12's GNOME would otherwise answer for other schemas.
        XDG_DATA_DIRS=str(folder / "no-data"),
        HOME=str(folder),
    )
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    return env
