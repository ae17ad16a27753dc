"""Real StatusNotifier hosts on the headless desktop: lxqt-panel, xfce4-panel and GNOME Shell.

Each start_* function starts one host on a Desktop started with tray=False and waits until its
StatusNotifierWatcher owns its name; the helpers below read what the watcher and the screen show.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from desktop import Desktop, Window, require_tools, skip_or_fail, wait_for
from PIL import Image, ImageChops

WATCHER = "org.kde.StatusNotifierWatcher"
TEAL = (22, 138, 116)  # the icon's tile (adapters/icon_art.py)

# A panel with nothing but the StatusNotifier plugin, along the bottom of the screen.
LXQT_PANEL_CONF = """[General]
__userfile__=true

[panel1]
plugins=statusnotifier
position=Bottom
desktop=0
panelSize=32
iconSize=22

[statusnotifier]
alignment=Right
type=statusnotifier
"""

# One xfce4-panel along the bottom with only the systray plugin (it hosts StatusNotifier items too).
XFCE_PANEL_XML = """<?xml version="1.0" encoding="UTF-8"?>
<channel name="xfce4-panel" version="1.0">
  <property name="configver" type="int" value="2"/>
  <property name="panels" type="array">
    <value type="int" value="1"/>
    <property name="panel-1" type="empty">
      <property name="position" type="string" value="p=8;x=0;y=0"/>
      <property name="length" type="uint" value="100"/>
      <property name="position-locked" type="bool" value="true"/>
      <property name="size" type="uint" value="32"/>
      <property name="plugin-ids" type="array">
        <value type="int" value="1"/>
      </property>
    </property>
  </property>
  <property name="plugins" type="empty">
    <property name="plugin-1" type="string" value="systray">
      <property name="square-icons" type="bool" value="true"/>
    </property>
  </property>
</channel>
"""

XFCONFD = "/usr/lib/x86_64-linux-gnu/xfce4/xfconf/xfconfd"

# GNOME Shell reads its settings from this keyfile (GSETTINGS_BACKEND=keyfile): no dconf service needed.
GNOME_SETTINGS = """[org/gnome/shell]
disable-user-extensions=false
enabled-extensions=['ubuntu-appindicators@ubuntu.com']

[org/gnome/desktop/session]
idle-delay=uint32 0

[org/gnome/desktop/screensaver]
lock-enabled=false
"""


def wait_for_watcher(desktop: Desktop, process: str, timeout: float = 15) -> None:
    """Wait until the host spawned as `process` owns the watcher's name; fail with its log if it dies."""

    def up() -> bool:
        proc = desktop.processes.get(process)
        assert proc is not None and proc.poll() is None, f"{process} ended: {desktop.read_log(process)}"
        return desktop.name_has_owner(WATCHER)

    wait_for(up, timeout, f"{process}'s StatusNotifierWatcher")


def start_lxqt_panel(desktop: Desktop, name: str = "lxqt-panel") -> None:
    """Start lxqt-panel with its statusnotifier plugin along the bottom edge."""
    require_tools("lxqt-panel")
    conf = Path(desktop.env["XDG_CONFIG_HOME"]) / "lxqt" / "panel.conf"
    conf.parent.mkdir(parents=True, exist_ok=True)
    conf.write_text(LXQT_PANEL_CONF)
    desktop.spawn(["lxqt-panel"], name, env={"QT_QPA_PLATFORM": "xcb"})
    wait_for_watcher(desktop, name)


def start_xfce_panel(desktop: Desktop) -> None:
    """Start openbox, xfconfd with a pre-seeded panel, and xfce4-panel with only the systray plugin."""
    require_tools("xfce4-panel", "openbox", XFCONFD)
    channel = Path(desktop.env["XDG_CONFIG_HOME"]) / "xfce4" / "xfconf" / "xfce-perchannel-xml"
    channel.mkdir(parents=True, exist_ok=True)
    (channel / "xfce4-panel.xml").write_text(XFCE_PANEL_XML)
    desktop.spawn(["openbox"], "openbox")
    desktop.spawn([XFCONFD], "xfconfd")  # the private bus activates nothing, so it is started by hand
    wait_for(lambda: desktop.name_has_owner("org.xfce.Xfconf"), 10, "xfconfd on the bus")
    desktop.spawn(["xfce4-panel"], "xfce4-panel")
    wait_for_watcher(desktop, "xfce4-panel")


