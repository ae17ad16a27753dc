"""Which hipbreak runs: the folder its package came from, and a line when that is not the installed one
(`python -m hipbreak` inside a clone imports the clone's sources ahead of the installed package)."""

from __future__ import annotations

from pathlib import Path

from hipbreak.language import _


def package_folder() -> Path:
    """Return the folder of the `hipbreak` package that runs now."""
    import hipbreak

    return Path(hipbreak.__file__).resolve().parent


def origin_note() -> str | None:
    """Return one line when the running package is not the one installed in this Python, else None."""
    from importlib import metadata

    here = package_folder()
    try:
        installed = metadata.distribution("hipbreak")
    except metadata.PackageNotFoundError:
        return _("running hipbreak from {folder}; it is not installed in this Python").format(folder=here)
    folder = Path(str(installed.locate_file("hipbreak"))).resolve()
    if folder == here:
        return None
    # Translators: {version} is the installed hipbreak's version number, {installed} the folder it is in.
    text = _("running hipbreak from {folder}, not the hipbreak {version} installed in {installed}")
    return text.format(folder=here, version=installed.version, installed=folder)
