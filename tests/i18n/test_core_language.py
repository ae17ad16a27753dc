"""The core speaks the chosen catalog: plural forms by the language's own rule, times by its clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from hipbreak import language
from hipbreak.core.durations import describe
from hipbreak.core.reminder_state import Status
from hipbreak.core.settings import Settings
from hipbreak.core.view import next_line, pause_choices, paused_sentence, status_message, tray_view

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=timezone(timedelta(hours=2)))  # a Monday
DUE = NOW.replace(hour=14, minute=30)
TOMORROW = (NOW + timedelta(days=1)).replace(hour=6)

Messages = dict[object, object]  # msgid (or (singular, plural)) -> msgstr (or a tuple); (context, msgid) keys


@pytest.fixture
def speak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str, Messages], None]]:
    """Choose a tiny catalog built in `tmp_path`; English again afterwards."""
    # No locale's clock: the catalog's own time pattern decides, as it does for a user with LANG unset.
    monkeypatch.setenv("LC_ALL", "C")
    language.choose({"LANGUAGE": "en"})  # forget a clock pattern an earlier test left behind

    def choose(code: str, messages: Messages) -> None:
        catalog = Catalog(locale=code, domain=language.DOMAIN)
        # The rule our catalogs are written with (CLDR's newer French rule has three forms).
        catalog.mime_headers = [("Plural-Forms", "nplurals=2; plural=(n > 1);")]
        for key, text in messages.items():
            if isinstance(key, tuple) and isinstance(text, tuple):  # a plural: both forms
                catalog.add(key, text)
            elif isinstance(key, tuple):  # (context, msgid)
                catalog.add(key[1], text, context=key[0])
            else:
                catalog.add(key, text)
        folder = tmp_path / code / "LC_MESSAGES"
        folder.mkdir(parents=True)
        with (folder / f"{language.DOMAIN}.mo").open("wb") as stream:
            write_mo(stream, catalog)
        assert language.choose({"LANGUAGE": code}, tmp_path) == code

    yield choose
    language.choose({"LANGUAGE": "en"})


FRENCH: Messages = {
    ("hipbreak: {count} break today · {next}", "hipbreak: {count} breaks today · {next}"): (
        "hipbreak : {count} pause aujourd'hui · {next}",
        "hipbreak : {count} pauses aujourd'hui · {next}",
    ),
    ("tray tooltip", "next reminder at {time}"): "prochain rappel à {time}",
    ("{minutes} min", "{minutes} min"): ("{minutes} min", "{minutes} min"),
    "Held: in a call": "En attente : en appel",
    "Until tomorrow": "Jusqu'à demain",
}


def test_the_tray_title_takes_the_plural_form_the_language_uses(
    speak: Callable[[str, Messages], None],
) -> None:
    def title(breaks: int) -> str:
        return tray_view(Status("running", DUE, breaks_today=breaks), Settings(), NOW).title

    assert title(0) == "hipbreak: 0 breaks today · next reminder at 14:30"  # English: 0 takes the plural
    speak("fr", FRENCH)
    # French says "0 pause": its rule (n > 1) comes from the catalog, not from English.
    assert [title(n) for n in (0, 1, 2)] == [
        "hipbreak : 0 pause aujourd'hui · prochain rappel à 14:30",
        "hipbreak : 1 pause aujourd'hui · prochain rappel à 14:30",
        "hipbreak : 2 pauses aujourd'hui · prochain rappel à 14:30",
    ]


def test_tables_built_at_import_speak_the_catalog_chosen_later(
    speak: Callable[[str, Messages], None],
) -> None:
    speak("fr", FRENCH)
    held = Status("running", DUE, hold_reason="call")
    assert next_line(held, NOW) == "En attente : en appel"
    assert pause_choices()[-1] == ("Jusqu'à demain", None)
    assert describe(timedelta(minutes=5)) == "5 min"


def test_view_texts_write_times_with_the_languages_clock(speak: Callable[[str, Messages], None]) -> None:
    # A language whose catalog writes times on a 12-hour clock; every other text stays English.
    speak("fil", {("time of day", "{hour24}:{minute}"): "{hour12}:{minute} {ampm}"})
    assert next_line(Status("running", DUE), NOW) == "Next reminder at 2:30 PM"
    assert status_message(Status("running", DUE, breaks_today=2), NOW) == (
        "Breaks today: 2. Next reminder at 2:30 PM."
    )
    assert paused_sentence(TOMORROW, NOW) == "Paused until Tue 6:00 AM."
    view = tray_view(Status("running", DUE, breaks_today=1), Settings(), NOW, TOMORROW)
    assert view.title == "hipbreak: 1 break today · next reminder at 2:30 PM"
    assert view.tomorrow_label == "Until tomorrow 6:00 AM"
