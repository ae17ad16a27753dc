"""The user's language: which message catalog speaks, plural forms, and how times and day names read.

Every user-facing sentence goes through `_`, `ngettext` or `pgettext`; tables built before a catalog is
chosen hold `N_`-marked English and are translated where they are shown. The catalog is chosen once per
process from LANGUAGE, LC_ALL, LC_MESSAGES and LANG (as gettext does), on first use or by `choose`; an
unknown language quietly speaks English.
"""

from __future__ import annotations

import gettext
import locale
import os
import threading
from collections.abc import Mapping
from datetime import date, datetime, time
from pathlib import Path

DOMAIN = "hipbreak"
# The variables gettext reads, in its order: the first one set names the languages to try.
LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_lock = threading.Lock()
_catalog: gettext.NullTranslations | None = None
_clock_pattern: str | None = None
_wanted: tuple[str, ...] | None = None


def N_(message: str) -> str:
    """Mark `message` for the catalog without translating it yet; translate it where it is shown."""
    return message


def catalog_folder() -> Path:
    """Return the folder the installed package keeps its compiled catalogs in (<lang>/LC_MESSAGES)."""
    return Path(__file__).parent / "locale"


def languages_from(variables: Mapping[str, str]) -> list[str]:
    """Return the languages `variables` ask for, most wanted first, as gettext reads them."""
    for name in LANGUAGE_VARIABLES:
        value = variables.get(name, "")
        if value:
            wanted = [part for part in value.split(":") if part]
            # "C" and "POSIX" mean untranslated; gettext would look for a catalog named "C".
            return [part for part in wanted if part.split(".")[0] not in ("C", "POSIX")]
    return []


def choose(variables: Mapping[str, str] | None = None, folder: Path | None = None) -> str:
    """Load the catalog for the languages `variables` ask for (default: the process's); return its code."""
    global _catalog, _clock_pattern, _wanted
    variables = os.environ if variables is None else variables
    folder = folder or catalog_folder()
    found: gettext.NullTranslations = gettext.NullTranslations()
    code = "en"
    for language in languages_from(variables):
        if language.split("_")[0].split(".")[0] == "en":
            break  # English is wanted before any language we have a catalog for
        loaded = _load(folder, language)
        if loaded is not None:
            code, found = loaded
            break
    wanted: list[str] = []
    for language in languages_from(variables):
        if language.split("_")[0].split(".")[0] == "en":
            break
        wanted += [name for name in _candidates(language) if name not in wanted]
    with _lock:
        _catalog = found
        _clock_pattern = None
        _wanted = tuple(wanted)
    # argparse translates its own words through gettext's global domain: ours carries them too.
    gettext.bindtextdomain(DOMAIN, str(folder))
    gettext.textdomain(DOMAIN if code != "en" else "messages")
    return code


def wanted_languages() -> tuple[str, ...]:
    """Return the languages the user asks for before English, as catalog names ("pt_BR", "pt", "de")."""
    if _wanted is None:
        choose()
    return _wanted or ()


def _load(folder: Path, language: str) -> tuple[str, gettext.GNUTranslations] | None:
    """Return (code, catalog) for `language` from `folder`, or None when there is no usable one."""
    for code in _candidates(language):
        path = folder / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
        try:
            with path.open("rb") as stream:
                return code, gettext.GNUTranslations(stream)
        except (OSError, ValueError):  # none, or a damaged one: the next candidate, then English
            continue
    return None


def _candidates(language: str) -> list[str]:
    """Return the catalog names to try for `language`: "pt_BR.UTF-8" gives pt_BR, then pt."""
    bare = language.split(".")[0].split("@")[0]
    names = [bare]
    if "_" in bare:
        names.append(bare.split("_")[0])
    return names


def _current() -> gettext.NullTranslations:
    catalog = _catalog
    if catalog is None:
        choose()
        catalog = _catalog
    assert catalog is not None
    return catalog


