"""Full screen on X11: the active window (`_NET_ACTIVE_WINDOW` on the root) has `_NET_WM_STATE_FULLSCREEN`.

The window manager keeps both properties (EWMH), so the signal asks for PropertyNotify on the root and
on the active window and sleeps in select() until one changes: no polling. It speaks X through libxcb
(ctypes; every libX11 loads it), which returns errors and a lost server as values where Xlib's C library
would call exit(), and costs nothing to import: python-xlib cost the tray app ~3.5 MB all day.
"""

from __future__ import annotations

import ctypes
import functools
import select
from typing import Any

from hipbreak.adapters.c_library import load_library
from hipbreak.adapters.hold.base import HoldUnavailable, ThreadedHoldSignal
from hipbreak.core.holds import HoldReason
from hipbreak.language import _

# From <xcb/xproto.h>.
_PROPERTY_NOTIFY = 28
_CW_EVENT_MASK = 2048
_EVENT_MASK_PROPERTY_CHANGE = 1 << 22
_ANY_TYPE = 0
_MAX_ITEMS = 1024  # 32-bit items read of a property: far more atoms than any window manager lists

_u8, _u16, _u32 = ctypes.c_uint8, ctypes.c_uint16, ctypes.c_uint32


class _Cookie(ctypes.Structure):
    _fields_ = [("sequence", ctypes.c_uint)]


class _AtomReply(ctypes.Structure):
    _fields_ = [("response_type", _u8), ("pad0", _u8), ("sequence", _u16), ("length", _u32), ("atom", _u32)]


class _PropertyReply(ctypes.Structure):
    _fields_ = [
        ("response_type", _u8),
        ("format", _u8),
        ("sequence", _u16),
        ("length", _u32),
        ("type", _u32),
        ("bytes_after", _u32),
        ("value_len", _u32),
        ("pad0", _u8 * 12),
    ]


class _PropertyEvent(ctypes.Structure):
    _fields_ = [
        ("response_type", _u8),
        ("pad0", _u8),
        ("sequence", _u16),
        ("window", _u32),
        ("atom", _u32),
        ("time", _u32),
        ("state", _u8),
    ]


class _ScreenIterator(ctypes.Structure):
    _fields_ = [("data", ctypes.POINTER(_u32)), ("rem", ctypes.c_int), ("index", ctypes.c_int)]


@functools.cache
def _libraries() -> tuple[Any, Any]:
    """libxcb with its argument types set, and libc's free(); OSError without libxcb."""
    xcb = load_library("xcb", "libxcb.so.1")
    p, cookie = ctypes.c_void_p, _Cookie
    xcb.xcb_connect.argtypes, xcb.xcb_connect.restype = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)], p
    xcb.xcb_connection_has_error.argtypes = [p]
    xcb.xcb_disconnect.argtypes = [p]
    xcb.xcb_get_setup.argtypes, xcb.xcb_get_setup.restype = [p], p
    xcb.xcb_setup_roots_iterator.argtypes, xcb.xcb_setup_roots_iterator.restype = [p], _ScreenIterator
    xcb.xcb_screen_next.argtypes = [ctypes.POINTER(_ScreenIterator)]
    xcb.xcb_get_file_descriptor.argtypes = [p]
    xcb.xcb_flush.argtypes = [p]
    xcb.xcb_intern_atom.argtypes, xcb.xcb_intern_atom.restype = [p, _u8, _u16, ctypes.c_char_p], cookie
    xcb.xcb_intern_atom_reply.argtypes = [p, cookie, ctypes.POINTER(p)]
    xcb.xcb_intern_atom_reply.restype = ctypes.POINTER(_AtomReply)
    xcb.xcb_change_window_attributes.argtypes = [p, _u32, _u32, ctypes.POINTER(_u32)]
    xcb.xcb_change_window_attributes.restype = cookie
    xcb.xcb_get_property.argtypes = [p, _u8, _u32, _u32, _u32, _u32, _u32]
    xcb.xcb_get_property.restype = cookie
    xcb.xcb_get_property_reply.argtypes = [p, cookie, ctypes.POINTER(p)]
    xcb.xcb_get_property_reply.restype = ctypes.POINTER(_PropertyReply)
    xcb.xcb_get_property_value.argtypes, xcb.xcb_get_property_value.restype = [p], p
    xcb.xcb_get_property_value_length.argtypes = [p]
    xcb.xcb_poll_for_event.argtypes, xcb.xcb_poll_for_event.restype = [p], ctypes.POINTER(_PropertyEvent)
    free = ctypes.CDLL(None).free
    free.argtypes = [p]
    return xcb, free


