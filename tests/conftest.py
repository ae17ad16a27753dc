"""Shared fixtures: the installed-package guard, per-test artifact folders, and the headless desktop."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import sysconfig
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from desktop import Desktop, require_tools, skip_or_fail
from xserver import XServer, running_xvfb

REPO = Path(__file__).resolve().parent.parent

# Each phase's report, so the desktop fixture knows at teardown whether the test failed.
_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


def pytest_configure(config: pytest.Config) -> None:
    """Register the desktop marker; refuse to run against anything but the hipbreak installed in this venv."""
    config.addinivalue_line("markers", "desktop: needs the headless desktop (Xvfb, tray host, notifications)")
    # The tests read what hipbreak says in English unless a test asks for another language itself.
    os.environ["LANGUAGE"] = "en"
    # The tests are about what users get: the built wheel, with its package data and entry point,
    # not the source tree (which `python -m pytest` would put first on sys.path).
    try:
        import hipbreak
    except ImportError as exc:
        raise pytest.UsageError(
            f"hipbreak is not installed in {sys.prefix} ({exc}); run scripts/setup.sh --test"
        ) from exc
    where = Path(hipbreak.__file__).resolve()
    site_dirs = {Path(sysconfig.get_path(kind)).resolve() for kind in ("purelib", "platlib")}
    if any(where.is_relative_to(site) for site in site_dirs):
        return
    if os.environ.get("HIPBREAK_TESTS_FROM_SOURCE") == "1" and os.environ.get("CI") != "true":
        return
    raise pytest.UsageError(
        f"the tests imported hipbreak from {where}, not from this venv's site-packages; run "
        "./scripts/test.sh, or scripts/setup.sh --test then .venv/bin/pytest (not `python -m pytest`). "
        "HIPBREAK_TESTS_FROM_SOURCE=1 allows the source tree outside CI."
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the desktop fixture `desktop`, so `-m "not desktop"` leaves them out."""
    for item in items:
        if "desktop" in getattr(item, "fixturenames", ()) and item.get_closest_marker("desktop") is None:
            item.add_marker(pytest.mark.desktop)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the item."""
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Iterator[Path]:
    """An empty folder <repo>/artifacts/<test name>/ for screenshots and logs (git-ignored)."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name).strip("_")
    folder = REPO / "artifacts" / name
    shutil.rmtree(folder, ignore_errors=True)  # files from an earlier run would mislead
    folder.mkdir(parents=True)
    yield folder
    with contextlib.suppress(OSError):  # only when the test left nothing in it
        folder.rmdir()


@pytest.fixture
def desktop(request: pytest.FixtureRequest, artifacts: Path) -> Iterator[Desktop]:
    """A fresh headless desktop per test; `@pytest.mark.desktop(tray=False, notifications=False)` trims it.

    A failed test leaves a screenshot and every component's log in its artifacts folder.
    """
    require_tools()
    marker = request.node.get_closest_marker("desktop")
    options = dict(marker.kwargs) if marker else {}
    desktop = Desktop(**options).start()
    try:
        yield desktop
    finally:
        call = request.node.stash.get(_REPORTS, {}).get("call")
        if call is None or call.failed:
            desktop.save_artifacts(artifacts)
        desktop.stop()


@pytest.fixture
def xvfb() -> Iterator[XServer]:
    """A bare private Xvfb (no window manager, no tray) on a display number Xvfb picks itself."""
    if shutil.which("Xvfb") is None or shutil.which("xdotool") is None:
        skip_or_fail("Xvfb or xdotool is not installed (Debian: xvfb xdotool)")
    with running_xvfb(320, 240) as server:
        yield server


@pytest.fixture
def app_command() -> Path:
    """The installed `hipbreak` console script of this venv."""
    path = Path(sys.prefix) / "bin" / "hipbreak"
    if not path.exists():
        skip_or_fail(f"no hipbreak console script at {path}; run scripts/setup.sh --test")
    return path
