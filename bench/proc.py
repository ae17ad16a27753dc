"""What a process tree costs, read from /proc (Linux): memory, CPU time and context switches.

PSS splits each shared page between the processes that map it, so a process's PSS drops whenever anything
else on the machine (another engineer's tests, another benchmark subject) maps the same libraries.
`memory()` therefore also works out PSS "alone on its desktop": the same arithmetic as the kernel, page by
page from /proc/<pid>/pagemap, but counting only the tree and the desktop it runs on. Reading frame numbers
needs CAP_SYS_ADMIN (root); without it that figure falls back to the kernel's.
"""

from __future__ import annotations

import ctypes
import functools
import glob
import os
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")
MB = 1024 * 1024
_PRESENT = 1 << 63
_FRAME = (1 << 55) - 1
# Mappings that are not ordinary memory; smaps leaves them out of Rss and Pss too.
_SPECIAL = {"[vsyscall]", "[vvar]", "[vvar_vclock]"}


def process_tree(pid: int) -> list[int]:
    """Return `pid` and its live descendants (children of every thread), parents first."""
    found = [pid]
    for path in glob.glob(f"/proc/{pid}/task/*/children"):
        try:
            with open(path) as file:
                children = [int(child) for child in file.read().split()]
        except OSError:  # the thread ended meanwhile
            continue
        for child in children:
            found.extend(process_tree(child))
    return found


def trees(pids: Iterable[int]) -> list[int]:
    """Return every process in the trees rooted at `pids`, without repeats."""
    return list(dict.fromkeys(member for pid in pids for member in process_tree(pid)))


@dataclass(frozen=True)
class Memory:
    """Memory of a process tree in MB, summed over its processes."""

    rss: float  # as the kernel reports it (a page two processes of the tree share counts twice)
    pss: float  # the kernel's PSS: shares split with every process on the machine
    pss_alone: float  # PSS as if only the tree and its desktop ran (see the module docstring)
    private: float  # pages no process outside the tree maps (the kernel's Private_Clean + Private_Dirty)


def memory(tree: list[int], company: list[int]) -> Memory:
    """Measure `tree`; `company` are the other processes counted as present (its desktop's servers)."""
    rss = pss = private = 0
    for pid in tree:
        rollup = _rollup(pid)
        rss += rollup.get("Rss", 0)
        pss += rollup.get("Pss", 0)
        private += rollup.get("Private_Clean", 0) + rollup.get("Private_Dirty", 0)
    alone = _pss_alone(tree, company)
    return Memory(rss / 1024, pss / 1024, (pss / 1024) if alone is None else alone / MB, private / 1024)


