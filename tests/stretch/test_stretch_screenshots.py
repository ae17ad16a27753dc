"""Screenshots of every phase, both sides, at 100 % and 200 % scaling, into artifacts/stretch/ for review."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from stretch_harness import StretchRun

pytestmark = pytest.mark.desktop

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "stretch"


def second_cue(value: str) -> bool:
    return value.startswith("Tip 2 of 4")


def check(path: Path, window: tuple[int, int, int, int]) -> None:
    """Check the window in the screenshot is drawn, and save it alone as window-<name>.png."""
    x, y, width, height = window
    with Image.open(path) as shot:
        inside = shot.convert("RGB").crop((x, y, x + width, y + height))
    assert len(inside.getcolors(1 << 20) or []) > 100  # text, picture and ring, not an empty window
    inside.save(path.with_name(f"window-{path.name}"))


@pytest.mark.parametrize(("size", "dpi", "suffix"), [((1280, 800), 96, ""), ((2560, 1600), 192, "-200")])
def test_screenshots_of_every_phase(
    stretch: Callable[..., StretchRun],
    make_display: Callable[..., str],
    size: tuple[int, int],
    dpi: int,
    suffix: str,
) -> None:
    run = stretch(
        "--hold", "3", "--prepare", "30", "--daily-goal", "8", "--done-today", "3", "--no-sound",
        "--voice", "off", on=make_display(*size, dpi=dpi),
    )  # fmt: skip
    shots = []

    def shoot(name: str) -> None:
        shots.append(run.screenshot(SHOTS / f"{name}{suffix}.png"))
        check(shots[-1], run.geometry())

    run.wait_screen(title="Get into position")
    shoot("1-prepare-left")
    run.key("Right")
    run.wait_screen(title="Left side hold", cue_step=second_cue)
    shoot("2-hold-left")
    run.key("space")
    run.wait_screen(title="Left side hold", status="PAUSED")
    shoot("3-paused-left")
    run.key("space")
    run.wait_screen(title="Switch sides")
    shoot("4-switch-right")
    run.key("Right")
    run.wait_screen(title="Right side hold", cue_step=second_cue)
    shoot("5-hold-right")
    run.wait_screen(title="Done")
    shoot("6-done")
    assert run.outcome()["event"] == "completed"
    run.key("Return")
    assert run.exit_code() == 0
    assert len(shots) == 6


@pytest.mark.parametrize(("size", "dpi"), [((2560, 1600), 192), ((1366, 768), 96)])
def test_screenshots_at_other_scales(
    stretch: Callable[..., StretchRun], make_display: Callable[..., str], size: tuple[int, int], dpi: int
) -> None:
    display = make_display(*size, dpi=dpi)
    run = stretch(
        "--hold", "3", "--prepare", "0", "--daily-goal", "8", "--done-today", "7", "--no-sound", on=display
    )  # fmt: skip
    run.wait_screen(title="Left side hold", cue_step=second_cue)
    x, y, width, height = run.geometry()
    assert x >= 0 and y >= 0 and x + width <= size[0] and y + height <= size[1]  # fits the screen
    if dpi == 192:
        assert width > 1900  # twice the 96 dpi size, not a small window on a big screen
    path = run.screenshot(SHOTS / f"hold-left-{size[0]}x{size[1]}-{dpi}dpi.png")
    check(path, (x, y, width, height))
    run.key("Escape")
    assert run.outcome()["reason"] == "escape"
