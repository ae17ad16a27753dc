"""Where `hipbreak stats --chart` may write, and the image format the file's name asks for."""

from __future__ import annotations

from pathlib import Path

from hipbreak.language import _

# The formats a chart makes sense in, by suffix; those this Pillow cannot write are left out at run time.
CHART_SUFFIXES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP", ".gif": "GIF"}


class ChartPathError(ValueError):
    """The chart cannot be written there; str() is one line naming the file and the fix."""

    def __init__(self, message: str, usage: bool) -> None:
        super().__init__(message)
        self.usage = usage  # the name is wrong (a usage error), not the folder


def writable_suffixes() -> dict[str, str]:
    """Return {suffix: Pillow format} for the chart formats this Pillow can write."""
    from PIL import Image

    Image.init()  # registers every plugin, so SAVE lists them all
    return {suffix: kind for suffix, kind in CHART_SUFFIXES.items() if kind in Image.SAVE}


def chart_format(path: Path) -> str:
    """Return the Pillow format the suffix of `path` names; ChartPathError when the suffix names none we
    write or the folder does not exist (nothing is created: a typo in a folder must not become a tree)."""
    usable = writable_suffixes()
    kind = usable.get(path.suffix.lower())
    if kind is None:
        names = ", ".join(usable)
        # Translators: {suffixes} lists file name endings, e.g. ".png, .jpg, .webp".
        text = _("cannot write a chart to {path}: end its name in one of {suffixes}")
        raise ChartPathError(text.format(path=path, suffixes=names), usage=True)
    folder = path.parent
    if not folder.is_dir():
        text = _("cannot write {path}: the folder {folder} does not exist; create it first or choose another")
        raise ChartPathError(text.format(path=path, folder=folder), usage=False)
    return kind
