"""The row of key caps at the bottom of the stretch window: what each key does now, clickable too."""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable, Sequence

from hipbreak.ui.stretch.layout import Theme
from hipbreak.ui.stretch.text_fit import FontMaker, shares

Hint = tuple[str, str, Callable[[], None]]
CAP_SIZE = 17
WORD_SIZE = 17


class KeyHints:
    """Key caps with their words in one row; Tk thread only."""

    def __init__(
        self, row: tk.Frame, font: FontMaker, width: int, px: Callable[[float], int], theme: Theme
    ) -> None:
        self.row = row
        self.font = font
        self.width = width
        self.px = px
        self.theme = theme
        self.texts: list[str] = []
        self._keys: list[str] = []
        self._words: list[tk.Label] = []
        self._caps: list[tk.Label] = []
        self._actions: dict[tk.Label, Callable[[], None]] = {}

    @property
    def labels(self) -> list[tuple[str, tk.Label]]:
        """Every key cap and word on show, named for the layout check."""
        caps = [(f"cap:{cap.cget('text')}", cap) for cap in self._caps]
        return caps + [(f"word:{word.cget('text')}", word) for word in self._words]

    def show(self, hints: Sequence[Hint]) -> None:
        """Show (key, what it does, action) for each key that works now."""
        texts = [f"{key} {action}" for key, action, _ in hints]
        if texts == self.texts:
            return
        if [key for key, _, _ in hints] == self._keys:
            # Same keys, new words (Pause/Resume, the Done countdown): relabel in place, no flicker.
            for (_, action, command), word in zip(hints, self._words, strict=True):
                word.configure(text=action)
                self._actions[word] = command
            self.texts = texts
            self._fit()
            return
        for child in self.row.winfo_children():
            child.destroy()
        t = self.theme
        self._keys = [key for key, _, _ in hints]
        self._words = []
        self._caps = []
        for key, action, command in hints:
            cap = tk.Label(
                self.row, text=key, font=self.font(CAP_SIZE, True), fg=t.text, bg=t.panel,
                padx=self.px(10), pady=self.px(3), bd=1, relief="solid", cursor="hand2",
            )  # fmt: skip
            word = tk.Label(
                self.row,
                text=action,
                font=self.font(WORD_SIZE, False),
                fg=t.text,
                bg=t.background,
                cursor="hand2",
            )
            cap.pack(side="left", padx=(0, self.px(7)))
            word.pack(side="left", padx=(0, self.px(22)))
            self._actions[word] = command
            for widget in (cap, word):
                widget.bind("<Button-1>", self._click_handler(word))
            self._words.append(word)
            self._caps.append(cap)
        self.texts = texts
        self._fit()

    def _fit(self) -> None:
        # Longer words in other languages: the caps, the words and the gaps between them shrink together
        # until the row holds them.
        for share in shares():
            cap_gap, word_gap = self.px(7 * share), self.px(22 * share)
            for cap, word in zip(self._caps, self._words, strict=True):
                cap.configure(font=self.font(CAP_SIZE * share, True), padx=self.px(10 * share))
                cap.pack_configure(padx=(0, cap_gap))
                word.configure(font=self.font(WORD_SIZE * share, False))
                word.pack_configure(padx=(0, word_gap))
            widths = sum(label.winfo_reqwidth() for label in (*self._caps, *self._words))
            if widths + len(self._words) * (cap_gap + word_gap) <= self.width:
                return

    def _click_handler(self, word: tk.Label) -> Callable[[tk.Event], None]:
        return lambda _event: self._actions[word]()
