"""The wheel and sdist as a packager gets them: built without leaving anything in the checkout, shipping
exactly the package data, byte-identical when built twice, clean for twine, and installable by pipx."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from desktop import skip_or_fail

from hipbreak import __version__

REPO = Path(__file__).resolve().parents[2]
# What a checkout holds that a build reads (tests, docs and the .venv are not needed).
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE", "hipbreak", "po", "scripts")
EPOCH = "1767225600"  # 2026-01-01, any fixed moment

pytestmark = pytest.mark.slow


def copy_checkout(dest: Path) -> Path:
    """A copy of the checkout's build inputs at `dest`, as a fresh clone would have them."""
    dest.mkdir(parents=True)
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / name)
    return dest


def run(argv: list[str], cwd: Path, **env: str) -> str:
    result = subprocess.run(
        argv, cwd=cwd, capture_output=True, text=True, env={**os.environ, **env}, timeout=600
    )
    assert result.returncode == 0, f"{argv}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The checkout copy, and the wheel scripts/build-wheel.sh (setup.sh's build step) made in it."""
    checkout = copy_checkout(tmp_path_factory.mktemp("build") / "hipbreak")
    run(["scripts/build-wheel.sh", "dist"], checkout, PYTHON=sys.executable)
    return checkout, checkout / "dist" / f"hipbreak-{__version__}-py3-none-any.whl"


def test_building_the_wheel_leaves_no_build_folder_or_egg_info(built: tuple[Path, Path]) -> None:
    checkout, wheel = built
    assert wheel.is_file()
    assert sorted(p.name for p in checkout.iterdir()) == sorted([*SOURCES, "dist"])
    assert not list(checkout.rglob("*.egg-info")) and not list(checkout.rglob("build"))


def test_the_wheel_ships_exactly_the_package_data(built: tuple[Path, Path]) -> None:
    _checkout, wheel = built
    names = set(zipfile.ZipFile(wheel).namelist())
    data = {name for name in names if name.startswith("hipbreak/") and not name.endswith(".py")}
    expected = {
        str(path.relative_to(REPO))
        for folder in ("hipbreak/routines", "hipbreak/data")
        for path in (REPO / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    # One compiled catalog per translation in po/, built from it while the wheel is made.
    expected |= {f"hipbreak/locale/{po.stem}/LC_MESSAGES/hipbreak.mo" for po in (REPO / "po").glob("*.po")}
    assert data == expected
    assert "hipbreak/routines/hip-flexor.toml" in data
    assert f"hipbreak-{__version__}.dist-info/licenses/LICENSE" in names


def test_the_sdist_and_wheel_pass_twine_check(built: tuple[Path, Path], tmp_path: Path) -> None:
    checkout, wheel = built
    run([sys.executable, "-m", "build", "--sdist", "--outdir", str(tmp_path)], checkout)
    sdist = tmp_path / f"hipbreak-{__version__}.tar.gz"
    report = run([sys.executable, "-m", "twine", "check", "--strict", str(sdist), str(wheel)], checkout)
    assert report.count("PASSED") == 2, report


def test_two_builds_give_byte_identical_wheels(tmp_path: Path) -> None:
    wheels = []
    for name in ("first", "second"):
        checkout = copy_checkout(tmp_path / name / "hipbreak")
        out = tmp_path / name / "out"
        build = [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), "."]
        run(build, checkout, SOURCE_DATE_EPOCH=EPOCH)
        wheels.append((out / f"hipbreak-{__version__}-py3-none-any.whl").read_bytes())
    assert wheels[0] == wheels[1]


def test_pipx_installs_the_wheel_and_it_runs(built: tuple[Path, Path], tmp_path: Path) -> None:
    pipx = shutil.which("pipx")
    if pipx is None:
        skip_or_fail("pipx is not installed (Debian: pipx)")
    assert pipx is not None
    _checkout, wheel = built
    # pipx's own folders in the temp dir; pip's cache stays the user's, so PyGObject is not rebuilt.
    folders = {"PIPX_HOME": str(tmp_path / "pipx"), "PIPX_BIN_DIR": str(tmp_path / "bin")}
    run([pipx, "install", str(wheel)], tmp_path, **folders)
    version = run([str(tmp_path / "bin" / "hipbreak"), "--version"], tmp_path)
    assert version.startswith(f"hipbreak {__version__} (") and str(tmp_path / "pipx") in version
    run([pipx, "uninstall", "hipbreak"], tmp_path, **folders)
    assert not (tmp_path / "bin" / "hipbreak").exists()
