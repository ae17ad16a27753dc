"""The files a desktop reads from the installed package: launcher, AppStream metainfo and icons, each
checked by the tool the desktops and app stores use, and the icons against the Pillow drawing."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import pytest
import tomllib
from desktop import skip_or_fail
from PIL import Image, ImageChops

from hipbreak import __version__
from hipbreak.adapters.app_menu import ICON_SIZES, LAUNCHER, icon_names
from hipbreak.adapters.desktop_file import APP_ID, parse_entry
from hipbreak.adapters.icon_art import draw_app_icon
from hipbreak.adapters.icon_files import app_icon_svg
from hipbreak.adapters.tray.sni.pixmap import pixmaps, shipped_pixmaps
from hipbreak.core.badges import Badge

REPO = Path(__file__).resolve().parents[2]
METAINFO = f"{APP_ID}.metainfo.xml"
PROJECT_URL = "https://github.com/hipbreak/hipbreak"


def shipped(*parts: str) -> Traversable:
    """A file of the installed package's data folder."""
    return resources.files("hipbreak").joinpath("data", *parts)


def tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        skip_or_fail(f"{name} is not installed (Debian: {package})")
    assert found is not None
    return found


def on_disk(item: Traversable, tmp_path: Path) -> Path:
    """A real file with `item`'s bytes and name, for tools that take a path."""
    path = tmp_path / item.name
    path.write_bytes(item.read_bytes())
    return path


def test_the_launcher_passes_desktop_file_validate(tmp_path: Path) -> None:
    path = on_disk(shipped(LAUNCHER), tmp_path)
    result = subprocess.run(
        [tool("desktop-file-validate", "desktop-file-utils"), str(path)], capture_output=True, text=True
    )
    report = (result.stdout + result.stderr).strip()
    assert result.returncode == 0 and not report, report
    fields = parse_entry(path.read_text())
    assert fields["Exec"] == "hipbreak" and fields["Icon"] == APP_ID


def test_the_metainfo_passes_appstreamcli_validate(tmp_path: Path) -> None:
    path = on_disk(shipped(METAINFO), tmp_path)
    result = subprocess.run(
        [tool("appstreamcli", "appstream"), "validate", "--no-net", str(path)], capture_output=True, text=True
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    # Infos are allowed: appstream 0.16 (Debian 12) does not know <developer> yet, 1.0 asks for it.
    problems = [line for line in report.splitlines() if re.match(r"\s*[EW]: ", line)]
    assert not problems, report


def test_the_metainfo_says_what_app_stores_show() -> None:
    root = ET.fromstring(shipped(METAINFO).read_text(encoding="utf-8"))
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("metadata_license") == "CC0-1.0" and root.findtext("project_license") == "MIT"
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id" and launchable.text == LAUNCHER
    developer = root.find("developer")
    assert developer is not None and developer.get("id") == "io.github.hipbreak"
    assert developer.findtext("name") == "The hipbreak authors"
    assert root.findtext("provides/binary") == "hipbreak"
    assert root.find("content_rating[@type='oars-1.1']") is not None
    assert next(r.get("version") for r in root.iter("release")) == __version__
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r.get("date") or "") for r in root.iter("release"))
    assert {u.text for u in root.iter("url")} <= {PROJECT_URL, f"{PROJECT_URL}/issues"}
    # Each screenshot is a picture in the repository's assets/, by its raw address.
    raw = "https://raw.githubusercontent.com/hipbreak/hipbreak/main/"
    images = [image.text or "" for image in root.iter("image")]
    assert images and all(url.startswith(raw) for url in images)
    for url in images:
        assert (REPO / url[len(raw) :]).is_file(), url


def test_pyproject_names_the_same_project_address() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert set(project["urls"].values()) == {PROJECT_URL, f"{PROJECT_URL}/issues"}
    assert project["license"] == "MIT" and (REPO / "LICENSE").read_text().startswith("MIT License")


@pytest.mark.parametrize("size", ICON_SIZES)
def test_each_hicolor_png_is_the_pillow_drawing(size: int) -> None:
    data = shipped("icons", *icon_names()[ICON_SIZES.index(size)].split("/")).read_bytes()
    with Image.open(io.BytesIO(data)) as icon:
        assert icon.size == (size, size) and icon.mode == "RGBA"
        # A newer Pillow may round an edge pixel differently; a changed drawing moves far more.
        bands = ImageChops.difference(icon, draw_app_icon(size)).split()  # R, G, B and alpha
    assert all(max(band.histogram()[4:]) == 0 for band in bands), "redraw with scripts/draw_icons.py"


@pytest.mark.parametrize("badge", [None, *(badge.value for badge in Badge)])
def test_the_tray_pixmaps_are_the_pillow_drawing(badge: str | None) -> None:
    found = shipped_pixmaps(badge, Path(str(shipped("icons", "tray-pixmaps.bin"))))
    assert found is not None, "redraw with scripts/draw_icons.py"
    for (width, height, data), drawn in zip(found, pixmaps(draw_app_icon, badge), strict=True):
        assert (width, height) == drawn[:2]
        # As for the PNGs: an edge pixel may round differently, a changed drawing moves far more.
        assert max(abs(a - b) for a, b in zip(data, drawn[2], strict=True)) <= 3, "redraw with draw_icons.py"


def test_the_scalable_icon_is_drawn_from_the_same_geometry(tmp_path: Path) -> None:
    svg = shipped("icons", *icon_names()[-1].split("/")).read_text(encoding="utf-8")
    assert svg == app_icon_svg(), "redraw with scripts/draw_icons.py"
    rendered = tmp_path / "svg.png"
    subprocess.run(
        [tool("rsvg-convert", "librsvg2-bin"), "-w", "256", "-h", "256", "-o", str(rendered)],
        input=svg.encode(),
        check=True,
    )
    with Image.open(rendered) as image:
        drawn = image.convert("RGBA")
    pillow = draw_app_icon(256)
    # The SVG is not snapped to pixels, so edges differ by a little; shapes and colours must not.
    difference = ImageChops.difference(drawn, pillow).convert("L")
    off = sum(difference.histogram()[65:])
    assert off < 256 * 256 * 0.01, f"{off} pixels differ clearly between the SVG and the PNG"
