"""The remembered window size and screen, and the desktop's reduce-motion hint, with fakes and temp files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hipbreak.ui.stretch.layout import LARGE, NORMAL, PAD, WIDTH, fit_scale
from hipbreak.ui.stretch.motion_hint import desktop_reduces_motion
from hipbreak.ui.stretch.window_memory import Remembered, WindowMemory


def test_a_saved_size_and_monitor_come_back(tmp_path: Path) -> None:
    memory = WindowMemory(tmp_path / "state" / "stretch-window.json")
    assert memory.load() is None
    assert memory.save(Remembered(1600, 1000, (1920, 0, 2560, 1440))) is True
    again = memory.load()
    assert again == Remembered(1600, 1000, (1920, 0, 2560, 1440))
    assert again.area([(0, 0, 1920, 1080), (1920, 0, 2560, 1440)]) == (1920, 0, 2560, 1440)
    assert again.area([(0, 0, 1920, 1080)]) is None  # that monitor is gone: the pointer's is used
    assert again.size_within((0, 0, 1280, 800)) == (1280, 800)


@pytest.mark.parametrize(
    "text",
    ["", "not json", "[]", '{"width": 10, "height": 10, "monitor": [0, 0, 1, 1]}', '{"width": "x"}',
     '{"width": 800, "height": 600, "monitor": [0, 0]}'],
)  # fmt: skip
def test_a_damaged_file_means_nothing_remembered(tmp_path: Path, text: str) -> None:
    path = tmp_path / "stretch-window.json"
    path.write_text(text)
    assert WindowMemory(path).load() is None


def test_an_unwritable_folder_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert WindowMemory(blocker / "stretch-window.json").save(Remembered(800, 600, (0, 0, 800, 600))) is False


def test_the_layout_fills_the_window_at_any_size() -> None:
    for layout in (NORMAL, LARGE):
        for width, height in ((800, 600), (1148, 780), (2560, 1600), (3840, 1200)):
            scale = fit_scale(width, height, layout)
            assert (WIDTH + 2 * PAD) * scale <= width + 1 and layout.natural_height() * scale <= height + 1
            # One of the two sides is filled: the content grows with the window.
            assert max((WIDTH + 2 * PAD) * scale / width, layout.natural_height() * scale / height) > 0.99
    assert LARGE.digits_font > NORMAL.digits_font and LARGE.position_font > NORMAL.position_font


def runner(answer: str | None, calls: list[list[str]]) -> Callable[[list[str]], str | None]:
    def run(argv: list[str]) -> str | None:
        calls.append(argv)
        return answer

    return run


@pytest.mark.parametrize(
    ("variables", "platform", "answer", "reduced"),
    [
        ({"GTK_ENABLE_ANIMATIONS": "0"}, "linux", "true", True),
        ({}, "linux", "false", True),
        ({}, "linux", "true", False),
        ({}, "linux", None, False),  # gsettings failed: assume animations are fine
        ({}, "darwin", "1", True),
        ({}, "darwin", "0", False),
    ],
)
def test_the_desktop_reduce_motion_hint(
    variables: dict[str, str], platform: str, answer: str | None, reduced: bool
) -> None:
    calls: list[list[str]] = []
    found = desktop_reduces_motion(
        variables,
        platform,
        run=runner(answer, calls),
        which=lambda name: f"/usr/bin/{name}",
    )
    assert found is reduced
    if platform == "linux" and "GTK_ENABLE_ANIMATIONS" not in variables:
        assert calls == [["/usr/bin/gsettings", "get", "org.gnome.desktop.interface", "enable-animations"]]


def test_without_gsettings_nothing_is_run() -> None:
    calls: list[list[str]] = []
    assert desktop_reduces_motion({}, "linux", run=runner("false", calls), which=lambda _n: None) is False
    assert calls == []
