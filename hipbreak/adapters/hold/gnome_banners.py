"""GNOME's Do Not Disturb: `org.gnome.desktop.notifications show-banners` is false while it is on.

With dconf (GNOME's usual settings backend) the dconf service announces every write on the session bus
(`ca.desrt.dconf.Writer.Notify`), so the signal sleeps on that and asks `gsettings get` only when a
notifications key changed: no process of its own, no polling. With another backend (a keyfile, in tests
and some sandboxes) nothing is announced on the bus, so one `gsettings monitor` process reports changes.
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import subprocess
from collections import deque
from collections.abc import Mapping
from typing import Any

from hipbreak.adapters.hold.base import HoldUnavailable, ThreadedHoldSignal
from hipbreak.adapters.hold.bus_property import CALL_TIMEOUT, open_bus
from hipbreak.core.holds import HoldReason
from hipbreak.language import _

SCHEMA = "org.gnome.desktop.notifications"
KEY = "show-banners"
DCONF_DIR = "/org/gnome/desktop/notifications/"


def uses_dconf(variables: Mapping[str, str]) -> bool:
    """Return whether GSettings writes through dconf here (the default when GSETTINGS_BACKEND is unset)."""
    return variables.get("GSETTINGS_BACKEND", "dconf") in ("", "dconf")


class GnomeBannersOff(ThreadedHoldSignal):
    """Holds while GNOME shows no banners (its Do Not Disturb switch in the top bar's calendar)."""

    name = "gnome-show-banners"
    reason = HoldReason.DND

    def __init__(
        self,
        variables: Mapping[str, str],
        bus_address: str | None,
        why: str = "",
        timeout: float = CALL_TIMEOUT,
    ) -> None:
        """Probe the key with `gsettings get`; HoldUnavailable when gsettings or the schema is missing."""
        super().__init__(why)
        self.variables = dict(variables)
        self.timeout = timeout
        self.gsettings = shutil.which("gsettings", path=self.variables.get("PATH"))
        if self.gsettings is None:
            # Translators: libglib2.0-bin is the Debian package that has gsettings; keep both names.
            raise HoldUnavailable(_("gsettings is not installed (Debian: libglib2.0-bin)"))
        # dconf announces writes on the session bus; without a bus, watch with a process instead.
        self.bus_address = bus_address if uses_dconf(self.variables) else None
        self._banners_off()
        self._connection: Any = None
        self._monitor: subprocess.Popen[bytes] | None = None

    def _run_gsettings(self, *args: str) -> str:
        assert self.gsettings is not None
        try:
            done = subprocess.run(
                [self.gsettings, *args],
                env=self.variables,
                capture_output=True,
                text=True,
                timeout=self.timeout * 2,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise HoldUnavailable(_("gsettings failed ({error})").format(error=error)) from error
        if done.returncode != 0:
            # Translators: {schema} and {key} name a GNOME setting; {error} is what gsettings printed.
            text = _("{schema} {key} cannot be read: {error}")
            raise HoldUnavailable(text.format(schema=SCHEMA, key=KEY, error=" ".join(done.stderr.split())))
        return done.stdout.strip()

    def _banners_off(self) -> bool:
        return self._run_gsettings("get", SCHEMA, KEY) == "false"

    def _watch(self) -> None:
        if self.bus_address is not None:
            self._watch_dconf(self.bus_address)
        else:
            self._watch_monitor()

    def _watch_dconf(self, address: str) -> None:
        from jeepney import MatchRule
        from jeepney.bus_messages import message_bus

        self._connection = connection = open_bus(address, self.timeout)
        rule = MatchRule(type="signal", interface="ca.desrt.dconf.Writer", member="Notify")
        signals: deque[Any] = deque()
        with connection.filter(rule, queue=signals):
            connection.send_and_get_reply(message_bus.AddMatch(rule), timeout=self.timeout)
            self._first(self._banners_off())
            while True:
                while signals:
                    prefix, changes, _tag = signals.popleft().body
                    paths = [prefix + change for change in changes] or [prefix]
                    # A write under the notifications folder, or a whole-tree reset ("/").
                    if any(DCONF_DIR.startswith(p) or p.startswith(DCONF_DIR) for p in paths):
                        self._set(self._banners_off())
                readable = select.select([connection.sock, self.wake.read_fd], [], [])[0]
                if self.wake.read_fd in readable:
                    return
                with contextlib.suppress(TimeoutError):
                    while True:
                        connection.recv_messages(timeout=0)

    def _watch_monitor(self) -> None:
        assert self.gsettings is not None
        self._monitor = monitor = subprocess.Popen(
            [self.gsettings, "monitor", SCHEMA, KEY],
            env=self.variables,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert monitor.stdout is not None
        fd = monitor.stdout.fileno()
        self._first(self._banners_off())  # read after the monitor starts; a change in its first ms is lost
        buffered = b""
        while True:
            readable = select.select([fd, self.wake.read_fd], [], [])[0]
            if self.wake.read_fd in readable:
                return
            chunk = os.read(fd, 4096)
            if not chunk:
                raise HoldUnavailable(_("gsettings monitor ended"))
            buffered += chunk
            *lines, buffered = buffered.split(b"\n")
            for line in lines:  # "show-banners: false"
                key, _colon, value = line.decode(errors="replace").partition(":")
                if key.strip() == KEY:
                    self._set(value.strip() == "false")

    def _release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(OSError):
                connection.close()
        monitor, self._monitor = self._monitor, None
        if monitor is not None:
            monitor.terminate()
            try:
                monitor.wait(timeout=2)
            except subprocess.TimeoutExpired:
                monitor.kill()
                monitor.wait()

    def _mechanism(self) -> str:
        if self.bus_address is not None:
            # Translators: {schema} and {key} name a GNOME setting.
            text = _("{schema} {key}, read when dconf announces a change on the session bus (no polling)")
        else:
            # Translators: {schema} and {key} name a GNOME setting; keep `gsettings monitor` as it is.
            text = _("{schema} {key}, watched by one `gsettings monitor` process (no polling)")
        return text.format(schema=SCHEMA, key=KEY)
