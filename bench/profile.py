"""Where hipbreak's idle wake-ups and memory go, for the profile in docs/benchmarks.md.

`python -m bench.profile idle [--seconds 600] [--settle 75]`: per-thread context switches per minute while
nothing is due (default settings, the user present), with each Python thread's name given to its OS thread
so /proc can tell them apart.
`python -m bench.profile imports [--path sni]`: the private memory each of hipbreak's imports adds on top
of what the floor script (bench/floor_tray.py, or with --path sni bench/floor_sni.py) already loads. Both
use the installed hipbreak unless HIPBREAK_BENCH_FROM_SOURCE=1.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.harness import Desktop
from bench.proc import activity, thread_switches
from bench.subjects import REPO, from_source, hipbreak_subject

# Python does not name OS threads before 3.14; this makes /proc/<pid>/task/*/status show the names.
_NAME_THREADS = """\
import ctypes, threading
_prctl = ctypes.CDLL(None).prctl
_start = threading.Thread._bootstrap_inner
def _named(self):
    _prctl(15, self.name[:15].encode(), 0, 0, 0)  # PR_SET_NAME
    _start(self)
threading.Thread._bootstrap_inner = _named
"""

# Imported in this order by the composition root; each line's cost is what it adds to those before it.
_IMPORTS = """\
import os, sys
os.environ["GDK_GL"] = "disable"
os.environ["PYSTRAY_BACKEND"] = "gtk"
def private():
    with open("/proc/self/smaps_rollup") as rollup:
        return sum(int(line.split()[1]) for line in rollup if line.startswith("Private_"))
import argparse, subprocess
from PIL import Image, ImageDraw
if sys.argv[1] == "sni":
    import hipbreak.adapters.tray.sni.tray, jeepney.io.blocking
    floor = "the floor: Pillow, jeepney, the SNI tray"
else:
    import pystray
    floor = "the floor: pystray, Pillow, GTK"
base, count = private(), len(sys.modules)
print(f"{floor:44} {base / 1024:6.2f} MB  {count:4} modules")
for name in sys.argv[2:]:
    __import__(name)
    now = private()
    print(f"{'+ ' + name:44} {(now - base) / 1024:+6.2f} MB  {len(sys.modules) - count:+4} modules")
    base, count = now, len(sys.modules)
"""
HIPBREAK_IMPORTS = (
    "hipbreak.cli.main",
    "hipbreak.app.compose",
    "hipbreak.app.state",
    "hipbreak.adapters.config_file.read",
    "hipbreak.app.live_ports",
    "hipbreak.ipc.server",
    "hipbreak.adapters.tray.pystray_tray",
    "hipbreak.adapters.tray.probe",
    "hipbreak.adapters.notify.choose",
    "hipbreak.adapters.notify.freedesktop",
    "hipbreak.adapters.idle.choose",
    "hipbreak.adapters.idle.x11",
    "hipbreak.adapters.autostart.choose",
    "jeepney.io.blocking",
)


def profile_idle(seconds: float, settle: float) -> None:
    """Print each thread's context switches per minute over `seconds` with default settings, nothing due."""
    subject = hipbreak_subject()
    with tempfile.TemporaryDirectory(prefix="hipbreak-profile-") as folder, Desktop() as desktop:
        Path(folder, "sitecustomize.py").write_text(_NAME_THREADS)
        paths = [folder, *([str(REPO)] if from_source() else [])]
        env = {**subject.env, "PYTHONPATH": os.pathsep.join(paths)}
        process = desktop.spawn(["env", "-u", "GDK_GL", *subject.command], "hipbreak", env=env)
        while not desktop.tray_icons():
            time.sleep(0.01)
        time.sleep(settle)  # start-up done; the first reminder is 45 min away
        before, start = thread_switches(process.pid), activity(process.pid, time.monotonic())
        step = 0
        while time.monotonic() - start.at < seconds:
            # Input now and then keeps the user present (idle_reset is 5 min), away from the tray icon.
            desktop.move(100 + step % 2 * 300, 100)
            step += 1
            time.sleep(min(60.0, max(0.0, seconds - (time.monotonic() - start.at))))
        after, end = thread_switches(process.pid), activity(process.pid, time.monotonic())
    minutes = (end.at - start.at) / 60
    print(f"{minutes:.1f} min idle; context switches per minute, by thread:")
    per_thread = {}
    for tid, (name, count) in sorted(after.items()):
        per_thread[f"{name} ({tid})"] = (count - before.get(tid, (name, 0))[1]) / minutes
        print(f"  {name:22} {per_thread[f'{name} ({tid})']:6.2f}")
    total = (end.switches - start.switches) / minutes
    print(f"  {'all threads':22} {total:6.2f}")
    print(f"CPU: {(end.cpu - start.cpu) / minutes * 1000:.1f} ms per minute")
    print(json.dumps({"minutes": minutes, "per_minute": total, "threads": per_thread}))


def profile_imports(path: str) -> None:
    """Print the private memory each of hipbreak's imports adds to the floor's of `path` (gtk or sni)."""
    paths = [str(REPO)] if from_source() else []
    with Desktop(notifications=False, tray=False) as desktop:
        env = {**desktop.env, "PYTHONPATH": os.pathsep.join(paths)}
        result = subprocess.run(
            [sys.executable, "-c", _IMPORTS, path, *HIPBREAK_IMPORTS],
            env=env,
            cwd="/",
            capture_output=True,
            text=True,
        )
    print(result.stdout or result.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one profile."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    kinds = parser.add_subparsers(dest="kind", required=True)
    idle = kinds.add_parser("idle", help="context switches per minute while idle, by thread")
    idle.add_argument("--seconds", type=float, default=600.0, help="length of the idle window (default 600)")
    idle.add_argument("--settle", type=float, default=75.0, help="wait after docking before it (default 75)")
    imports = kinds.add_parser("imports", help="private memory added by each import")
    imports.add_argument(
        "--path", choices=["gtk", "sni"], default="gtk", help="whose floor to start from (default gtk)"
    )
    args = parser.parse_args(argv)
    if args.kind == "idle":
        profile_idle(args.seconds, args.settle)
    else:
        profile_imports(args.path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