def _(message: str) -> str:
    """Return `message` in the user's language."""
    return _current().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Return the form of `singular`/`plural` the user's language uses for `count`."""
    return _current().ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """Return `message` in the user's language, as meant in `context` (for words English spells alike)."""
    return _current().pgettext(context, message)


def clock_pattern() -> str:
    """Return the pattern for a time of day: "{hour24}:{minute}", or a 12-hour one if the locale uses it."""
    global _clock_pattern
    pattern = _clock_pattern
    if pattern is None:
        # Translators: how your language writes a time of day, from {hour24} (00-23), {hour12} (1-12),
        # {minute} (00-59) and {ampm} (the AM/PM word below). The user's locale can still pick 12 hours.
        pattern = _locale_clock() or pgettext("time of day", "{hour24}:{minute}")
        _clock_pattern = pattern
    return pattern


def _locale_clock() -> str | None:
    """Return the 12- or 24-hour pattern of LC_TIME's locale; None when none is set or installed."""
    try:
        previous = locale.setlocale(locale.LC_TIME)
        locale.setlocale(locale.LC_TIME, "")
    except (locale.Error, ValueError):
        return None
    try:
        name = locale.setlocale(locale.LC_TIME)
        if name in ("C", "POSIX") or name.startswith(("C.", "POSIX.")):
            return None  # no locale chosen: the translation knows its language's clock
        full = locale.nl_langinfo(locale.T_FMT)
    finally:
        locale.setlocale(locale.LC_TIME, previous)
    if "%I" in full or "%l" in full or full == "%r":
        return pgettext("time of day, 12-hour clock", "{hour12}:{minute} {ampm}")
    # A 24-hour locale: the translation's own pattern if it is a 24-hour one.
    own = pgettext("time of day", "{hour24}:{minute}")
    return own if "{hour24}" in own else "{hour24}:{minute}"


def clock(moment: datetime | time) -> str:
    """Return `moment` as a time of day the way the user's locale writes it ("14:30" or "2:30 PM")."""
    hour = moment.hour
    ampm = pgettext("before noon", "AM") if hour < 12 else pgettext("after noon", "PM")
    return clock_pattern().format(
        hour24=f"{hour:02d}", hour12=str(hour % 12 or 12), minute=f"{moment.minute:02d}", ampm=ampm
    )


def NC_(context: str, message: str) -> tuple[str, str]:
    """Mark `message` in `context` for the catalog without translating it; pass the pair to `pgettext`."""
    return context, message


_WEEKDAYS = (
    NC_("weekday, short", "Mon"),
    NC_("weekday, short", "Tue"),
    NC_("weekday, short", "Wed"),
    NC_("weekday, short", "Thu"),
    NC_("weekday, short", "Fri"),
    NC_("weekday, short", "Sat"),
    NC_("weekday, short", "Sun"),
)
_MONTHS = (
    NC_("month, short", "Jan"),
    NC_("month, short", "Feb"),
    NC_("month, short", "Mar"),
    NC_("month, short", "Apr"),
    NC_("month, short", "May"),
    NC_("month, short", "Jun"),
    NC_("month, short", "Jul"),
    NC_("month, short", "Aug"),
    NC_("month, short", "Sep"),
    NC_("month, short", "Oct"),
    NC_("month, short", "Nov"),
    NC_("month, short", "Dec"),
)


def weekday(day: date) -> str:
    """Return the short name of `day`'s weekday in the user's language ("Mon", "Mo", "lun.")."""
    return pgettext(*_WEEKDAYS[day.weekday()])


def short_date(day: date) -> str:
    """Return `day` without its year, the way the user's language writes it ("Dec 3", "3.12.")."""
    # Translators: a day and month without the year, from {day} (1-31), {month} (the short month name
    # below) and {month_number} (1-12).
    pattern = pgettext("day and month", "{month} {day}")
    name = pgettext(*_MONTHS[day.month - 1])
    return pattern.format(day=day.day, month=name, month_number=day.month)
