"""Open cameras: the /proc scan on a fake /proc tree, the real /proc with a stand-in device name, and
polling only while interested.

A real open of /dev/video* cannot be staged here (no camera, and creating device nodes would change
the machine), so the real-/proc test opens an ordinary file matched by a test-only device pattern.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from desktop import wait_for

from hipbreak.adapters.hold.camera import DEVICE, CameraSignal, camera_users


def fake_proc(root: Path, pid: int, name: str, links: dict[str, str]) -> None:
    process = root / str(pid)
    (process / "fd").mkdir(parents=True)
    (process / "comm").write_text(name + "\n")
    for fd, target in links.items():
        (process / "fd" / fd).symlink_to(target)


def test_a_process_with_a_video_device_open_is_found(tmp_path: Path) -> None:
    fake_proc(tmp_path, 100, "firefox-esr", {"0": "/dev/null", "31": "/dev/video0", "32": "/dev/video0"})
    fake_proc(tmp_path, 200, "bash", {"0": "/dev/pts/3", "3": "/dev/video-not"})
    fake_proc(tmp_path, 300, "cheese", {"7": "/dev/video12"})
    (tmp_path / "self").mkdir()  # not a process number
    (tmp_path / "400").mkdir()  # a process whose fds are not readable (no fd folder)
    assert camera_users(tmp_path, os.getuid(), own_pid=1) == [(100, "firefox-esr"), (300, "cheese")]


def test_our_own_process_and_other_users_are_left_out(tmp_path: Path) -> None:
    fake_proc(tmp_path, 100, "hipbreak", {"3": "/dev/video0"})
    assert camera_users(tmp_path, os.getuid(), own_pid=100) == []
    assert camera_users(tmp_path, os.getuid() + 1, own_pid=1) == []
    assert camera_users(tmp_path / "missing", os.getuid(), own_pid=1) == []


def test_the_real_proc_is_scanned(tmp_path: Path) -> None:
    device = tmp_path / "video7"
    device.write_text("")
    holder = subprocess.Popen(
        [sys.executable, "-c", f"f = open({str(device)!r}); import sys; sys.stdin.read()"],
        stdin=subprocess.PIPE,
    )
    try:
        pattern = re.compile(re.escape(str(tmp_path)) + r"/video\d+")
        users = wait_for(lambda: camera_users(Path("/proc"), os.getuid(), os.getpid(), pattern), 10)
        assert [pid for pid, _ in users] == [holder.pid]
    finally:
        holder.kill()
        holder.wait()
    assert DEVICE.fullmatch("/dev/video0") and not DEVICE.fullmatch("/dev/video0x")


def test_it_looks_only_while_interested(tmp_path: Path) -> None:
    fake_proc(tmp_path, 100, "zoom", {"3": "/dev/video0"})
    changes: list[bool] = []
    signal = CameraSignal(proc_root=tmp_path, poll_seconds=0.05)
    try:
        signal.start(changes.append)
        time.sleep(0.3)  # a stretch of "all day": nothing may be looked at
        assert signal.scans == 0 and changes == []
        signal.set_interest(True)
        wait_for(lambda: changes == [True], 5, "the open camera")
        assert "zoom (100)" in signal.describe()
        (tmp_path / "100" / "fd" / "3").unlink()
        wait_for(lambda: changes == [True, False], 5, "the closed camera")
        signal.set_interest(False)
        time.sleep(0.1)  # let a look already under way finish
        settled = signal.scans
        time.sleep(0.3)
        assert signal.scans == settled, "no looks without interest"
    finally:
        signal.close()
