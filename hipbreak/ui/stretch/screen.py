"""What the stretch window shows: fixed-size rows of big text, the picture and the countdown ring."""

from __future__ import annotations

import gc
import math
import tkinter as tk
from collections.abc import Callable, Sequence
from tkinter import font as tkfont
from typing import Any, Literal

from PIL import ImageTk

from hipbreak.core.routine import Phase, Routine
from hipbreak.language import _, pgettext
from hipbreak.ui.stretch.illustration import ring_picture
from hipbreak.ui.stretch.key_hints import KeyHints
from hipbreak.ui.stretch.layout import GAP, LARGE, NORMAL, PAD, WIDTH, Layout, Theme
from hipbreak.ui.stretch.pictures import PictureCache
from hipbreak.ui.stretch.text_fit import cut, fit_height, fit_width
from hipbreak.ui.stretch.why_panel import WhyPanel

__all__ = ["WIDTH", "Screen", "Theme", "countdown_text", "natural_height"]


def natural_height(layout: Layout = NORMAL) -> int:
    """The window's height in pixels at scale 1."""
    return layout.natural_height()


def countdown_text(seconds_left: float) -> str:
    """Return whole seconds left, rounded up ("27", "1:05")."""
    whole = max(0, math.ceil(seconds_left - 1e-6))
    return f"{whole // 60}:{whole % 60:02d}" if whole >= 60 else str(whole)


