"""The real stretch window on Xvfb: keys sent with xdotool, outcomes and screens read from its JSON lines."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from stretch_harness import StretchRun

pytestmark = pytest.mark.desktop

Start = Callable[..., StretchRun]
PHASES = ["Get into position", "Left side hold", "Switch sides", "Right side hold", "Done"]
SIDES = ["left", "left", "right", "right", None]


def args(hold: float = 1.5, prepare: float = 0.5, goal: int = 8, done: int = 3, *extra: str) -> list[str]:
    return [
        "--hold", str(hold), "--prepare", str(prepare), "--daily-goal", str(goal), "--done-today", str(done),
        "--no-sound", "--voice", "off", *extra,
    ]  # fmt: skip


def phases(run: StretchRun) -> list[tuple[str, str | None]]:
    return [(e["name"], e["side"]) for e in run.events if e["event"] == "phase"]


def test_a_stretch_left_alone_runs_every_phase_and_completes(stretch: Start, quick_routines: Path) -> None:
    run = stretch(*args(1.5, 0.5), "--routine", "quick", "--routines-dir", str(quick_routines))
    assert run.wait_event("started") == {"event": "started", "routine": "quick"}

    prepare = run.wait_screen(title="Get into position")
    assert prepare["position"].endswith("LEFT knee down, left leg back")
    assert "Kneel on your left knee" in prepare["cue"]
    left = run.wait_screen(title="Left side hold")
    assert "LEFT" in left["position"] and "left leg back" in left["position"]
    assert left["countdown"] in {"1", "2"} and left["status"] == "seconds"
    assert left["cue"] == "Stay tall. Don't lean forward into it."
    assert left["picture"] == "hold-left"
    assert "Not feeling it?" in left["tips"] and "1–3 inches" in left["tips"]
    assert left["why"].startswith("Why:") and "Stop if it hurts" in left["stop"]
    assert left["hints"][:5] == ["Space Pause", "→ Skip", "Esc Cancel", "Enter End now", "W Why?"]
    assert left["hints"][-1] == "L Larger"
    right = run.wait_screen(title="Right side hold")
    assert "RIGHT" in right["position"] and right["picture"] == "hold-right"

    outcome = run.outcome()
    assert outcome["event"] == "completed"
    assert 4.0 * 0.95 <= outcome["seconds"] <= 4.0 + 1.0  # 0.5 + 1.5 + 1 + 1.5 s of active time
    assert phases(run) == [(name, side) for name, side in zip(PHASES, SIDES, strict=True)]
    assert [e["index"] for e in run.events if e["event"] == "phase"] == [0, 1, 2, 3, 4]
    assert run.kinds() == ["started", "phase", "phase", "phase", "phase", "phase", "completed"]

    done = run.wait_screen(title="Done")
    assert done["position"] == "Break 4 of your 8 today"
    assert done["countdown"] == "4/8" and done["picture"] == "done"
    assert done["hints"][0].startswith("Enter Close")
    run.key("Return")
    assert run.exit_code() == 0
    assert run.kinds()[-1] == "completed"  # closing the Done screen adds nothing


def test_every_hold_shows_its_cues_one_after_another(stretch: Start) -> None:
    run = stretch(*args(2.0, 0))
    cues = []
    for _ in range(4):
        screen = run.wait_screen(title="Left side hold", cue=lambda c: c and c not in cues)
        cues.append(screen["cue"])
        assert screen["cue_step"].startswith(f"Tip {len(cues)} of 4")
    assert cues == [
        "Stay tall. Don't lean forward into it.",
        "Brace your belly as if someone is about to punch it. Don't suck it in.",
        "Squeeze the glute of your back (left) leg.",
        "Tip the top of your pelvis back: tuck your tailbone under.",
    ]
    run.key("Escape")
    assert run.outcome()["event"] == "cancelled"


def test_skipping_prepare_and_switch_still_completes(stretch: Start) -> None:
    run = stretch(*args(1.0, 30))
    run.wait_screen(title="Get into position")
    run.key("Right")
    run.wait_event("phase", name="Left side hold")
    run.wait_screen(title="Switch sides", countdown="5")
    run.key("Right")
    outcome = run.outcome()
    assert outcome["event"] == "completed"
    assert outcome["seconds"] < 4.0
    run.wait_screen(title="Done")
    assert run.process is not None and run.process.poll() is None  # Done stays up until closed
    run.key("Return")
    assert run.exit_code() == 0


def test_skipping_a_hold_is_not_completed(stretch: Start) -> None:
    run = stretch(*args(3.0, 0))
    run.wait_screen(title="Left side hold")
    run.key("Right")
    run.wait_screen(title="Switch sides")
    run.key("Right")
    run.wait_screen(title="Right side hold")
    outcome = run.outcome(timeout=10)
    assert outcome["event"] == "cancelled"
    assert outcome["reason"] == "skipped hold" and outcome["phase"] == "Left side hold"
    assert 0.45 <= outcome["progress"] <= 0.55  # only the right hold ran
    done = run.wait_screen(title="Done")
    assert done["position"].startswith("Not counted") and done["countdown"] == "3/8"
    run.key("Escape")
    assert run.exit_code() == 0


def test_escape_mid_hold_cancels_with_how_far_it_got(stretch: Start) -> None:
    run = stretch(*args(4.0, 0))
    run.wait_screen(title="Left side hold", countdown="3")
    run.key("Escape")
    outcome = run.outcome()
    assert outcome == {
        "event": "cancelled",
        "progress": outcome["progress"],
        "phase": "Left side hold",
        "reason": "escape",
    }
    assert 0.05 < outcome["progress"] < 0.3  # about 1 s of 8 s of holding
    assert run.exit_code() == 0


def test_enter_before_done_ends_early_and_is_not_completed(stretch: Start) -> None:
    run = stretch(*args(5.0, 5.0))
    run.wait_screen(title="Get into position")
    run.key("Return")
    outcome = run.outcome()
    assert (outcome["event"], outcome["reason"], outcome["progress"]) == ("cancelled", "ended early", 0.0)
    assert run.exit_code() == 0


def test_time_paused_is_not_counted(stretch: Start) -> None:
    run = stretch(*args(1.5, 0))
    run.wait_screen(title="Left side hold")
    run.key("space")
    run.wait_event("paused")
    paused = run.wait_screen(status="PAUSED")
    assert paused["hints"][0] == "Space Resume" and paused["title"] == "Left side hold"
    # Longer than the whole hold: a paused window must neither move on nor count down.
    time.sleep(2.0)
    assert run.kinds()[-1] == "paused"
    assert run.last_screen()["countdown"] == paused["countdown"]
    run.key("space")
    run.wait_event("resumed")
    run.wait_screen(title="Switch sides")
    run.key("Right")
    outcome = run.outcome()
    assert outcome["event"] == "completed"
    wall = time.monotonic() - run.started_at
    assert outcome["seconds"] < 3.0 + 1.5  # two holds plus the little switch time, not the pause
    assert wall > outcome["seconds"] + 2.0
    assert run.kinds()[:4] == ["started", "phase", "paused", "resumed"]


def test_closing_the_window_from_the_window_manager_cancels(stretch: Start) -> None:
    run = stretch(*args(5.0, 0))
    run.wait_screen(title="Left side hold")
    run.close_like_window_manager()
    outcome = run.outcome()
    assert (outcome["event"], outcome["reason"], outcome["phase"]) == (
        "cancelled",
        "closed",
        "Left side hold",
    )
    assert run.exit_code() == 0


def test_the_window_opens_centred_and_takes_the_keyboard(stretch: Start) -> None:
    run = stretch(*args(5.0, 5.0))
    run.wait_event("started")
    x, y, width, height = run.geometry()
    assert abs(x + width / 2 - 640) <= 2 and abs(y + height / 2 - 400) <= 2
    assert width <= 1280 and height <= 800
    # Keys typed without naming a window go to the focused one: they must reach the stretch window.
    run.xdotool("key", "space")
    run.wait_event("paused")
    run.key("Escape")
    assert run.outcome()["reason"] == "escape"


def test_no_display_exits_3_with_one_line(tmp_path: Path) -> None:
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": ""}
    run = StretchRun(":0", args(), tmp_path, extra_env=env)
    run.env.pop("DISPLAY")
    run.start()
    assert run.exit_code() == 3
    run.wait_for(lambda _events: run.stderr, what="stderr")
    assert run.stderr.count("\n") == 1 and "no display" in run.stderr
    assert run.events == []


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (["--hold", "abc"], "argument --hold: expected a number of seconds, got 'abc'"),
        (["--hold", "-1"], "argument --hold: expected seconds from"),
        (["--daily-goal", "0"], "argument --daily-goal: expected a whole number from 1"),
        (["--routine", "../etc"], "argument --routine"),
        (["--routine", "nope"], "no routine named 'nope'"),
        (["--surprise"], "unrecognized arguments: --surprise"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(tmp_path: Path, bad: list[str], message: str) -> None:
    options = {"--hold": "1", "--prepare": "1", "--daily-goal": "8", "--done-today": "0"}
    options.update(dict(zip(bad[::2], bad[1::2], strict=False)))
    argv = [item for pair in options.items() for item in pair]
    if len(bad) == 1:
        argv.append(bad[0])
    run = StretchRun(":0", argv, tmp_path).start()
    assert run.exit_code() == 2
    run.wait_for(lambda _events: run.stderr, what="stderr")
    assert run.stderr.count("\n") == 1 and message in run.stderr and "Traceback" not in run.stderr


def test_a_bad_routine_file_exits_2_naming_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "my.toml").write_text(
        'title = "Mine"\n\n[[phase]]\nkind = "prepare"\ntitle = "Get set"\n\n[[phase]]\nkind = "hold"\n'
        'title = "Hold it"\nside = "middle"\n',
        "utf-8",
    )
    run = StretchRun(":0", [*args(), "--routine", "my", "--routines-dir", str(folder)], tmp_path).start()
    assert run.exit_code() == 2
    run.wait_for(lambda _events: run.stderr, what="stderr")
    assert run.stderr.strip().endswith(
        "my.toml line 10: phase 'hold' needs a 'side' of left/right, got 'middle'"
    )
    assert run.stderr.count("\n") == 1