def start_gnome_shell(desktop: Desktop, system_bus: str) -> None:
    """Start GNOME Shell (X11) with the AppIndicator extension on the desktop's display and bus."""
    if shutil.which("gnome-shell") is None:
        skip_or_fail(
            "gnome-shell is not installed (Debian: gnome-shell gjs gnome-shell-extension-appindicator)"
        )
    env = desktop.env
    keyfile = Path(env["XDG_CONFIG_HOME"]) / "glib-2.0" / "settings" / "keyfile"
    keyfile.parent.mkdir(parents=True, exist_ok=True)
    keyfile.write_text(GNOME_SETTINGS)
    shell_data = Path(env["XDG_DATA_HOME"]) / "gnome-shell"
    shell_data.mkdir(parents=True, exist_ok=True)
    (shell_data / "lock-warning-shown").touch()  # else a first-run dialog
    shell_env = {
        "GSETTINGS_BACKEND": "keyfile",
        "XDG_CURRENT_DESKTOP": "GNOME",
        "XDG_SESSION_DESKTOP": "gnome",
        "DBUS_SYSTEM_BUS_ADDRESS": system_bus,  # without a system bus the shell dies in loginManager.js
    }
    desktop.spawn(["gnome-shell", "--x11", "--replace", "--sm-disable"], "gnome-shell", env=shell_env)
    wait_for_watcher(desktop, "gnome-shell", timeout=30)
    # It starts in the overview, which hides windows behind thumbnails: wait for it, then leave it.
    wait_for(lambda: overview_active(desktop) == "true", 15, "GNOME Shell's start-up overview")
    desktop.run(
        ["gdbus", "call", "--session", "--dest", "org.gnome.Shell", "--object-path", "/org/gnome/Shell",
         "--method", "org.freedesktop.DBus.Properties.Set", "org.gnome.Shell", "OverviewActive", "<false>"]
    )  # fmt: skip
    wait_for(lambda: overview_active(desktop) == "false", 10, "the overview to close")


def overview_active(desktop: Desktop) -> str:
    """GNOME Shell's OverviewActive property: "true" or "false"."""
    reply = desktop.run(
        ["gdbus", "call", "--session", "--dest", "org.gnome.Shell", "--object-path", "/org/gnome/Shell",
         "--method", "org.freedesktop.DBus.Properties.Get", "org.gnome.Shell", "OverviewActive"]
    )  # fmt: skip
    return "true" if "true" in reply else "false"


def registered_items(desktop: Desktop) -> list[str]:
    """The items the watcher lists, each "bus name/object path" (or however the host spells them)."""
    reply = desktop.run(
        ["gdbus", "call", "--session", "--dest", WATCHER, "--object-path", "/StatusNotifierWatcher",
         "--method", "org.freedesktop.DBus.Properties.Get", WATCHER, "RegisteredStatusNotifierItems"]
    )  # fmt: skip
    return re.findall(r"'([^']+)'", reply)


def icon_in(image: Image.Image, box: tuple[int, int, int, int]) -> Window | None:
    """Where the icon's teal tile is inside `box` (left, top, right, bottom) of a screenshot, or None."""
    region = image.convert("RGB").crop(box)
    # One mask per channel (near the teal), multiplied: white where all three match.
    masks = [
        channel.point(lambda v, want=want: 255 if abs(v - want) <= 10 else 0)
        for channel, want in zip(region.split(), TEAL, strict=True)
    ]
    mask = ImageChops.multiply(ImageChops.multiply(masks[0], masks[1]), masks[2])
    found = mask.getbbox()
    if found is None or mask.histogram()[255] < 30:
        return None
    left, top, right, bottom = found
    return Window(0, "icon", box[0] + left, box[1] + top, right - left, bottom - top)


def find_icon(desktop: Desktop, box: tuple[int, int, int, int], shot: Path, timeout: float = 15) -> Window:
    """Wait until the icon is drawn inside `box` of the screen; the last screenshot is kept at `shot`."""

    def look() -> Window | None:
        desktop.screenshot(shot)
        with Image.open(shot) as image:
            return icon_in(image.convert("RGB"), box)

    return wait_for(look, timeout, f"the icon drawn in {box}")


def process_libraries(pid: int) -> set[str]:
    """The file names of the shared libraries mapped into process `pid`."""
    maps = Path(f"/proc/{pid}/maps").read_text()
    return {Path(line.split()[-1]).name for line in maps.splitlines() if ".so" in line}
