"""The stretch window's phase pictures, drawn once per size: on a helper thread ahead of time, or now."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

from PIL import Image, ImageTk

from hipbreak.ui.stretch.illustration import Palette, phase_picture
from hipbreak.ui.stretch.layout import Theme

Key = tuple[str, str | None, int | None]  # phase kind, side, animation frame (None: still)


class PictureCache:
    """Photos by (kind, side, frame) at one size; the Pillow drawing may run on a helper thread so a new
    animation frame never stalls the countdown. Every method runs on the Tk thread."""

    def __init__(self, width: int, height: int, theme: Theme) -> None:
        self.width = width
        self.height = height
        self.theme = theme
        self._photos: dict[Key, ImageTk.PhotoImage] = {}
        self._drawing: dict[Key, Future[Image.Image]] = {}
        self._pool: ThreadPoolExecutor | None = None

    def _draw(self, key: Key) -> Image.Image:
        kind, side, frame = key
        t = self.theme
        palette = Palette(t.background, t.text, t.accent(side), t.arrow, t.track, t.muted)
        return phase_picture(kind, side, self.width, self.height, palette, frame)

    def prefetch(self, key: Key) -> None:
        """Start drawing `key` on the helper thread, unless it is drawn or under way."""
        if key in self._photos or key in self._drawing:
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pictures")
        self._drawing[key] = self._pool.submit(self._draw, key)

    def ready(self, key: Key) -> ImageTk.PhotoImage | None:
        """The photo if it is drawn by now, else None (and its drawing is started)."""
        if key not in self._photos:
            drawing = self._drawing.get(key)
            if drawing is None or not drawing.done():
                self.prefetch(key)
                return None
            self._photos[key] = ImageTk.PhotoImage(self._drawing.pop(key).result())
        return self._photos[key]

    def photo(self, key: Key) -> ImageTk.PhotoImage:
        """The photo, drawn now if it must be (waiting for the helper when it is already drawing it)."""
        if key not in self._photos:
            drawing = self._drawing.pop(key, None)
            image = drawing.result() if drawing is not None else self._draw(key)
            self._photos[key] = ImageTk.PhotoImage(image)
        return self._photos[key]

    def close(self) -> None:
        """Drop the photos and stop the helper without waiting for it."""
        self._photos.clear()
        self._drawing.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