class Screen:
    """The window's widgets; every method runs on the Tk thread."""

    def __init__(
        self, root: tk.Tk, scale: float, routine: Routine, theme: Theme | None = None, large: bool = False
    ) -> None:
        self.root = root
        self.scale = scale
        self.routine = routine
        self.theme = theme or Theme()
        self.large = large
        self.layout: Layout = LARGE if large else NORMAL
        self.family = tkfont.nametofont("TkDefaultFont").actual("family")
        size = self.layout.picture or NORMAL.picture or (500, 330)
        self.pictures = PictureCache(self.px(size[0]), self.px(size[1]), self.theme)
        self.frame: int | None = None  # the hold's animation frame on show; None = the still picture
        self.why_shown = False
        self._fonts: dict[tuple[int, bool], tkfont.Font] = {}
        self._ring_photo: ImageTk.PhotoImage | None = None
        self._ring_state: tuple[Any, ...] = ()
        self.picture_key: tuple[str, str | None] = ("", None)
        self._build()

    def px(self, value: float) -> int:
        """Scale a layout length."""
        return max(1, round(value * self.scale))

    def font(self, size: float, bold: bool = False) -> tkfont.Font:
        """A font `size` px tall at scale 1 (negative Tk sizes are pixels), made once and kept."""
        key = (self.px(size), bold)
        if key not in self._fonts:
            weight: Literal["normal", "bold"] = "bold" if bold else "normal"
            self._fonts[key] = tkfont.Font(self.root, family=self.family, size=-key[0], weight=weight)
        return self._fonts[key]

    def _row(self, parent: tk.Misc, name: str) -> tk.Frame:
        height = self.px(self.layout.rows[name])
        frame = tk.Frame(parent, bg=self.theme.background, width=self.px(WIDTH), height=height)
        frame.pack_propagate(False)
        frame.pack(side="top", pady=(0, self.px(GAP)) if name != "hints" else 0)
        return frame

    def _label(self, parent: tk.Misc, size: float, bold: bool = False, **options: Any) -> tk.Label:
        options.setdefault("fg", self.theme.text)
        options.setdefault("anchor", "w")
        return tk.Label(parent, bg=self.theme.background, font=self.font(size, bold), **options)

    def _build(self) -> None:
        t, lay = self.theme, self.layout
        self.root.configure(bg=t.background)
        # Centred both ways: a window made larger than the layout keeps it in the middle.
        self.body = body = tk.Frame(self.root, bg=t.background, padx=self.px(PAD), pady=self.px(PAD))
        body.place(relx=0.5, rely=0.5, anchor="center")
        header = self._row(body, "header")
        self.title = self._label(header, 32, bold=True)
        self.title.pack(side="left", fill="y")
        self.step = self._label(header, 18, fg=t.muted)
        self.step.pack(side="right", fill="y")
        self.position = self._label(self._row(body, "position"), lay.position_font, bold=True)
        self.position.pack(side="left", fill="both", expand=True)
        self.main = main = self._row(body, "main")
        self.picture = tk.Label(main, bg=t.background, bd=0)
        if lay.picture is not None:
            self.picture.pack(side="left")
        # A little wider than the ring, so rounding never clips its edge.
        side = self.px(lay.ring) + 8
        self.ring = tk.Canvas(main, bg=t.background, highlightthickness=0, bd=0, width=side, height=side)
        self.ring.pack(side="left", expand=True)
        self.why_panel = WhyPanel(
            main, self.routine, self.px(WIDTH - lay.ring - 60), self.px(lay.rows["main"]),
            self.font, lay.why_font, self.px, t,
        )  # fmt: skip
        centre = side // 2
        self._ring_image = self.ring.create_image(centre, centre)
        self._digits = self.ring.create_text(
            centre, centre - self.px(8), fill=t.text, font=self.font(lay.digits_font, True)
        )
        self._status = self.ring.create_text(
            centre, centre + self.px(lay.ring * 0.235), fill=t.muted, font=self.font(20, True)
        )
        cue_row = self._row(body, "cue")
        self.cue_step = self._label(cue_row, 18, fg=t.muted, anchor="e", justify="right")
        self.cue_step.pack(side="right", fill="y")
        self.cue = self._label(
            cue_row, lay.cue_font, bold=True, justify="left", wraplength=self.px(WIDTH - 150)
        )
        self.cue.pack(side="left", fill="both", expand=True)
        lower = self._row(body, "lower")
        left_width = 0 if self.large else self.px(WIDTH * 0.6)
        tips = tk.Frame(lower, bg=t.background)
        self.tips_title = self._label(tips, 16, bold=True, fg=t.text, anchor="nw")
        self.tips = self._label(tips, 15, fg=t.muted, justify="left", anchor="nw", wraplength=left_width - 12)
        right = tk.Frame(lower, bg=t.background)
        if self.large:
            right.place(x=0, y=0, relwidth=1.0, relheight=1.0)  # only the stop line: no tips, no why
        else:
            tips.place(x=0, y=0, width=left_width, relheight=1.0)
            self.tips_title.pack(side="top", fill="x")
            self.tips.pack(side="top", fill="x")
            right.place(
                x=left_width + self.px(24), y=0, relwidth=1.0, width=-left_width - self.px(24), relheight=1.0
            )
        wrap = self.px(WIDTH if self.large else WIDTH * 0.4 - 24) - 12
        self.why = self._label(right, 15, fg=t.muted, justify="left", anchor="nw", wraplength=wrap)
        if not self.large:
            self.why.pack(side="top", fill="x")
        self.stop = self._label(right, 16, bold=True, fg=t.warn, justify="left", anchor="nw", wraplength=wrap)
        self.stop.pack(side="top", fill="x", pady=(0 if self.large else self.px(6), 0))
        self.hints = self._row(body, "hints")
        self.key_hints = KeyHints(self.hints, self.font, self.px(WIDTH), self.px, t)
        # Translators: the routine's one-line reason, under the tips: "Why: Hours in a chair shorten …".
        self.why.configure(text=_("Why: {why}").format(why=self.routine.why) if self.routine.why else "")
        self.stop.configure(text=f"\u26a0  {self.routine.stop}" if self.routine.stop else "")
        if self.large:
            fit_height([(self.stop, 16, True)], self.px(lay.rows["lower"]), self.font)
        else:
            fit_height(
                [(self.why, 15, False), (self.stop, 16, True)],
                self.px(lay.rows["lower"]),
                self.font,
                self.px(6),
            )

    def destroy(self) -> None:
        """Take every widget of this screen down (the window builds a new one at another size)."""
        self.body.destroy()
        self.pictures.close()
        self._fonts.clear()
        self._ring_photo = None
        # Collect the old widgets' cycles here: a Tk image or font freed by the garbage collector on
        # another thread (speech, pictures, chimes) would call into Tcl from the wrong thread.
        gc.collect()

    def set_why(self, shown: bool) -> None:
        """Show the reasons in place of the picture (the countdown and the cue stay), or hide them."""
        self.why_shown = shown
        if shown:
            self.picture.pack_forget()
            self.why_panel.box.pack(side="left", before=self.ring)
        else:
            self.why_panel.box.pack_forget()
            if self.layout.picture is not None:
                self.picture.pack(side="left", before=self.ring)

    def _photo(self, kind: str, side: str | None, frame: int | None = None) -> ImageTk.PhotoImage:
        return self.pictures.photo((kind, side, frame))

    def prepare_picture(self, phase: Phase, frame: int | None = None) -> None:
        """Start drawing `phase`'s picture (or one of its frames) on a helper thread: no stall to show it."""
        if self.layout.picture is not None:
            self.pictures.prefetch((phase.kind, phase.side, frame))

    def show_frame(self, phase: Phase, frame: int | None) -> bool:
        """Show frame `frame` of a hold's moving picture once it is drawn; False while it is still drawing."""
        if self.layout.picture is None:
            return False
        photo = self.pictures.ready((phase.kind, phase.side, frame))
        if photo is None:
            return False
        self.frame = frame
        self.picture.configure(image=photo)
        return True

    def show_phase(self, phase: Phase, number: int, steps: int) -> None:
        """Show a timed phase: its title, the side in words, its picture and its text."""
        t = self.theme
        self.step.configure(text=_("Step {number} of {steps}").format(number=number, steps=steps))
        self._show_title(phase.title)
        position = phase.position
        if phase.side == "left":
            position = f"\u25c0  {position}"
        elif phase.side == "right":
            position = f"{position}  \u25b6"
        self.position.configure(text=position, fg=t.accent(phase.side), font=self._fitting(position))
        self.frame = None
        if self.layout.picture is not None:
            self.picture.configure(image=self._photo(phase.kind, phase.side))
        self.picture_key = (phase.kind, phase.side)
        if phase.kind == "hold" and self.routine.not_feeling_it:
            lines = [f"{i}. {tip}" for i, tip in enumerate(self.routine.not_feeling_it, start=1)]
            self.tips_title.configure(text=_("Not feeling it? Add these one at a time:"))
            self.tips.configure(text="\n".join(lines))
            if not self.large:
                fit_height(
                    [(self.tips_title, 16, True), (self.tips, 15, False)],
                    self.px(self.layout.rows["lower"]),
                    self.font,
                )
        else:
            self.tips_title.configure(text="")
            self.tips.configure(text="")
        if phase.kind != "hold":
            self.cue_step.configure(text="")
            self._show_cue_text(phase.instruction, self.layout.instruction_font)

    def _show_title(self, title: str) -> None:
        """Show the title beside the step counter, smaller if the two would not fit the row."""
        self.title.configure(text=title)
        room = self.px(WIDTH) - self.step.winfo_reqwidth() - self.px(24)
        fit_width([(self.title, 32, True)], room, self.font)

    def _show_cue_text(self, text: str, size: int) -> None:
        """Show a cue or an instruction in the cue row, beside the tip counter, smaller if it needs to be."""
        # Its lines end where the counter at the row's right begins; never wider than the layout's column.
        self.cue.configure(
            text=text,
            wraplength=min(self.px(WIDTH - 150), self.px(WIDTH - 16) - self.cue_step.winfo_reqwidth()),
        )
        fit_height([(self.cue, size, True)], self.px(self.layout.rows["cue"]), self.font)

    def _fitting(self, text: str) -> tkfont.Font:
        """The side line's font, as large as the layout asks or as fits the window's width, bold."""
        size = self.layout.position_font
        while size > 20 and self.font(size, True).measure(text) > self.px(WIDTH - 8):
            size -= 2
        return self.font(size, True)

    def show_cue(self, phase: Phase, index: int) -> None:
        """Show cue `index` of a hold, with where it sits among the others."""
        if not phase.cues:
            self.cue.configure(text="")
            self.cue_step.configure(text="")
            return
        dots = " ".join("\u25cf" if i == index else "\u25cb" for i in range(len(phase.cues)))
        # Translators: which of a hold's cues shows ("Tip 2 of 4"); a row of dots goes under it.
        tip = _("Tip {number} of {count}").format(number=index + 1, count=len(phase.cues))
        self.cue_step.configure(text=f"{tip}\n{dots}")
        self._show_cue_text(phase.cues[index], self.layout.cue_font)

    def show_countdown(self, seconds_left: float, share_left: float, side: str | None, paused: bool) -> None:
        """Show the time left as digits and as a ring; a paused countdown says so in words and greys out."""
        colour = self.theme.paused if paused else self.theme.accent(side)
        digits = self.font(self.layout.digits_font, True)
        self.ring.itemconfigure(self._digits, text=countdown_text(seconds_left), font=digits)
        self.ring.itemconfigure(
            self._status,
            text=_("PAUSED") if paused else pgettext("under the countdown's digits", "seconds"),
            fill=self.theme.arrow if paused else self.theme.muted,
            font=self.font(26 if paused else 20, True),
        )
        self._draw_ring(share_left, colour)

    def show_done(self, title: str, headline: str, detail: str, count: int, goal: int) -> None:
        """Show the Done screen: the day's break count in words and on the ring."""
        self.step.configure(text="")
        self._show_title(title)
        self.position.configure(text=headline, fg=self.theme.done, font=self._fitting(headline))
        self.frame = None
        if self.layout.picture is not None:
            self.picture.configure(image=self._photo("done", None))
        self.picture_key = ("done", None)
        self.cue_step.configure(text="")
        self._show_cue_text(detail, self.layout.instruction_font)
        self.tips_title.configure(text="")
        self.tips.configure(text="")
        self.stop.configure(text="")  # the stretch is over: the warning and the why belong to the holds
        self.why.configure(text="")
        digits = f"{count}/{goal}"
        size = self.layout.digits_font if len(digits) <= 3 else self.layout.digits_font * 3 // 4
        self.ring.itemconfigure(self._digits, text=digits, font=self.font(size, True))
        today = pgettext("under the day's count of breaks, as in 4/8", "today")
        self.ring.itemconfigure(self._status, text=today, fill=self.theme.muted, font=self.font(20, True))
        self._draw_ring(min(1.0, count / goal) if goal else 1.0, self.theme.done)

    def _draw_ring(self, share: float, colour: str) -> None:
        state = (round(share * 360), colour)  # a degree is below what the eye can tell apart at this size
        if state == self._ring_state:
            return
        self._ring_state = state
        image = ring_picture(
            self.px(self.layout.ring), share, colour, self.theme.track, self.theme.background
        )
        if self._ring_photo is None:
            self._ring_photo = ImageTk.PhotoImage(image)
            self.ring.itemconfigure(self._ring_image, image=self._ring_photo)
        else:
            self._ring_photo.paste(image)
        self.ring.tag_raise(self._digits)

    def set_hints(self, hints: Sequence[tuple[str, str, Callable[[], None]]]) -> None:
        """Show the keys that work now as clickable key caps: (key, what it does, action)."""
        self.key_hints.show(hints)

    @property
    def hint_texts(self) -> list[str]:
        """The hints on show, as "key action" texts."""
        return self.key_hints.texts

    def snapshot(self) -> dict[str, Any]:
        """What the user sees right now, read back from the widgets (for traces and tests)."""
        return {
            "title": self.title.cget("text"),
            "step": self.step.cget("text"),
            "position": self.position.cget("text"),
            "countdown": self.ring.itemcget(self._digits, "text"),
            "status": self.ring.itemcget(self._status, "text"),
            "cue": self.cue.cget("text"),
            "cue_step": self.cue_step.cget("text"),
            "tips": "\n".join(t for t in (self.tips_title.cget("text"), self.tips.cget("text")) if t),
            "why": self.why.cget("text"),
            "stop": self.stop.cget("text"),
            "picture": "-".join(part for part in self.picture_key if part),
            "frame": self.frame,
            "why_panel": self.why_shown,
            "large": self.large,
            "scale": round(self.scale, 3),
            "hints": list(self.hint_texts),
            "cut": cut(self._text_labels()),
        }

    def _text_labels(self) -> list[tuple[str, tk.Label]]:
        """Every label that shows words, named, for the check that none is cut off."""
        named = [
            ("title", self.title), ("step", self.step), ("position", self.position), ("cue", self.cue),
            ("cue_step", self.cue_step), ("tips_title", self.tips_title), ("tips", self.tips),
            ("why", self.why), ("stop", self.stop), *self.why_panel.labels, *self.key_hints.labels,
        ]  # fmt: skip
        return named
