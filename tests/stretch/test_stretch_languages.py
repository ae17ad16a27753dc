"""The stretch window in each language: every text fits its row at 100 % and 200 %, nothing is cut off.

Screenshots go to artifacts/stretch/<language>-*.png for review.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from stretch_harness import Event, StretchRun

pytestmark = pytest.mark.desktop

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "stretch"
# The routine's own translation names each phase; the window's words come from the catalog.
TITLES = {
    "en": ("Get into position", "Left side hold", "Switch sides", "Right side hold"),
    "de": ("In Position gehen", "Linke Seite halten", "Seite wechseln", "Rechte Seite halten"),
    "es": ("Colócate en posición", "Mantén el lado izquierdo", "Cambia de lado", "Mantén el lado derecho"),
    "fr": ("Mettez-vous en position", "Maintien côté gauche", "Changez de côté", "Maintien côté droit"),
    "pt_BR": (
        "Entre na posição",
        "Sustentação: lado esquerdo",
        "Troque de lado",
        "Sustentação: lado direito",
    ),
}
SCALES = {"100": ((1280, 800), 96), "200": ((2560, 1600), 192)}


def screen_after(kind: str) -> Callable[[list[Event]], Event | None]:
    """A wait for the first screen the window showed after the event `kind`."""

    def find(events: list[Event]) -> Event | None:
        start = next((i for i, event in enumerate(events) if event.get("event") == kind), None)
        if start is None:
            return None
        return next((event for event in events[start + 1 :] if event.get("event") == "screen"), None)

    return find


def shoot(run: StretchRun, name: str) -> None:
    """Save the window alone as artifacts/stretch/<name>.png."""
    path = run.screenshot(SHOTS / f"screen-{name}.png")
    x, y, width, height = run.geometry()
    with Image.open(path) as shot:
        shot.convert("RGB").crop((x, y, x + width, y + height)).save(SHOTS / f"{name}.png")
    path.unlink()


@pytest.mark.parametrize(
    ("language", "scale"),
    [
        ("de", "200"),
        ("de", "100"),
        ("pt_BR", "200"),
        ("pt_BR", "100"),
        ("fr", "200"),
        ("es", "200"),
        ("en", "100"),
    ],
)
def test_every_text_fits_in_each_language(
    stretch: Callable[..., StretchRun], make_display: Callable[..., str], language: str, scale: str
) -> None:
    size, dpi = SCALES[scale]
    run = stretch(
        "--hold", "6", "--prepare", "30", "--daily-goal", "8", "--done-today", "3", "--no-sound",
        "--voice", "off", on=make_display(*size, dpi=dpi), env={"LANGUAGE": language},
    )  # fmt: skip
    prepare, left, switch, right = TITLES[language]
    name = f"{language}-{scale}"

    run.wait_screen(title=prepare, phase=0)
    shoot(run, f"{name}-1-prepare-left")
    run.key("Right")
    run.wait_screen(title=left, cue=lambda cue: cue != "")
    run.key("space")  # paused, so the panels below are seen before the hold runs out
    run.wait_for(screen_after("paused"), what="the paused screen")
    shoot(run, f"{name}-2-hold-left-paused")
    run.key("w")
    run.wait_screen(title=left, why_panel=True)
    shoot(run, f"{name}-3-why")
    run.key("w")
    run.key("l")
    run.wait_screen(title=left, large=True, why_panel=False)
    shoot(run, f"{name}-4-large")
    run.key("l")
    run.wait_screen(title=left, large=False)
    run.key("space")
    run.wait_screen(title=switch)
    shoot(run, f"{name}-5-switch-right")
    run.key("Right")
    run.wait_screen(title=right, cue_step=lambda step: step.endswith("\u25cf"))  # the last cue's dot
    shoot(run, f"{name}-6-hold-right-last-cue")
    assert run.outcome()["event"] == "completed"
    run.wait_screen(picture="done")
    shoot(run, f"{name}-7-done")
    run.key("Return")
    assert run.exit_code() == 0

    screens = run.screens()
    cut = [(screen["title"], screen["cut"]) for screen in screens if screen["cut"]]
    assert cut == [], f"texts cut off: {cut}"
    # Each phase, the reasons panel and large text were laid out and checked.
    seen = {(screen["title"], screen["why_panel"], screen["large"]) for screen in screens}
    assert {(left, True, False), (left, False, True), (right, False, False)} <= seen
