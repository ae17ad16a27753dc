"""Which hipbreak runs: the folder its package came from, and a line when that is not the installed one
(`python -m hipbreak` inside a clone imports the clone's sources ahead of the installed package)."""

from __future__ import annotations

from pathlib import Path


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
        return f"running hipbreak from {here}; it is not installed in this Python"
    folder = Path(str(installed.locate_file("hipbreak"))).resolve()
    if folder == here:
        return None
    return f"running hipbreak from {here}, not the hipbreak {installed.version} installed in {folder}"
