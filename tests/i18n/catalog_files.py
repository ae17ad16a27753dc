"""Builds small compiled catalogs in a temp folder, as setup.py builds the real ones."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo


def compiled_catalog(folder: Path, language: str, messages: dict[object, object]) -> Path:
    """Write `messages` (msgid or (singular, plural) or (context, msgid) -> text) as `language`'s catalog."""
    catalog = Catalog(locale=language, domain="hipbreak")
    for key, text in messages.items():
        if isinstance(key, tuple) and key[0].startswith("ctx:"):
            catalog.add(key[1], text, context=key[0][4:])
        else:
            catalog.add(key, text)
    target = folder / language / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    with (target / "hipbreak.mo").open("wb") as stream:
        write_mo(stream, catalog)
    return folder
