"""What the benchmark starts: hipbreak as installed, the floor of its stack, and two peers from Debian."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FLOOR = Path(__file__).resolve().parent / "floor_tray.py"
FLOOR_SNI = Path(__file__).resolve().parent / "floor_sni.py"

# The tray hosts a subject can run under: trayer (XEmbed; the icon docks in its panel) and lxqt-panel
# (its statusnotifier plugin; the item registers with the panel's StatusNotifierWatcher).
TRAYER, LXQT = "trayer", "lxqt-panel"


@dataclass(frozen=True)
class Subject:
    """A tray program and how to drive it."""

    key: str
    label: str
    command: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    # Keys that, after a right click on the icon, select the item that opens a window; None: no menu.
    menu_keys: tuple[str, ...] | None = None
    window_title: str | None = None  # a regex matching the title of the window that item opens
    window_what: str = ""
    one_per_machine: bool = False  # refuses to start while another copy runs anywhere on the machine
    memory_only: bool = False  # measured for figures 1 and 2 only
    system_bus: bool = False  # needs a system bus (it gets a private one)
    package: str | None = None  # the Debian package of a peer
    host: str = TRAYER  # TRAYER or LXQT


def from_source() -> bool:
    """Whether to measure this checkout instead of the installed hipbreak (HIPBREAK_BENCH_FROM_SOURCE=1)."""
    return os.environ.get("HIPBREAK_BENCH_FROM_SOURCE") == "1"


def _source_env() -> dict[str, str]:
    """What makes a Python child import this checkout's hipbreak when measuring from source."""
    return {"PYTHONPATH": str(REPO)} if from_source() else {}


def hipbreak_subject() -> Subject:
    """hipbreak with its default settings, started as users start it, under trayer (the XEmbed path)."""
    if from_source():
        command: tuple[str, ...] = (sys.executable, "-m", "hipbreak")
    else:
        command = (str(Path(sys.prefix) / "bin" / "hipbreak"),)
    return Subject(
        "hipbreak",
        "hipbreak",
        command,
        _source_env(),
        menu_keys=("Down",),
        window_title=r" \u2014 hipbreak$",
        window_what="Stretch now → the stretch window",
    )


def sni_subjects() -> list[Subject]:
    """hipbreak and the floor of its StatusNotifier path (bench/floor_sni.py) under lxqt-panel."""
    app = hipbreak_subject()
    hipbreak = replace(
        app,
        key="hipbreak-sni",
        label="hipbreak",
        menu_keys=None,
        window_title=None,
        window_what="",
        host=LXQT,
    )
    floor = Subject(
        "floor-sni", "floor (jeepney)", (sys.executable, str(FLOOR_SNI)), _source_env(), host=LXQT
    )
    return [hipbreak, floor]


def floor_subjects() -> list[Subject]:
    """The minimal pystray + Pillow script on the gtk backend, and on xorg for reference."""
    gtk = Subject(
        "floor-gtk",
        "floor (gtk)",
        (sys.executable, str(FLOOR), "--backend", "gtk"),
        menu_keys=("Down",),
        window_title=r" \u2014 floor$",
        window_what="first item → a Tk window in a child process",
    )
    xorg = Subject("floor-xorg", "floor (xorg)", (sys.executable, str(FLOOR), "--backend", "xorg"))
    return [gtk, xorg]


def peer_subjects() -> list[Subject]:
    """Workrave and Safe Eyes as Debian 12 ships them, then each with GDK_GL=disable for memory only."""
    workrave = Subject(
        "workrave",
        "Workrave",
        ("workrave",),
        menu_keys=("Down", "Down"),
        window_title=r"^Rest break$",
        window_what="Rest break → the break window",
        package="workrave",
    )
    # Safe Eyes counts "python … safeeyes" processes machine-wide to stay single, listens on a fixed RPC
    # port, and subscribes to logind on the system bus at start (it exits when there is none).
    # Not "safeeyes": Safe Eyes takes any process with that word as an argument for a running copy of itself.
    safeeyes = Subject(
        "safe-eyes",
        "Safe Eyes",
        ("safeeyes",),
        menu_keys=("Down", "Down", "Down"),
        window_title=r"^SafeEyes-\d+$",
        window_what="Take a break now → the break screen (after Safe Eyes' own 1 s wait)",
        one_per_machine=True,
        system_bus=True,
        package="safeeyes",
    )
    # As shipped they load Mesa (llvmpipe on Xvfb), which hipbreak and the floor keep out; so their memory
    # is measured a second time without it, like for like.
    without_gl = [
        replace(
            peer,
            key=f"{peer.key}-no-gl",
            label=f"{peer.label}, GDK_GL=disable",
            command=("env", "GDK_GL=disable", *peer.command),
            memory_only=True,
        )
        for peer in (workrave, safeeyes)
    ]
    # Workrave shows only an XEmbed icon, which lxqt-panel's statusnotifier plugin does not host; Safe Eyes
    # registers an AppIndicator item there. Under lxqt-panel it is measured for figures 1 and 2 only.
    on_sni = [
        replace(peer, key=f"{peer.key}-sni", memory_only=True, host=LXQT)
        for peer in (safeeyes, without_gl[1])
    ]
    return [workrave, without_gl[0], safeeyes, without_gl[1], *on_sni]


def installed_version(package: str) -> str | None:
    """The installed Debian version of `package`, or None."""
    result = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Status}|${Version}", package],
        capture_output=True,
        text=True,
        check=False,
    )
    status, _, version = result.stdout.partition("|")
    return version if result.returncode == 0 and status == "install ok installed" else None


def candidate_version(package: str) -> str | None:
    """The version apt would install, or None when the archive has none."""
    result = subprocess.run(["apt-cache", "policy", package], capture_output=True, text=True, check=False)
    for line in result.stdout.splitlines():
        key, _, value = line.strip().partition(":")
        if key == "Candidate":
            value = value.strip()
            return None if value in ("", "(none)") else value
    return None


def install_peers(packages: list[str], say: Callable[[str], None] = print) -> list[str]:
    """Install the missing peer packages with apt-get (sudo when not root); return one line per problem."""
    missing = [package for package in packages if installed_version(package) is None]
    if not missing:
        return []
    problems = [
        f"{package}: not in this system's archive" for package in missing if not candidate_version(package)
    ]
    wanted = [package for package in missing if candidate_version(package)]
    if not wanted:
        return problems
    prefix = [] if os.geteuid() == 0 else ["sudo"]
    if prefix and shutil.which("sudo") is None:
        return [*problems, f"{' '.join(wanted)}: not root and no sudo to install them"]
    say(f"installing the peers to compare with: apt-get install --no-install-recommends {' '.join(wanted)}")
    command = [*prefix, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-q"]
    result = subprocess.run(
        [*command, "--no-install-recommends", *wanted], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-1:]
        problems.append(f"{' '.join(wanted)}: apt-get failed: {' '.join(tail)}")
    return problems
