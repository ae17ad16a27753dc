"""Choosing the speaker per platform with fake program lookups: the first that works, and why not others."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hipbreak.adapters.speech.choose import choose_speaker, spoken_language
from hipbreak.adapters.speech.espeak import EspeakSpeaker
from hipbreak.adapters.speech.macos_say import MacSaySpeaker
from hipbreak.adapters.speech.null import NullSpeaker
from hipbreak.adapters.speech.plyer_tts import PlyerSpeaker
from hipbreak.adapters.speech.sapi import SapiSpeaker
from hipbreak.adapters.speech.spd_say import SpdSaySpeaker


def programs(*names: str) -> Any:
    return lambda name: f"/usr/bin/{name}" if name in names else None


def no_plyer() -> None:
    return None


class FakeTts:
    def speak(self, message: str = "") -> None:
        pass


def choose(
    platform: str,
    *found: str,
    lang: str = "en_GB.UTF-8",
    voices: bool = True,
    tts: Any = None,
    language: str | None = None,
) -> Any:
    return choose_speaker(
        platform,
        {"LANG": lang},
        which=programs(*found),
        has_voice=lambda _program, _language: voices,
        plyer=(lambda: tts) if tts is not None else no_plyer,
        language=language,
    )


def test_linux_prefers_speech_dispatcher_then_espeak_ng_then_espeak() -> None:
    speaker, notes = choose("linux", "spd-say", "espeak-ng")
    assert isinstance(speaker, SpdSaySpeaker) and notes == []
    speaker, notes = choose("linux", "espeak-ng", "espeak")
    assert isinstance(speaker, EspeakSpeaker) and speaker.program == "/usr/bin/espeak-ng"
    assert notes == ["speech-dispatcher: spd-say not found (Debian: apt install speech-dispatcher)"]
    speaker, _ = choose("linux", "espeak")
    assert isinstance(speaker, EspeakSpeaker) and speaker.program == "/usr/bin/espeak"


def test_linux_with_nothing_falls_to_plyer_then_to_none_saying_why() -> None:
    speaker, _ = choose("linux", tts=FakeTts())
    assert isinstance(speaker, PlyerSpeaker)
    speaker, notes = choose("linux")
    assert isinstance(speaker, NullSpeaker) and speaker.name == "none"
    assert len(notes) == 4 and notes[-1] == "plyer: its tts facade found no speech program here"


def test_windows_uses_sapi_through_powershell() -> None:
    speaker, _ = choose("win32", "powershell")
    assert isinstance(speaker, SapiSpeaker)
    assert speaker.argv("x")[:2] == ["/usr/bin/powershell", "-NoProfile"]
    assert speaker.stdin("Stay tall.") == b"Stay tall."  # the text never enters the script
    speaker, notes = choose("win32")
    assert isinstance(speaker, NullSpeaker) and notes[0] == "sapi: PowerShell not found"


def test_macos_uses_say_and_another_platform_gets_none() -> None:
    speaker, _ = choose("darwin", "say")
    assert isinstance(speaker, MacSaySpeaker) and speaker.argv("x") == ["/usr/bin/say", "-f", "-"]
    speaker, notes = choose("sunos5", "espeak-ng")
    assert isinstance(speaker, NullSpeaker) and "no speech module for platform 'sunos5'" in notes[0]


def test_the_language_of_the_lines_picks_an_espeak_voice_when_one_exists() -> None:
    speaker, notes = choose("linux", "espeak-ng", language="de")
    assert isinstance(speaker, EspeakSpeaker) and speaker.voice == "de" and len(notes) == 1  # no spd-say
    assert speaker.argv("Hallo") == ["/usr/bin/espeak-ng", "-v", "de", "--stdin"]
    speaker, notes = choose("linux", "espeak-ng", language="xx", voices=False)
    assert isinstance(speaker, EspeakSpeaker) and speaker.voice == ""
    assert notes[-1] == "espeak-ng: no voice for language 'xx'; its default voice is used"
    speaker, _notes = choose("linux", "spd-say", language="pt_BR")
    assert isinstance(speaker, SpdSaySpeaker)
    assert speaker.argv("Olá")[-4:] == ["--language", "pt-BR", "--", "Olá"]


def test_english_lines_are_spoken_in_english_whatever_the_locale() -> None:
    """No catalog for Italian: the words stay English, so an Italian voice would garble them."""
    speaker, _notes = choose("linux", "spd-say", lang="it_IT.UTF-8")
    assert isinstance(speaker, SpdSaySpeaker) and speaker.language == "en"
    speaker, _notes = choose("linux", "espeak-ng", lang="it_IT.UTF-8")
    assert isinstance(speaker, EspeakSpeaker) and speaker.voice == ""  # espeak-ng's default is English
    speaker, _notes = choose("linux", "spd-say", lang="C.UTF-8")
    assert isinstance(speaker, SpdSaySpeaker) and speaker.language == ""  # nothing asked: the default


@pytest.mark.parametrize(
    ("variables", "language"),
    [
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANGUAGE": "de", "LANG": "en_US.UTF-8"}, "de"),  # the words follow LANGUAGE, so the voice does
        ({"LANGUAGE": "fr:de", "LANG": "fr_FR.UTF-8"}, "de"),  # no French catalog: gettext goes on to de
        ({"LC_ALL": "fr_CA.UTF-8", "LANG": "de_DE.UTF-8"}, "en"),  # LC_ALL wins, and has no catalog
        ({"LANG": "pt_BR.UTF-8"}, "pt-BR"),
        ({"LANG": "pt_PT.UTF-8"}, "en"),  # Brazilian words are not read out as European Portuguese
        ({"LANG": "de_AT@euro"}, "de"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, ""),
        ({"LANG": "POSIX"}, ""),
        ({}, ""),
    ],
)
def test_the_voice_speaks_the_language_of_the_catalog_in_use(
    tmp_path: Path, variables: dict[str, str], language: str
) -> None:
    for code in ("de", "pt_BR"):
        folder = tmp_path / code / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "hipbreak.mo").write_bytes(b"")
    assert spoken_language(variables, tmp_path) == language


def test_no_speaker_passes_a_volume() -> None:
    """The system's volume rules: none of the command lines carries a volume or amplitude."""
    for speaker in (
        SpdSaySpeaker("spd-say", "en"),
        EspeakSpeaker("espeak-ng", "de"),
        MacSaySpeaker("say"),
        SapiSpeaker("powershell"),
    ):
        argv = " ".join(speaker.argv("Stay tall."))
        assert "volume" not in argv.lower() and " -a " not in f" {argv} " and "-i" not in argv.split()