class _Connection:
    """One xcb connection and the few requests the signal makes; one thread at a time."""

    def __init__(self, display_name: str) -> None:
        try:
            self.xcb, self._free = _libraries()
        except OSError as error:
            text = _("cannot open display {display} ({error})")
            raise HoldUnavailable(text.format(display=repr(display_name), error=error)) from error
        screen = ctypes.c_int()
        self.handle: int | None = self.xcb.xcb_connect(display_name.encode(), ctypes.byref(screen))
        if not self.handle or self.xcb.xcb_connection_has_error(self.handle):
            self.close()
            raise HoldUnavailable(_("cannot open display {display}").format(display=repr(display_name)))
        roots = self.xcb.xcb_setup_roots_iterator(self.xcb.xcb_get_setup(self.handle))
        for _screen in range(screen.value):
            self.xcb.xcb_screen_next(ctypes.byref(roots))
        self.root = int(roots.data[0])  # xcb_screen_t begins with its root window

    @property
    def lost(self) -> bool:
        """Whether the server went away (or the connection broke otherwise)."""
        return self.handle is None or bool(self.xcb.xcb_connection_has_error(self.handle))

    def fileno(self) -> int:
        return int(self.xcb.xcb_get_file_descriptor(self.handle))

    def atom(self, name: str) -> int:
        """The atom named `name` (made if new); 0 if the server did not answer."""
        data = name.encode()
        cookie = self.xcb.xcb_intern_atom(self.handle, 0, len(data), data)
        reply = self.xcb.xcb_intern_atom_reply(self.handle, cookie, None)
        if not reply:
            return 0
        try:
            return int(reply.contents.atom)
        finally:
            self._free(reply)

    def listen(self, window: int, mask: int) -> None:
        """Ask for the events in `mask` on `window`; an error (it is gone) comes as an event, ignored."""
        self.xcb.xcb_change_window_attributes(self.handle, window, _CW_EVENT_MASK, ctypes.byref(_u32(mask)))
        self.xcb.xcb_flush(self.handle)

    def property(self, window: int, atom: int) -> list[int]:
        """The 32-bit items of a property; [] when unset, not 32-bit, or the window went away."""
        cookie = self.xcb.xcb_get_property(self.handle, 0, window, atom, _ANY_TYPE, 0, _MAX_ITEMS)
        error = ctypes.c_void_p()
        reply = self.xcb.xcb_get_property_reply(self.handle, cookie, ctypes.byref(error))
        if error:
            self._free(error)
        if not reply:
            return []
        try:
            if reply.contents.format != 32:
                return []
            count = self.xcb.xcb_get_property_value_length(reply) // 4
            values = ctypes.cast(self.xcb.xcb_get_property_value(reply), ctypes.POINTER(_u32))
            return [int(values[i]) for i in range(count)]
        finally:
            self._free(reply)

    def changed_properties(self) -> set[int]:
        """Drain the events that arrived; return the atoms of the properties they say changed."""
        atoms: set[int] = set()
        while True:
            event = self.xcb.xcb_poll_for_event(self.handle)
            if not event:
                return atoms
            try:
                if event.contents.response_type & 0x7F == _PROPERTY_NOTIFY:
                    atoms.add(int(event.contents.atom))
            finally:
                self._free(event)

    def close(self) -> None:
        handle, self.handle = self.handle, None
        if handle is not None:
            self.xcb.xcb_disconnect(handle)


class X11Fullscreen(ThreadedHoldSignal):
    """Holds while the window the window manager calls active is full screen."""

    name = "x11-fullscreen"
    reason = HoldReason.FULLSCREEN

    def __init__(self, display_name: str, why: str = "") -> None:
        """Check that `display_name` opens; HoldUnavailable otherwise."""
        super().__init__(why)
        if not display_name:
            raise HoldUnavailable(_("DISPLAY is not set"))
        self.display_name = display_name
        _Connection(display_name).close()
        self._connection: _Connection | None = None
        self._watched = 0  # the window whose _NET_WM_STATE we listen to
        self.window_manager = True

    def _reading(self) -> bool:
        x = self._connection
        assert x is not None
        supported = x.property(x.root, self._atoms["_NET_SUPPORTED"])
        self.window_manager = self._atoms["_NET_ACTIVE_WINDOW"] in supported
        active = x.property(x.root, self._atoms["_NET_ACTIVE_WINDOW"])
        window_id = active[0] if active else 0
        if window_id != self._watched:
            if self._watched:
                x.listen(self._watched, 0)  # stop listening to the old window; it may be gone, which is fine
            if window_id:
                x.listen(window_id, _EVENT_MASK_PROPERTY_CHANGE)
            self._watched = window_id
        if not window_id:
            return False
        return self._atoms["_NET_WM_STATE_FULLSCREEN"] in x.property(window_id, self._atoms["_NET_WM_STATE"])

    def _watch(self) -> None:
        self._connection = x = _Connection(self.display_name)
        names = ("_NET_SUPPORTED", "_NET_ACTIVE_WINDOW", "_NET_WM_STATE", "_NET_WM_STATE_FULLSCREEN")
        self._atoms = {name: x.atom(name) for name in names}
        x.listen(x.root, _EVENT_MASK_PROPERTY_CHANGE)
        self._first(self._reading())
        interesting = {self._atoms["_NET_ACTIVE_WINDOW"], self._atoms["_NET_WM_STATE"]}
        while True:
            if x.lost:
                text = _("lost the connection to display {display}")
                raise HoldUnavailable(text.format(display=repr(self.display_name)))
            if x.changed_properties() & interesting:
                self._set(self._reading())
                continue  # events that came with the replies wait in xcb's queue, not on the socket
            readable, _writable, _failed = select.select([x.fileno(), self.wake.read_fd], [], [])
            if self.wake.read_fd in readable:
                return

    def _release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

    def _mechanism(self) -> str:
        if self.window_manager:
            # Translators: {display} is an X display such as :0; keep the X11 names as they are.
            text = _("_NET_ACTIVE_WINDOW and _NET_WM_STATE_FULLSCREEN on {display}, PropertyNotify")
        else:
            # Translators: {display} is an X display such as :0; keep the X11 names and EWMH as they are.
            text = _(
                "_NET_ACTIVE_WINDOW and _NET_WM_STATE_FULLSCREEN on {display}, PropertyNotify; "
                "no EWMH window manager answers yet"
            )
        return text.format(display=self.display_name)
