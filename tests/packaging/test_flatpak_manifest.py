"""The Flatpak manifest, checked as far as this machine can without the GNOME SDK: its shape, its
permissions, pinned sources, that it vendors every Python dependency, and flatpak-builder's own reading."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from desktop import skip_or_fail

from hipbreak.adapters.desktop_file import APP_ID

REPO = Path(__file__).resolve().parents[2]
MANIFEST = REPO / "flatpak" / f"{APP_ID}.json"
# What the sandbox may do, and nothing more (docs/flatpak.md says why each is there). The portals,
# org.freedesktop.portal.Background among them, need no permission.
PERMISSIONS = {
    "--share=ipc",  # X11 shared memory, for Tk
    "--socket=x11",
    "--socket=wayland",
    "--talk-name=org.freedesktop.Notifications",
    "--talk-name=org.kde.StatusNotifierWatcher",
    "--own-name=org.kde.StatusNotifierItem-*",
    "--talk-name=org.gnome.Mutter.IdleMonitor",
    "--talk-name=org.freedesktop.ScreenSaver",  # idle time on KDE
}
# The GNOME runtime has these already; tomli only matters before Python 3.11.
FROM_RUNTIME = {"pygobject", "tomli"}


def load() -> dict[str, Any]:
    data = json.loads(MANIFEST.read_text())
    assert isinstance(data, dict)
    return data


def modules(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {module["name"]: module for module in manifest["modules"]}


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_app_and_runtime() -> None:
    manifest = load()
    assert manifest["id"] == APP_ID and manifest["command"] == "hipbreak"
    assert manifest["runtime"] == "org.gnome.Platform" and manifest["sdk"] == "org.gnome.Sdk"
    assert re.fullmatch(r"\d+", manifest["runtime-version"])


def test_permissions_are_the_minimal_set() -> None:
    assert set(load()["finish-args"]) == PERMISSIONS


def test_every_download_is_pinned_by_sha256() -> None:
    for module in load()["modules"]:
        for source in module["sources"]:
            if source["type"] == "dir":
                assert source["path"] == ".." and module["name"] == "hipbreak"
                continue
            assert source["type"] in {"file", "archive"}, source
            assert source["url"].startswith("https://"), source
            assert re.fullmatch(r"[0-9a-f]{64}", source["sha256"]), source


def needed_on_linux(name: str, seen: set[str]) -> set[str]:
    """`name` and everything it needs on Linux with Python 3.12 (the runtime's), from installed metadata."""
    from packaging.requirements import Requirement

    seen.add(normal(name))
    for line in metadata.requires(name) or []:
        requirement = Requirement(line)
        marker = requirement.marker
        if marker and not marker.evaluate({"sys_platform": "linux", "python_version": "3.12", "extra": ""}):
            continue
        if normal(requirement.name) not in seen | FROM_RUNTIME:
            needed_on_linux(requirement.name, seen)
    return seen


def test_exactly_the_python_dependencies_are_vendored() -> None:
    wheels = [
        Path(source["url"]).name
        for source in modules(load())["python3-requirements"]["sources"]
        if source["url"].endswith(".whl")
    ]
    vendored = {normal(name.split("-")[0]) for name in wheels}
    assert vendored == needed_on_linux("hipbreak", set()) - {"hipbreak"}
    # Binary wheels (Pillow) for each architecture Flathub builds.
    binary = [name for name in wheels if not name.endswith("-none-any.whl")]
    arches = {arch for name in binary for arch in ("x86_64", "aarch64") if arch in name}
    assert arches == {"x86_64", "aarch64"}
    # Each binary wheel is fetched only on the architecture its name says.
    for source in modules(load())["python3-requirements"]["sources"]:
        name = Path(source["url"]).name
        if not name.endswith("-none-any.whl"):
            assert [arch for arch in ("x86_64", "aarch64") if arch in name] == source.get("only-arches"), name


def test_the_desktop_files_are_installed_under_their_app_id() -> None:
    commands = " ".join(modules(load())["hipbreak"]["build-commands"])
    assert f"hipbreak/data/{APP_ID}.desktop" in commands
    assert f"hipbreak/data/{APP_ID}.metainfo.xml" in commands
    assert "hipbreak/data/icons" in commands


def test_flatpak_builder_reads_it_without_a_warning() -> None:
    builder = shutil.which("flatpak-builder")
    if builder is None:
        skip_or_fail("flatpak-builder is not installed (Debian: flatpak-builder)")
    assert builder is not None
    result = subprocess.run([builder, "--show-manifest", str(MANIFEST)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # Unknown keys (a misspelt "sha256", say) are only warnings to it.
    assert "WARNING" not in result.stderr, result.stderr
    assert json.loads(result.stdout)["id"] == APP_ID
