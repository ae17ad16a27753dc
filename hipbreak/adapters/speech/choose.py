"""Pick the speaker for this platform at run time, saying why each other candidate was passed over.

Linux: speech-dispatcher first (it honours the desktop's voice settings and queues with a screen
reader), then espeak-ng / espeak run directly, then plyer (which would find flite). Windows: SAPI
through PowerShell, then plyer (espeak.exe). macOS: `say`, then plyer. Else: none, and chimes.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from hipbreak.adapters.speech.base import Speaker
from hipbreak.adapters.speech.espeak import EspeakSpeaker
from hipbreak.adapters.speech.macos_say import MacSaySpeaker
from hipbreak.adapters.speech.null import NullSpeaker
from hipbreak.adapters.speech.plyer_tts import PlyerSpeaker, plyer_tts
from hipbreak.adapters.speech.sapi import SapiSpeaker
from hipbreak.adapters.speech.spd_say import SpdSaySpeaker
from hipbreak.language import DOMAIN, _, catalog_folder, languages_from

Which = Callable[[str], str | None]
VoiceProbe = Callable[[str, str], bool]


def spoken_language(variables: Mapping[str, str], catalogs: Path | None = None) -> str:
    """The language hipbreak's words are in, as a speech tag ("de", "pt-BR"); "" when none is asked for.

    It is the first language the variables ask for (as gettext reads them) that hipbreak has a catalog
    for in `catalogs` (default: the installed ones), else English: an English line is never read out in
    another language's voice.
    """
    wanted = languages_from(variables)
    if not wanted:
        return ""
    folder = catalog_folder() if catalogs is None else catalogs
    for language in wanted:
        bare = language.split(".")[0].split("@")[0]
        base = bare.split("_")[0]
        if base.lower() == "en":
            return "en"
        for name in dict.fromkeys([bare, base]):
            if (folder / name / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file():
                return speech_tag(name)
    return "en"


def speech_tag(language: str) -> str:
    """Return a catalog's language ("pt_BR") as speech programs name it ("pt-BR")."""
    base, _sep, region = language.partition("_")
    return f"{base.lower()}-{region.upper()}" if region else base.lower()


def espeak_has_voice(program: str, language: str) -> bool:
    """Whether espeak-ng lists a voice for `language` (a header line alone means none)."""
    try:
        result = subprocess.run(
            [program, f"--voices={language}"], capture_output=True, text=True, timeout=3.0, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0 and len(result.stdout.strip().splitlines()) > 1


def choose_speaker(
    platform: str,
    variables: Mapping[str, str],
    which: Which | None = None,
    has_voice: VoiceProbe = espeak_has_voice,
    plyer: Callable[[], Any | None] = plyer_tts,
    language: str | None = None,
) -> tuple[Speaker, list[str]]:
    """Return the first speaker that can work here and one note per candidate passed over (any thread).

    `language` is the one the lines are in ("de", "pt_BR"); None means hipbreak's own words, whose
    language `spoken_language` finds. speech-dispatcher and espeak-ng are told it; SAPI, `say` and plyer
    speak in the voice the system chose.
    """
    path = variables.get("PATH")
    find: Which = which or (lambda name: shutil.which(name, path=path))
    notes: list[str] = []
    tag = spoken_language(variables) if language is None else speech_tag(language)
    if platform.startswith("linux") or "bsd" in platform:
        spd = find("spd-say")
        if spd:
            return SpdSaySpeaker(spd, tag), notes
        # Translators: keep the program and package names and the apt command as they are.
        notes.append(_("speech-dispatcher: spd-say not found (Debian: apt install speech-dispatcher)"))
        for program in ("espeak-ng", "espeak"):
            found = find(program)
            if not found:
                # Translators: {program} is espeak-ng or espeak; keep the apt command as it is.
                text = _("{program}: not found (Debian: apt install espeak-ng)")
                notes.append(text.format(program=program))
                continue
            voice = ""
            if tag and tag != "en":
                if has_voice(found, tag):
                    voice = tag
                else:
                    # Translators: {program} is espeak-ng or espeak; {language} a code such as 'de'.
                    text = _("{program}: no voice for language {language}; its default voice is used")
                    notes.append(text.format(program=program, language=repr(tag)))
            return EspeakSpeaker(found, voice), notes
    elif platform == "win32":
        shell = find("powershell") or find("pwsh")
        if shell:
            return SapiSpeaker(shell), notes
        notes.append(_("sapi: PowerShell not found"))
    elif platform == "darwin":
        say = find("say")
        if say:
            return MacSaySpeaker(say), notes
        # Translators: "say" is the name of macOS's speech program; keep it.
        notes.append(_("say: not found"))
    else:
        # Translators: {platform} is the operating system's code, e.g. 'sunos5'.
        notes.append(_("no speech module for platform {platform}").format(platform=repr(platform)))
    tts = plyer()
    if tts is not None:
        return PlyerSpeaker(tts), notes
    # Translators: plyer is a Python library and tts its text-to-speech part; keep both names.
    notes.append(_("plyer: its tts facade found no speech program here"))
    return NullSpeaker(), notes
