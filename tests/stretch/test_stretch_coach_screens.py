"""The window as the user sees it from the floor: moving picture, Why? panel, large text, size remembered.

Screenshots go to artifacts/stretch/coach/ for review: two animation frames per side, the Why? panel
and large text, at 100 % and 200 %.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from stretch_harness import StretchRun

pytestmark = pytest.mark.desktop

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "stretch" / "coach"
QUIET = ("--daily-goal", "8", "--done-today", "3", "--no-sound", "--voice", "off")


def window_shot(run: StretchRun, name: str) -> Image.Image:
    """Screenshot the screen, save the window alone as <name>.png, and return it."""
    path = run.screenshot(SHOTS / "screen" / f"{name}.png")
    x, y, width, height = run.geometry()
    with Image.open(path) as shot:
        window = shot.convert("RGB").crop((x, y, x + width, y + height))
    window.save(SHOTS / f"{name}.png")
    assert len(window.getcolors(1 << 20) or []) > 100  # drawn, not an empty window
    return window


@pytest.mark.parametrize(("size", "dpi", "label"), [((1280, 800), 96, "100"), ((2560, 1600), 192, "200")])
def test_the_picture_moves_during_each_hold_and_the_why_panel_and_large_text_show(
    stretch: Callable[..., StretchRun],
    make_display: Callable[..., str],
    size: tuple[int, int],
    dpi: int,
    label: str,
) -> None:
    run = stretch("--hold", "7", "--prepare", "0", *QUIET, on=make_display(*size, dpi=dpi))
    frames: dict[str, list[Image.Image]] = {}
    for side, title in (("left", "Left side hold"), ("right", "Right side hold")):
        for frame in (0, 3):
            screen = run.wait_screen(title=title, frame=frame)
            assert screen["picture"] == f"hold-{side}"
            frames.setdefault(side, []).append(window_shot(run, f"{label}-hold-{side}-frame{frame}"))
        if side == "left":
            run.key("w")
            why = run.wait_screen(title=title, why_panel=True)
            assert why["hints"][4] == "W Hide why"
            window_shot(run, f"{label}-why-{side}")
            run.key("w")
            run.wait_screen(title=title, why_panel=False)
        else:
            run.key("l")
            large = run.wait_screen(title=title, large=True)
            assert large["position"].startswith("RIGHT") and large["hints"][-1] == "L Smaller"
            window_shot(run, f"{label}-large-{side}")
        if side == "left":
            run.wait_screen(title="Switch sides")
            run.key("Right")
    for side, (first, last) in frames.items():
        diff = ImageChops.difference(first, last).convert("L").point(lambda v: 255 if v > 40 else 0)
        assert diff.histogram()[255] > 200, side  # the figure moved between the two frames
    run.key("Escape")
    assert run.outcome()["reason"] == "escape"


def test_reduced_motion_keeps_the_picture_still(stretch: Callable[..., StretchRun]) -> None:
    run = stretch("--hold", "3", "--prepare", "0", *QUIET, env={"GTK_ENABLE_ANIMATIONS": "0"})
    run.wait_screen(title="Left side hold", countdown="1")
    assert {screen["frame"] for screen in run.screens() if screen["title"] == "Left side hold"} == {None}
    run.key("Escape")
    run.outcome()
    still = stretch("--hold", "3", "--prepare", "0", "--no-motion", *QUIET)
    still.wait_screen(title="Left side hold", countdown="1")
    assert {screen["frame"] for screen in still.screens() if screen["title"] == "Left side hold"} == {None}
    still.key("Escape")


def test_the_window_fills_a_new_size_and_opens_at_it_next_time(stretch: Callable[..., StretchRun]) -> None:
    run = stretch("--hold", "30", "--prepare", "0", *QUIET)
    start = run.wait_screen(title="Left side hold")
    run.xdotool("windowsize", str(run.window_id()), "900", "620")
    smaller = run.wait_screen(title="Left side hold", scale=lambda s: s < start["scale"] * 0.9)
    assert run.geometry()[2:] == (900, 620)
    window_shot(run, "100-resized-900x620")
    run.key("Escape")
    run.outcome()
    assert run.exit_code() == 0
    again = stretch("--hold", "30", "--prepare", "0", *QUIET)
    reopened = again.wait_screen(title="Left side hold")
    assert again.geometry()[2:] == (900, 620)  # same size, on the same (only) monitor
    assert reopened["scale"] == smaller["scale"]
    again.key("Escape")
