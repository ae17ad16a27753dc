"""The shared look of the small Tk windows: theme, fonts and the styles for hints, errors and bad fields."""

from __future__ import annotations

import sys
import tkinter as tk
from tkinter import font, ttk

BACKGROUND = "#f3f2ef"
TEXT = "#1f1f1f"
MUTED = "#555555"  # 6.6:1 on the background
ERROR = "#b3261e"  # 5.8:1 on the background; always next to words, never alone
ERROR_FIELD = "#fff1f0"
ACCENT = "#2f6f4f"
PAD = 12  # the outer margin; inner gaps are fractions of it

# The theme's menu button, with its text centred like a plain button's instead of at the left.
_CENTRED_MENUBUTTON = """
Menubutton.border -sticky nswe -children {
    Menubutton.focus -sticky nswe -children {
        Menubutton.indicator -side right -sticky {}
        Menubutton.padding -sticky we -expand 1 -children {Menubutton.label -sticky {}}
    }
}
"""  # not user text


def apply_look(root: tk.Tk) -> ttk.Style:
    """Give `root` and its ttk widgets the hipbreak look and return the style, for extra tweaks."""
    style = ttk.Style(root)
    if "clam" in style.theme_names():
        style.theme_use("clam")  # the same on every X11 desktop, and it can draw coloured borders
    for name in ("TkDefaultFont", "TkTextFont", "TkMenuFont"):
        font.nametofont(name).configure(size=10)
    small = _named_font(root, "HipbreakSmall", size=9)
    strong = _named_font(root, "HipbreakStrong", weight="bold")
    heading = _named_font(root, "HipbreakHeading", size=11, weight="bold")
    big = _named_font(root, "HipbreakBig", size=13, weight="bold")
    root.configure(background=BACKGROUND)
    for option, value in (
        ("font", "TkMenuFont"),
        ("background", "#ffffff"),
        ("foreground", TEXT),
        ("activeBackground", ACCENT),
        ("activeForeground", "#ffffff"),
        ("relief", "solid"),
        ("borderWidth", 1),
        ("activeBorderWidth", 0),
    ):
        root.option_add(f"*Menu.{option}", value)
    style.configure(".", background=BACKGROUND, foreground=TEXT)
    style.configure("Hint.TLabel", foreground=MUTED, font=small)
    style.configure("Path.TLabel", foreground=MUTED, font=small)
    style.configure("Error.TLabel", foreground=ERROR, font=small)
    style.configure("Big.TLabel", font=big)
    style.configure("Heading.TLabel", font=heading)
    style.configure("Strong.TLabel", font=strong)
    style.configure("TButton", padding=(10, 4))
    style.configure("TMenubutton", padding=(10, 4), anchor="center")
    style.configure(
        "Accent.TButton", foreground="#ffffff", background=ACCENT, bordercolor=ACCENT, focuscolor="#ffffff"
    )
    style.tk.call("ttk::style", "layout", "TMenubutton", _CENTRED_MENUBUTTON)
    style.map(
        "Accent.TButton",
        background=[("disabled", "#a7b8ae"), ("pressed", "#245a3f"), ("active", "#3a805d")],
        foreground=[("disabled", "#eef2ef")],
    )
    for widget in ("TEntry", "TSpinbox"):
        style.configure(f"Bad.{widget}", fieldbackground=ERROR_FIELD, bordercolor=ERROR)
        style.map(f"Bad.{widget}", bordercolor=[("focus", ERROR)], lightcolor=[("focus", ERROR)])
    style.configure("TCheckbutton", background=BACKGROUND)
    style.configure("TRadiobutton", background=BACKGROUND)
    return style


def mnemonic(text: str, key: str) -> int:
    """Return where `key` first shows in the label `text`, to underline it; -1 when a translation lacks it."""
    return text.lower().find(key.lower())


def open_root(title: str, no_display: str) -> tk.Tk | None:
    """Open a fixed-size Tk root in the hipbreak look; None, after the line `no_display`, without a display.

    `no_display` is a whole sentence with a {reason} placeholder.
    """
    try:
        root = tk.Tk(className="hipbreak")
    except tk.TclError as exc:
        print(no_display.format(reason=exc), file=sys.stderr)
        return None
    root.title(title)
    root.resizable(False, False)
    apply_look(root)
    return root


def _named_font(root: tk.Tk, name: str, **changes: object) -> str:
    """Create the font `name` from the default font with `changes`, and return its name.

    Made through Tcl rather than `tkinter.font.Font`, whose objects delete their font when garbage
    collected and leave the styles that use it with a fallback font.
    """
    spec: dict[str, object] = dict(font.nametofont("TkDefaultFont").actual())
    spec.update(changes)
    options: list[object] = []
    for key, value in spec.items():
        options += [f"-{key}", value]
    if name in root.tk.splitlist(root.tk.call("font", "names")):
        root.tk.call("font", "configure", name, *options)
    else:
        root.tk.call("font", "create", name, *options)
    return name
