"""`hipbreak doctor`'s holds rows: what can hold reminders back on this desktop, and GNOME's own breaks."""

from __future__ import annotations

import shutil
from typing import Any

from hipbreak.environment import Environment
from hipbreak.language import _, pgettext

# A report line: a label (blank on lines that continue the row above) and its text.
Line = tuple[str, str]


def hold_lines(env: Environment, settings: Any) -> list[Line]:
    """Return the "holds" rows: each call, full-screen, DND and inhibitor signal found or passed over and
    why, and GNOME's breaks."""
    from hipbreak.adapters.gnome_breaks import GnomeBreaksUnavailable, read_gnome_breaks
    from hipbreak.adapters.hold.calls import choose_call_signals
    from hipbreak.adapters.hold.choose import choose_desktop_signals

    lines: list[Line] = []
    signals, notes = choose_call_signals(env, settings)
    names = ", ".join(s.name for s in signals) or _("not detected")
    label = pgettext("doctor row", "holds")
    # Translators: {names} lists the ways calls are detected ("pipewire, camera"), or says none is.
    lines.append((label, _("in a call: {names}").format(names=names)))
    for signal in signals:
        lines.append(("", f"- {signal.name}: {signal.describe()}"))
        signal.close()
    lines.extend(("", f"- {note}") for note in notes)
    others, other_notes = choose_desktop_signals(env, settings)
    names = ", ".join(s.name for s in others) or _("nothing watched")
    lines.append(("", _("full screen, Do Not Disturb, inhibitors: {names}").format(names=names)))
    for signal in others:
        lines.append(("", f"- {signal.describe()}"))
        signal.close()
    lines.extend(("", f"- {note}") for note in other_notes)
    if not env.platform.startswith("linux"):
        return lines
    label = pgettext("doctor row", "gnome breaks")
    if shutil.which("gsettings", path=env.variables.get("PATH")) is None:
        lines.append((label, _("none (no gsettings: not a GNOME desktop)")))
        return lines
    try:
        gnome = read_gnome_breaks(env.variables)
    except GnomeBreaksUnavailable as error:
        lines.append((label, _("unknown ({reason})").format(reason=error)))
        return lines
    lines.append(
        (label, _gnome_breaks_text(gnome, getattr(getattr(settings, "hold", None), "gnome_breaks", "ask")))
    )
    return lines


def _gnome_breaks_text(gnome: Any, choice: str) -> str:
    """Say whether GNOME's own movement breaks are on, and who reminds while they are."""
    if not gnome.installed:
        return _("none (GNOME 48+ only)")
    if not gnome.movement_on:
        return _("GNOME's movement breaks are off; hipbreak reminds")
    if choice == "gnome":
        return _("GNOME's movement breaks are on; hipbreak follows them and offers the stretch")
    if choice == "hipbreak":
        return _("GNOME's movement breaks are on; hipbreak switches them off at its next start")
    # Translators: [hold] gnome_breaks = "hipbreak" or "gnome" is a setting as written in the settings file.
    return _(
        "GNOME's movement breaks are on; hipbreak follows them until you choose who reminds "
        '(its question at start, or [hold] gnome_breaks = "hipbreak" or "gnome")'
    )
