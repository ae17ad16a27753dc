"""hipbreak.language: the catalog chosen from the environment as gettext does, and locale-aware times."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from hipbreak import language
from hipbreak.language import _, clock, ngettext, pgettext, short_date, weekday
from i18n.catalog_files import compiled_catalog


@pytest.fixture
def catalogs(tmp_path: Path) -> Iterator[Path]:
    """A German and a Brazilian Portuguese catalog in a temp folder; English again after the test."""
    compiled_catalog(
        tmp_path,
        "de",
        {
            "Time to stretch!": "Zeit zum Dehnen!",
            ("{count} break today", "{count} breaks today"): ("{count} Pause heute", "{count} Pausen heute"),
            ("ctx:weekday, short", "Mon"): "Mo",
            ("ctx:time of day", "{hour24}:{minute}"): "{hour24}.{minute} Uhr",
            ("ctx:day and month", "{month} {day}"): "{day}. {month}",
            ("ctx:month, short", "Dec"): "Dez.",
        },
    )
    compiled_catalog(tmp_path, "pt_BR", {"Time to stretch!": "Hora de alongar!"})
    yield tmp_path
    language.choose({"LANGUAGE": "en"})


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"LANGUAGE": "de"}, "de"),
        ({"LC_ALL": "de_DE.UTF-8"}, "de"),
        ({"LANG": "de_AT.UTF-8"}, "de"),
        ({"LANGUAGE": "fr:de"}, "de"),  # no French here: the next language asked for
        ({"LANGUAGE": "pt_BR"}, "pt_BR"),
        ({"LANGUAGE": "en:de"}, "en"),  # English first: no German although there is a catalog
        ({"LANGUAGE": "xx_YY"}, "en"),
        ({"LC_ALL": "C.UTF-8", "LANG": "de_DE.UTF-8"}, "en"),  # LC_ALL wins, and C is untranslated
        ({}, "en"),
    ],
)
def test_the_language_is_the_first_one_asked_for_that_has_a_catalog(
    catalogs: Path, variables: dict[str, str], code: str
) -> None:
    assert language.choose(variables, catalogs) == code


def test_sentences_plurals_and_day_names_come_from_the_catalog(catalogs: Path) -> None:
    language.choose({"LANGUAGE": "de"}, catalogs)
    assert _("Time to stretch!") == "Zeit zum Dehnen!"
    assert _("Not in the catalog.") == "Not in the catalog."
    assert ngettext("{count} break today", "{count} breaks today", 1) == "{count} Pause heute"
    assert ngettext("{count} break today", "{count} breaks today", 3) == "{count} Pausen heute"
    assert weekday(date(2026, 11, 30)) == "Mo"
    assert pgettext("weekday, short", "Tue") == "Tue"
    assert short_date(date(2026, 12, 3)) == "3. Dez."


def test_an_unknown_language_speaks_english_and_says_nothing(
    catalogs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert language.choose({"LANGUAGE": "xx"}, catalogs) == "en"
    assert _("Time to stretch!") == "Time to stretch!"
    assert weekday(date(2026, 12, 6)) == "Sun"
    assert capsys.readouterr() == ("", "")


def test_a_damaged_catalog_is_passed_over_for_the_next_language(catalogs: Path) -> None:
    (catalogs / "de" / "LC_MESSAGES" / "hipbreak.mo").write_bytes(b"not a catalog")
    assert language.choose({"LANGUAGE": "de:pt_BR"}, catalogs) == "pt_BR"
    assert _("Time to stretch!") == "Hora de alongar!"


def test_a_time_of_day_follows_the_translation_when_the_locale_names_no_clock(
    catalogs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(language, "_locale_clock", lambda: None)
    language.choose({"LANGUAGE": "de"}, catalogs)
    assert clock(datetime(2026, 12, 3, 14, 5)) == "14.05 Uhr"
    language.choose({"LANGUAGE": "en"}, catalogs)
    assert clock(datetime(2026, 12, 3, 9, 5)) == "09:05"


def test_a_twelve_hour_locale_gets_a_twelve_hour_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    language.choose({"LANGUAGE": "en"})
    monkeypatch.setattr(language, "_locale_clock", lambda: "{hour12}:{minute} {ampm}")
    language.choose({"LANGUAGE": "en"})
    assert clock(datetime(2026, 12, 3, 14, 5)) == "2:05 PM"
    assert clock(datetime(2026, 12, 3, 0, 30)) == "12:30 AM"


def test_the_locale_clock_reads_twelve_hours_from_a_us_locale_when_one_is_installed() -> None:
    import locale

    try:
        locale.setlocale(locale.LC_TIME, "en_US.UTF-8")
    except locale.Error:
        pytest.skip("en_US.UTF-8 is not installed on this machine")
    finally:
        locale.setlocale(locale.LC_TIME, "C")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LC_ALL", "en_US.UTF-8")
        assert "{hour12}" in (language._locale_clock() or "")
