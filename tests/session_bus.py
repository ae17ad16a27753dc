"""A private D-Bus session bus on a fixed socket path, which can be killed and started again there.

It has no service directories, so nothing is D-Bus-activated behind a test's back (the system's
dunst.service would otherwise answer the first Notify, and a test that stopped its notification daemon
would still have one).
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from servers import start_reporting, stop_process

_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class SessionBus:
    """A dbus-daemon listening on `socket` (default: <folder>/bus), configured by <folder>/bus.conf.

    `restart()` brings it back at the same address. `options` (timeout, env, cwd, log, new_session) go
    to servers.start_reporting at each start.
    """

    def __init__(self, folder: Path, *, socket: Path | None = None, **options: Any) -> None:
        """Write the configuration; nothing starts before start()."""
        self.socket = socket or folder / "bus"
        self.config = folder / "bus.conf"
        self.config.write_text(_BUS_CONFIG.format(socket=self.socket))
        self.process: subprocess.Popen[bytes] | None = None
        self._options = options

    @property
    def address(self) -> str:
        """The bus address, the same across restarts."""
        return f"unix:path={self.socket}"

    def start(self) -> str:
        """Start the daemon and return the address it reports (with its guid) once it accepts clients."""
        self.socket.unlink(missing_ok=True)  # a killed daemon leaves its socket file behind
        args = ["dbus-daemon", "--nofork", f"--config-file={self.config}", "--print-address={fd}"]
        self.process, reported = start_reporting(args, "dbus-daemon", **self._options)
        return reported

    def stop(self) -> None:
        """Terminate the daemon (safe to repeat)."""
        stop_process(self.process)

    def kill(self) -> None:
        """Kill the daemon at once, as a crash would."""
        stop_process(self.process, kill=True)

    def restart(self) -> None:
        """Kill the daemon and start a new one at the same address."""
        self.kill()
        self.start()


def name_has_owner(env: Mapping[str, str], name: str, timeout: float = 10.0) -> bool:
    """Whether `name` has an owner on the bus at env["DBUS_SESSION_BUS_ADDRESS"]; RuntimeError if none."""
    args = [
        "dbus-send",
        "--session",
        "--print-reply",
        "--dest=org.freedesktop.DBus",
        "/org/freedesktop/DBus",
        "org.freedesktop.DBus.NameHasOwner",
        f"string:{name}",
    ]
    result = subprocess.run(args, env=dict(env), capture_output=True, text=True, timeout=timeout, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"dbus-send exited {result.returncode}: {result.stderr.strip()}")
    return "boolean true" in result.stdout
