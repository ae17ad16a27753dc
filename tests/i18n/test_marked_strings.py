"""Every sentence hipbreak shows people is marked for translation, in a form a catalog can hold."""

from __future__ import annotations

from pathlib import Path

import pytest

import hipbreak
from i18n.literals import shadowed_marker, unextractable, unmarked

PACKAGE = Path(hipbreak.__file__).resolve().parent
AREAS = ("core", "app", "adapters", "cli", "ipc", "ui", "")


def _sources(area: str) -> list[Path]:
    if area:
        return sorted((PACKAGE / area).rglob("*.py"))
    return sorted(PACKAGE.glob("*.py"))


@pytest.mark.parametrize("area", AREAS, ids=[a or "top" for a in AREAS])
def test_every_sentence_in_the_area_is_marked_for_translation(area: str) -> None:
    found = [str(x) for path in _sources(area) for x in unmarked(path, str(path.relative_to(PACKAGE)))]
    assert found == [], "unmarked (wrap in _(), N_() or ngettext(), or add '# not user text'):\n" + "\n".join(
        found
    )


@pytest.mark.parametrize("area", AREAS, ids=[a or "top" for a in AREAS])
def test_no_marked_text_is_built_at_run_time_and_nothing_hides_the_marker(area: str) -> None:
    found = [
        str(x)
        for path in _sources(area)
        if path.name != "language.py"
        for x in [
            *unextractable(path, str(path.relative_to(PACKAGE))),
            *shadowed_marker(path, str(path.relative_to(PACKAGE))),
        ]
    ]
    assert found == [], "\n".join(found)


def test_the_finder_sees_an_unmarked_sentence_and_passes_marked_ones(tmp_path: Path) -> None:
    source = tmp_path / "sample.py"
    source.write_text(
        '"""A docstring is for developers."""\n'
        "from hipbreak.language import _\n"
        'A = "Time to stand up"\n'
        'B = _("Time to stretch")\n'
        'C = f"Next reminder at {A}"\n'
        'D = "SELECT day FROM events WHERE kind = ?"\n'
        'E = "Kept as it is"  # not user text\n'
        'log.info("started the watch")\n'
    )
    found = [(x.line, x.text) for x in unmarked(source, "sample.py")]
    assert found == [(3, "Time to stand up"), (5, "Next reminder at {}")]
