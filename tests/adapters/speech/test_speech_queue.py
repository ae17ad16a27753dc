"""The speech thread with fake speakers that fail or hang: the caller never waits, stale lines go."""

from __future__ import annotations

import threading
import time

import pytest

from hipbreak.adapters.speech.voice_queue import SpeechQueue

WAIT = 10.0


class Hanging:
    """A speaker whose say() blocks until released (a hung speech program that ignores deadlines)."""

    name = "hanging"

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.said: list[str] = []
        self.stops = 0

    def say(self, text: str, deadline: float) -> bool:
        self.said.append(text)
        self.entered.set()
        self.release.wait(WAIT * 3)
        return True

    def stop(self) -> None:
        self.stops += 1

    def describe(self) -> str:
        return "hanging"


class Failing:
    name = "failing"

    def __init__(self, raises: bool) -> None:
        self.raises = raises
        self.calls = 0

    def say(self, text: str, deadline: float) -> bool:
        self.calls += 1
        if self.raises:
            raise RuntimeError("speech engine crashed")
        return False

    def stop(self) -> None:
        pass

    def describe(self) -> str:
        return "failing"


def wait_until(condition: object, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def test_a_hanging_speaker_never_holds_up_the_caller_and_stale_lines_are_dropped() -> None:
    speaker = Hanging()
    voice = SpeechQueue(speaker, on_failure=lambda: None)
    voice.say("Left knee down. Stay tall.", 5.0)
    assert speaker.entered.wait(WAIT)  # the speech thread is now stuck inside say()
    for text in ("Brace as if for a punch.", "Squeeze your left glute.", "Tip your pelvis back."):
        voice.say(text, 5.0)  # returns at once although the speaker is stuck
    voice.interrupt()
    assert speaker.stops == 1
    voice.say("Switch sides.", 5.0)
    speaker.release.set()
    wait_until(lambda: "Switch sides." in speaker.said, "the newest line")
    # Lines queued before the interrupt, or overtaken by a newer one, were never spoken.
    assert speaker.said == ["Left knee down. Stay tall.", "Switch sides."]
    assert set(voice.dropped) == {
        "Brace as if for a punch.",
        "Squeeze your left glute.",
        "Tip your pelvis back.",
    }
    voice.close()


def test_a_line_whose_time_has_passed_is_not_started() -> None:
    speaker = Hanging()
    speaker.release.set()
    voice = SpeechQueue(speaker, on_failure=lambda: None, clock=lambda: 100.0)
    voice.say("Ten seconds.", 0.3)  # less than the shortest time worth starting a line for
    wait_until(lambda: voice.dropped == ["Ten seconds."], "the stale line dropped")
    voice.say("Tip your pelvis back.", 7.5)
    wait_until(lambda: speaker.said == ["Tip your pelvis back."], "the next line spoken")
    voice.close()


@pytest.mark.parametrize("raises", [False, True], ids=["returns-false", "raises"])
def test_a_failing_speaker_is_reported_once_and_then_left_alone(raises: bool) -> None:
    speaker = Failing(raises)
    failures: list[str] = []
    voice = SpeechQueue(speaker, on_failure=lambda: failures.append("failed"))
    voice.say("Left knee down.", 5.0)
    wait_until(lambda: voice.failed, "the failure")
    voice.say("Brace as if for a punch.", 5.0)  # ignored: the window chimes instead now
    voice.close()
    assert voice._thread is not None
    voice._thread.join(WAIT)  # the thread has handled every line and ended
    assert failures == ["failed"] and speaker.calls == 1
