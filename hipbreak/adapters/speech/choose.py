"""Pick the speaker for this platform at run time, saying why each other candidate was passed over.

Linux: speech-dispatcher first (it honours the desktop's voice settings and queues with a screen
reader), then espeak-ng / espeak run directly, then plyer (which would find flite). Windows: SAPI
through PowerShell, then plyer (espeak.exe). macOS: `say`, then plyer. Else: none, and chimes.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Mapping
from typing import Any

from hipbreak.adapters.speech.base import Speaker
from hipbreak.adapters.speech.espeak import EspeakSpeaker
from hipbreak.adapters.speech.macos_say import MacSaySpeaker
from hipbreak.adapters.speech.null import NullSpeaker
from hipbreak.adapters.speech.plyer_tts import PlyerSpeaker, plyer_tts
from hipbreak.adapters.speech.sapi import SapiSpeaker
from hipbreak.adapters.speech.spd_say import SpdSaySpeaker

Which = Callable[[str], str | None]
VoiceProbe = Callable[[str, str], bool]


def locale_language(variables: Mapping[str, str]) -> str:
    """The user's language as a two- or three-letter code ("de"), or "" for the C locale or none set."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = variables.get(name, "")
        if value:
            code = value.split(".")[0].split("@")[0].split("_")[0].lower()
            return "" if code in ("c", "posix") or not code.isalpha() else code
    return ""


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
) -> tuple[Speaker, list[str]]:
    """Return the first speaker that can work here and one note per candidate passed over (any thread)."""
    path = variables.get("PATH")
    find: Which = which or (lambda name: shutil.which(name, path=path))
    notes: list[str] = []
    language = locale_language(variables)
    if platform.startswith("linux") or "bsd" in platform:
        spd = find("spd-say")
        if spd:
            return SpdSaySpeaker(spd, language), notes
        notes.append("speech-dispatcher: spd-say not found (Debian: apt install speech-dispatcher)")
        for program in ("espeak-ng", "espeak"):
            found = find(program)
            if not found:
                notes.append(f"{program}: not found (Debian: apt install espeak-ng)")
                continue
            voice = ""
            if language and language != "en":
                if has_voice(found, language):
                    voice = language
                else:
                    notes.append(f"{program}: no voice for language {language!r}; its default voice is used")
            return EspeakSpeaker(found, voice), notes
    elif platform == "win32":
        shell = find("powershell") or find("pwsh")
        if shell:
            return SapiSpeaker(shell), notes
        notes.append("sapi: PowerShell not found")
    elif platform == "darwin":
        say = find("say")
        if say:
            return MacSaySpeaker(say), notes
        notes.append("say: not found")
    else:
        notes.append(f"no speech module for platform {platform!r}")
    tts = plyer()
    if tts is not None:
        return PlyerSpeaker(tts), notes
    notes.append("plyer: its tts facade found no speech program here")
    return NullSpeaker(), notes