def _rollup(pid: int) -> dict[str, int]:
    """The kB fields of /proc/<pid>/smaps_rollup ({} once the process is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as file:
            lines = file.read().splitlines()
    except OSError:
        return {}
    fields = {}
    for line in lines[1:]:
        key, _, rest = line.partition(":")
        fields[key] = int(rest.split()[0])
    return fields


def _pss_alone(tree: list[int], company: list[int]) -> float | None:
    """Bytes of PSS of `tree` counting only mappings by `tree` and `company`; None without frame numbers."""
    frames = {pid: _frames(pid) for pid in dict.fromkeys([*tree, *company])}
    if not any(frames.values()):
        return None
    counts: Counter[int] = Counter()
    for mapped in frames.values():
        counts.update(mapped)
    zero = _zero_frame()
    total = 0.0
    for pid in tree:
        total += sum(PAGE / counts[frame] for frame in frames[pid] if frame != zero)
    return total


def _frames(pid: int) -> array[int]:
    """Frame numbers of the pages `pid` has in memory, once per mapping; empty if unreadable."""
    found: array[int] = array("Q")
    try:
        fd = os.open(f"/proc/{pid}/pagemap", os.O_RDONLY)
    except OSError:
        return found
    try:
        with open(f"/proc/{pid}/maps") as maps:
            lines = maps.read().splitlines()
        for line in lines:
            fields = line.split(None, 5)
            name = fields[5].strip() if len(fields) > 5 else ""
            if fields[1].startswith("---") or name in _SPECIAL:  # reservations hold no pages
                continue
            start, end = (int(part, 16) for part in fields[0].split("-"))
            entries: array[int] = array("Q")
            entries.frombytes(os.pread(fd, (end - start) // PAGE * 8, start // PAGE * 8))
            found.extend(entry & _FRAME for entry in entries if entry & _PRESENT)
    except OSError:  # the process ended while being read
        return array("Q")
    finally:
        os.close(fd)
    if found and not any(found):  # without CAP_SYS_ADMIN every frame number reads as 0
        return array("Q")
    return found


@functools.cache
def _zero_frame() -> int:
    """The frame of the kernel's shared zero page, which smaps does not count and pagemap does."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mmap.restype = ctypes.c_void_p
    libc.mmap.argtypes = [
        ctypes.c_void_p,
        ctypes.c_size_t,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_long,
    ]
    prot_read, map_private_anonymous = 0x1, 0x02 | 0x20
    address = libc.mmap(None, PAGE, prot_read, map_private_anonymous, -1, 0)
    ctypes.string_at(address, 1)  # reading an untouched anonymous page maps the zero page
    fd = os.open("/proc/self/pagemap", os.O_RDONLY)
    try:
        entry = array("Q", os.pread(fd, 8, address // PAGE * 8))[0]
    finally:
        os.close(fd)
    return entry & _FRAME if entry & _PRESENT else -1


@dataclass(frozen=True)
class Activity:
    """Counters of a process tree at one moment."""

    at: float  # time.monotonic() when read
    cpu: float  # seconds of utime + stime, including children the tree has reaped
    switches: int  # voluntary + involuntary context switches of every live thread
    involuntary: int  # of those, the times a thread was preempted (more of them on a busy machine)


def activity(root: int, at: float) -> Activity:
    """Read the counters of the tree under `root`; `at` is the caller's monotonic timestamp."""
    cpu = 0
    switches = involuntary = 0
    for pid in process_tree(root):
        cpu += _cpu_ticks(pid)
        for path in glob.glob(f"/proc/{pid}/task/*/status"):
            counts = _status_fields(path)
            switches += counts.get("voluntary_ctxt_switches", 0) + counts.get("nonvoluntary_ctxt_switches", 0)
            involuntary += counts.get("nonvoluntary_ctxt_switches", 0)
    return Activity(at, cpu / TICKS, switches, involuntary)


def _status_fields(path: str) -> dict[str, int]:
    """The numeric fields of a /proc status file ({} once the thread is gone)."""
    fields = {}
    try:
        with open(path) as file:
            for line in file:
                key, _, value = line.partition(":")
                if value.strip().isdigit():
                    fields[key] = int(value)
    except OSError:
        return {}
    return fields


def _cpu_ticks(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat") as file:
            text = file.read()
    except OSError:
        return 0
    # The command name may hold spaces and parentheses; the fields after its closing one are plain.
    fields = text[text.rindex(")") + 2 :].split()
    utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
    return utime + stime + cutime + cstime


def thread_switches(pid: int) -> dict[int, tuple[str, int]]:
    """Return {thread id: (thread name, voluntary + involuntary switches)} for `pid`'s live threads."""
    found = {}
    for path in glob.glob(f"/proc/{pid}/task/*/status"):
        name, count = "", 0
        try:
            with open(path) as file:
                for line in file:
                    key, _, value = line.partition(":")
                    if key == "Name":
                        name = value.strip()
                    elif key.endswith("ctxt_switches"):  # voluntary_ and nonvoluntary_
                        count += int(value)
        except OSError:
            continue
        found[int(path.split("/")[4])] = (name, count)
    return found


def cpu_busy(root: int) -> float:
    """Seconds of CPU the tree under `root` has used so far (for telling when it has gone quiet)."""
    return sum(_cpu_ticks(pid) for pid in process_tree(root)) / TICKS
