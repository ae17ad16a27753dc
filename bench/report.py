"""The machine, the figures against their targets, and the tables bench.run prints."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import statistics
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bench.instance import Instance
from bench.subjects import Subject, installed_version

LIBRARIES = ("pystray", "pillow", "PyGObject", "jeepney", "plyer", "python-xlib")
PACKAGES = ("libgtk-3-0", "xvfb", "trayer", "lxqt-panel", "dunst", "workrave", "safeeyes")


def machine() -> dict[str, Any]:
    """CPU, cores, memory, OS and the versions of everything measured."""
    info: dict[str, Any] = {"cpu": "unknown", "virtual": False}
    with open("/proc/cpuinfo") as file:
        for line in file:
            key, _, value = line.partition(":")
            if key.strip() == "model name" and info["cpu"] == "unknown":
                info["cpu"] = value.strip()
            elif key.strip() == "flags":
                info["virtual"] = "hypervisor" in value.split()
    with open("/proc/meminfo") as file:
        total_kb = int(next(line for line in file if line.startswith("MemTotal")).split()[1])
    info["cores"] = os.cpu_count()
    info["ram_gb"] = round(total_kb / 1024 / 1024, 1)
    info["os"] = _os_name()
    info["kernel"] = platform.release()
    info["python"] = platform.python_version()
    info["libraries"] = {name: _library_version(name) for name in LIBRARIES}
    info["packages"] = {name: installed_version(name) for name in PACKAGES}
    return info


def load() -> tuple[float, float, float]:
    """The load averages: on a shared machine they say how much else was running."""
    return os.getloadavg()


def hipbreak_version(subject: Subject) -> str:
    """The version and location of the hipbreak that `subject` runs."""
    python = (
        subject.command[0] if subject.command[0].endswith("python") else _script_python(subject.command[0])
    )
    code = "import hipbreak; print(hipbreak.__version__, hipbreak.__file__)"
    result = subprocess.run(
        [python, "-c", code], env={**os.environ, **subject.env}, cwd="/", capture_output=True, text=True
    )
    return result.stdout.strip() or result.stderr.strip()


def _script_python(script: str) -> str:
    with open(script) as file:
        return file.readline().removeprefix("#!").strip()


def _os_name() -> str:
    try:
        with open("/etc/os-release") as file:
            fields = dict(line.rstrip("\n").split("=", 1) for line in file if "=" in line)
    except OSError:
        return platform.platform()
    return fields.get("PRETTY_NAME", "").strip('"') or platform.platform()


def _library_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


# -- per-subject summaries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A median over runs, with its range and how many runs gave a value."""

    median: float
    low: float
    high: float
    runs: int


def figure(values: Sequence[float | None]) -> Figure | None:
    """Summarise the runs that produced a value; None when none did."""
    present = [value for value in values if value is not None]
    if not present:
        return None
    return Figure(statistics.median(present), min(present), max(present), len(present))


def summarise(instances: list[Instance]) -> dict[str, Figure | None]:
    """Figures 1 to 4 of one subject's runs."""

    def per_minute(instance: Instance, pick: Callable[[Any], float]) -> float | None:
        if instance.idle is None:
            return None
        start, end = instance.idle
        return (pick(end) - pick(start)) / ((end.at - start.at) / 60)

    return {
        "dock_s": figure([i.dock_s for i in instances]),
        "rss_mb": figure([i.memory.rss if i.memory else None for i in instances]),
        "pss_mb": figure([i.memory.pss_alone if i.memory else None for i in instances]),
        "pss_kernel_mb": figure([i.memory.pss if i.memory else None for i in instances]),
        "cpu_s_per_min": figure([per_minute(i, lambda a: a.cpu) for i in instances]),
        "switches_per_min": figure([per_minute(i, lambda a: a.switches) for i in instances]),
        "involuntary_per_min": figure([per_minute(i, lambda a: a.involuntary) for i in instances]),
        "window_ms": figure([i.window_ms for i in instances]),
    }


# -- the table --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the table: hipbreak's figure, the target, the verdict, then the same for each peer."""

    label: str
    ours: str
    target: str = ""
    verdict: str = ""
    peers: tuple[str, ...] = ()


def verdict(ok: bool | None, note: str = "") -> str:
    """PASS / MISS, or "n/a" when there is nothing to judge."""
    if ok is None:
        return "n/a"
    return ("PASS" if ok else "MISS") + (f" {note}" if note else "")


def number(value: float | None, digits: int = 1) -> str:
    """A figure for the table; "—" when it is missing."""
    return "—" if value is None else f"{value:.{digits}f}"


def markdown(rows: list[Row], peers: list[str]) -> str:
    """The rows as a Markdown table."""
    header = ["figure", "hipbreak", "target", "verdict", *peers]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for row in rows:
        cells = [row.label, row.ours, row.target, row.verdict, *row.peers]
        cells += [""] * (len(header) - len(cells))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
