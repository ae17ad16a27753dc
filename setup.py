"""Builds hipbreak's message catalogs: po/<lang>.po compiled into hipbreak/locale/<lang>/LC_MESSAGES."""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithCatalogs(build_py):
    """The usual build, plus one compiled catalog per translation in po/."""

    def run(self) -> None:
        super().run()
        if self.dry_run:
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for source in sorted((HERE / "po").glob("*.po")):
            with source.open("rb") as stream:
                catalog = read_po(stream, locale=source.stem)
            target = Path(self.build_lib) / "hipbreak" / "locale" / source.stem / "LC_MESSAGES"
            target.mkdir(parents=True, exist_ok=True)
            with (target / "hipbreak.mo").open("wb") as stream:
                # Fuzzy entries are guesses a translator has not checked: English is safer than a guess.
                write_mo(stream, catalog, use_fuzzy=False)


setup(cmdclass={"build_py": BuildWithCatalogs})
