"""The app beside GNOME's own movement breaks: asked once, each answer acted on, never both nag."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fakes import FakePorts
from test_app import Running, _settings

from hipbreak.core import commands as c
from hipbreak.core.bubble_texts import GNOME_BREAK_OFFER, GNOME_QUESTION
from hipbreak.core.gnome_breaks import GnomeBreaksChoice
from hipbreak.core.view import BUBBLE_COMMANDS

QUESTION_SUMMARY = GNOME_QUESTION[0]


def gnome_on() -> FakePorts:
    ports = FakePorts()
    ports.gnome_movement = True
    return ports


def start(db: Path, ports: FakePorts, choice: str = "ask") -> Running:
    settings = _settings()
    settings = replace(settings, hold=replace(settings.hold, gnome_breaks=choice))
    running = Running(db, settings, ports=ports)
    running.call(c.Status())  # run() has finished starting once a command is answered
    return running


@pytest.fixture
def asked(tmp_path: Path) -> Iterator[Running]:
    running = start(tmp_path / "history.db", gnome_on())
    yield running
    if running.thread.is_alive():
        running.quit()


def reminders(ports: FakePorts) -> list[str]:
    return [summary for kind, summary, _body, _actions in ports.notes if kind in ("reminder", "notice")]


def test_the_question_is_asked_once_with_two_buttons_that_are_commands(asked: Running) -> None:
    [(kind, summary, _body, actions)] = asked.ports.notes
    assert (kind, summary) == ("gnome", QUESTION_SUMMARY)
    assert [label for _key, label in actions] == ["Use hipbreak's breaks", "Follow GNOME's schedule"]
    assert [BUBBLE_COMMANDS[key] for key, _label in actions] == [
        c.GnomeBreaks(GnomeBreaksChoice.HIPBREAK),
        c.GnomeBreaks(GnomeBreaksChoice.GNOME),
    ]
    assert asked.ports.gnome_following == [True]  # unanswered: hipbreak follows GNOME meanwhile
    asked.quit()
    again = start(asked.db, gnome_on())
    try:
        assert again.ports.notes == []  # not at every start
        assert again.ports.gnome_following == [True]
    finally:
        again.quit()


def test_no_question_and_own_reminders_when_gnome_has_no_movement_breaks(tmp_path: Path) -> None:
    for movement in (False, None):
        ports = FakePorts()
        ports.gnome_movement = movement
        running = start(tmp_path / f"{movement}.db", ports)
        running.clock.advance(minutes=46)
        running.call(c.Tick())
        assert reminders(ports) == ["Time to stand up and stretch"]
        assert ports.gnome_following == [False]
        running.quit()


def test_while_unanswered_hipbreak_does_not_remind_and_does_not_spin(asked: Running) -> None:
    for _ in range(3):
        asked.clock.advance(minutes=46)
        asked.call(c.Tick())
        wake = asked.ports.wakes[-1]
        assert wake is not None and wake > asked.clock.current
    assert reminders(asked.ports) == []


def test_use_hipbreaks_breaks_switches_gnomes_off_saves_and_reminds(asked: Running) -> None:
    ok, message, data = asked.call(BUBBLE_COMMANDS["gnome-hipbreak"])
    assert ok and data == {"gnome_breaks": "hipbreak"}
    assert message == "hipbreak reminds you; GNOME's movement breaks are off."
    assert asked.ports.gnome_movement is False  # switched off through the port
    assert asked.ports.saved_gnome_choices == ["hipbreak"]
    assert asked.ports.gnome_following[-1] is False
    assert asked.app.settings.hold.gnome_breaks == "hipbreak"
    asked.clock.advance(minutes=46)
    asked.call(c.Tick())
    assert reminders(asked.ports) == ["Time to stand up and stretch"]


def test_follow_gnomes_schedule_saves_and_keeps_hipbreak_quiet(asked: Running) -> None:
    ok, _message, data = asked.call(BUBBLE_COMMANDS["gnome-follow"])
    assert ok and data == {"gnome_breaks": "gnome"}
    assert asked.ports.saved_gnome_choices == ["gnome"]
    assert asked.ports.gnome_movement is True  # GNOME's own breaks are left alone
    assert asked.ports.gnome_following[-1] is True
    asked.clock.advance(minutes=100)
    asked.call(c.Tick())
    assert reminders(asked.ports) == []


def test_gnomes_movement_break_offers_the_stretch_and_a_completed_one_counts(asked: Running) -> None:
    asked.call(BUBBLE_COMMANDS["gnome-follow"])
    asked.call(c.GnomeMovementBreak())
    kind, summary, body, actions = asked.ports.notes[-1]
    assert (kind, summary, body, actions) == ("gnome", *GNOME_BREAK_OFFER)
    assert {BUBBLE_COMMANDS[key] for key, _label in actions} == {c.StretchNow()}
    assert asked.call(BUBBLE_COMMANDS["stretch"])[0]
    post = asked.ports.stretch_post
    assert post is not None
    post(c.StretchStarted())
    post(c.StretchEnded(c.Outcome.COMPLETED, {"seconds": 30.0}))
    assert asked.call(c.Status())[2]["breaks_today"] == 1


def test_gnomes_break_is_not_offered_when_hipbreak_reminds(tmp_path: Path) -> None:
    ports = FakePorts()
    ports.gnome_movement = False
    running = start(tmp_path / "history.db", ports, choice="hipbreak")
    try:
        running.call(c.GnomeMovementBreak())
        assert ports.notes == []
    finally:
        running.quit()


def test_a_hipbreak_choice_in_the_file_switches_gnomes_back_on_breaks_off_at_start(tmp_path: Path) -> None:
    running = start(tmp_path / "history.db", gnome_on(), choice="hipbreak")
    try:
        assert running.ports.gnome_movement is False and running.ports.notes == []
        assert running.ports.gnome_following == [False]
    finally:
        running.quit()


def test_when_gnomes_breaks_cannot_be_switched_off_hipbreak_keeps_following(asked: Running) -> None:
    asked.ports.gnome_switch_error = "gsettings could not run: not found"
    ok, message, _data = asked.call(BUBBLE_COMMANDS["gnome-hipbreak"])
    assert not ok and message == "gsettings could not run: not found"
    assert asked.ports.notes[-1][:2] == ("problem", "GNOME's movement breaks are still on")
    assert asked.ports.saved_gnome_choices == []
    asked.clock.advance(minutes=46)
    asked.call(c.Tick())
    assert reminders(asked.ports) == []


def test_a_choice_that_cannot_be_saved_still_holds_and_says_so(asked: Running) -> None:
    asked.ports.gnome_save_error = "the choice could not be saved: disk full"
    assert asked.call(BUBBLE_COMMANDS["gnome-follow"])[0]
    assert asked.ports.problems[-1] == ["the choice could not be saved: disk full"]
    assert asked.app.settings.hold.gnome_breaks == "gnome"
