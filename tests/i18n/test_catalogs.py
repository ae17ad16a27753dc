"""The translations in po/: complete, sound for msgfmt, true to each placeholder, and built into the wheel."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from desktop import skip_or_fail

from hipbreak import language

REPO = Path(__file__).resolve().parents[2]
PO = REPO / "po"
LANGUAGES = ("de", "es", "fr", "pt_BR")
# {name}, %(name)s, %s and %r: what is filled in when the sentence is shown.
PLACEHOLDER = re.compile(r"\{[a-z_0-9]*\}|%\([a-z_]+\)[sdr]|%[sdr]")


def _catalog(path: Path) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream)


def _messages(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id]


def _key(message: Message) -> tuple[str | None, str]:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return message.context, msgid


def test_the_four_translations_are_there() -> None:
    assert sorted(p.stem for p in PO.glob("*.po")) == sorted(LANGUAGES)


def test_the_template_holds_every_marked_message_of_the_source() -> None:
    script = REPO / "scripts" / "update-messages.sh"
    result = subprocess.run(
        [str(script), "--check"], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("lang", LANGUAGES)
def test_msgfmt_finds_nothing_wrong(lang: str) -> None:
    if shutil.which("msgfmt") is None:
        skip_or_fail("msgfmt is not installed (apt install gettext)")
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO / f"{lang}.po")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_of_the_template_is_translated_and_none_is_a_guess(lang: str) -> None:
    template = {_key(m) for m in _messages(_catalog(PO / "hipbreak.pot"))}
    catalog = _catalog(PO / f"{lang}.po")
    translated = {_key(m) for m in _messages(catalog) if not m.fuzzy and all(_forms(m))}
    missing = sorted(template - translated, key=str)
    assert missing == [], f"{lang}: {len(missing)} not translated, e.g. {missing[:5]}"
    extra = sorted({_key(m) for m in _messages(catalog)} - template, key=str)
    assert extra == [], f"{lang}: no longer in the source: {extra[:5]}"


def _forms(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_translation_keeps_every_placeholder_and_the_closing_newline(lang: str) -> None:
    wrong = []
    for message in _messages(_catalog(PO / f"{lang}.po")):
        source = message.id[-1] if isinstance(message.id, tuple) else message.id
        wanted = sorted(PLACEHOLDER.findall(source))
        for form in _forms(message):
            if sorted(PLACEHOLDER.findall(form)) != wanted or form.endswith("\n") != source.endswith("\n"):
                wrong.append(f"{source!r} -> {form!r}")
    assert wrong == [], f"{lang}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_installed_package_speaks_each_language(lang: str) -> None:
    compiled = Path(language.__file__).parent / "locale" / lang / "LC_MESSAGES" / "hipbreak.mo"
    assert compiled.is_file(), f"{compiled} is missing: the wheel was built without its catalogs"
    try:
        assert language.choose({"LANGUAGE": lang}) == lang
        assert language._("Stretch now") != "Stretch now"
    finally:
        language.choose({"LANGUAGE": "en"})
