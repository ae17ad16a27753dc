"""The org.kde.StatusNotifierItem object at /StatusNotifierItem: icon, title, tooltip, status, clicks.

Spec: https://www.freedesktop.org/wiki/Specifications/StatusNotifierItem/StatusNotifierItem/
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from hipbreak.adapters.tray.sni.dbusmenu import PATH as MENU_PATH
from hipbreak.adapters.tray.sni.export import Body, Handler, Variant
from hipbreak.adapters.tray.sni.pixmap import DrawIcon, Pixmap, ShippedPixmaps, pixmaps, shipped_pixmaps
from hipbreak.core.commands import Command, Snooze, StretchNow
from hipbreak.core.view import TrayView

INTERFACE = "org.kde.StatusNotifierItem"
PATH = "/StatusNotifierItem"
ITEM_ID = "hipbreak"
log = logging.getLogger(__name__)

DUE = "due"  # the view's badge while a reminder waits: the item then asks for attention

XML = """  <interface name="org.kde.StatusNotifierItem">
    <property name="Category" type="s" access="read"/>
    <property name="Id" type="s" access="read"/>
    <property name="Title" type="s" access="read"/>
    <property name="Status" type="s" access="read"/>
    <property name="WindowId" type="i" access="read"/>
    <property name="IconThemePath" type="s" access="read"/>
    <property name="IconName" type="s" access="read"/>
    <property name="IconPixmap" type="a(iiay)" access="read"/>
    <property name="OverlayIconName" type="s" access="read"/>
    <property name="OverlayIconPixmap" type="a(iiay)" access="read"/>
    <property name="AttentionIconName" type="s" access="read"/>
    <property name="AttentionIconPixmap" type="a(iiay)" access="read"/>
    <property name="AttentionMovieName" type="s" access="read"/>
    <property name="ToolTip" type="(sa(iiay)ss)" access="read"/>
    <property name="ItemIsMenu" type="b" access="read"/>
    <property name="Menu" type="o" access="read"/>
    <method name="ContextMenu">
      <arg name="x" type="i" direction="in"/>
      <arg name="y" type="i" direction="in"/>
    </method>
    <method name="Activate">
      <arg name="x" type="i" direction="in"/>
      <arg name="y" type="i" direction="in"/>
    </method>
    <method name="SecondaryActivate">
      <arg name="x" type="i" direction="in"/>
      <arg name="y" type="i" direction="in"/>
    </method>
    <method name="Scroll">
      <arg name="delta" type="i" direction="in"/>
      <arg name="orientation" type="s" direction="in"/>
    </method>
    <signal name="NewTitle"/>
    <signal name="NewIcon"/>
    <signal name="NewAttentionIcon"/>
    <signal name="NewOverlayIcon"/>
    <signal name="NewToolTip"/>
    <signal name="NewStatus">
      <arg name="status" type="s"/>
    </signal>
  </interface>
"""  # not user text: D-Bus introspection

# A signal to send: (member, signature, body).
Signal = tuple[str, str, tuple[object, ...]]


def item_status(view: TrayView) -> str:
    """Return "NeedsAttention" while a reminder is due, else "Active"."""
    return "NeedsAttention" if view.badge == DUE else "Active"


class StatusNotifierItem:
    """The /StatusNotifierItem object; all methods run on the tray's bus thread."""

    path = PATH
    interface = INTERFACE
    xml = XML

    def __init__(
        self,
        view: TrayView,
        draw_icon: DrawIcon,
        post: Callable[[Command], None],
        shipped: ShippedPixmaps = shipped_pixmaps,
    ) -> None:
        self.view = view
        self._draw_icon = draw_icon
        self._shipped = shipped  # pixmaps drawn in advance; draw_icon only when they are missing
        self._post = post
        self._pixmaps: dict[str | None, list[Pixmap]] = {}  # by badge: a handful at most

    def icon(self, badge: str | None) -> list[Pixmap]:
        """Return the icon's pixmaps with `badge`, shipped or drawn once per badge; none if drawing fails."""
        if badge not in self._pixmaps:
            try:
                self._pixmaps[badge] = self._shipped(badge) or pixmaps(self._draw_icon, badge)
            except Exception:  # hosts then show a blank icon, and the menu still works
                log.exception("could not draw the tray icon with badge %r", badge)
                self._pixmaps[badge] = []
        return self._pixmaps[badge]

    def update(self, view: TrayView) -> list[Signal]:
        """Take a new view; return the signals that tell hosts what changed (none when nothing did)."""
        old, self.view = self.view, view
        signals: list[Signal] = []
        if view.badge != old.badge:
            signals.append(("NewIcon", "", ()))
        if view.title != old.title:
            signals += [("NewTitle", "", ()), ("NewToolTip", "", ())]
        if item_status(view) != item_status(old):
            signals.append(("NewStatus", "s", (item_status(view),)))
        return signals

    def properties(self) -> dict[str, Variant]:
        """Return the item's D-Bus properties for the current view."""
        view = self.view
        return {
            "Category": ("s", "ApplicationStatus"),
            "Id": ("s", ITEM_ID),
            "Title": ("s", view.title),
            "Status": ("s", item_status(view)),
            "WindowId": ("i", 0),
            "IconThemePath": ("s", ""),
            "IconName": ("s", ""),
            "IconPixmap": ("a(iiay)", self.icon(view.badge)),
            "OverlayIconName": ("s", ""),
            "OverlayIconPixmap": ("a(iiay)", []),
            "AttentionIconName": ("s", ""),
            "AttentionIconPixmap": ("a(iiay)", self.icon(DUE)),
            "AttentionMovieName": ("s", ""),
            "ToolTip": ("(sa(iiay)ss)", ("", [], view.title, "")),
            "ItemIsMenu": ("b", False),
            "Menu": ("o", MENU_PATH),
        }

    def methods(self) -> Mapping[str, tuple[str, Handler]]:
        """Return the org.kde.StatusNotifierItem methods by name, with their input signatures."""
        return {
            "Activate": ("ii", self.activate),
            "SecondaryActivate": ("ii", self.secondary_activate),
            "ContextMenu": ("ii", self.context_menu),
            "Scroll": ("is", self.scroll),
        }

    def activate(self, _x: int, _y: int) -> Body:
        """Left click: start a stretch."""
        self._post(StretchNow())
        return "", ()

    def secondary_activate(self, _x: int, _y: int) -> Body:
        """Middle click: snooze by the first configured length, when the menu's Snooze is enabled too."""
        if self.view.snooze_enabled:
            self._post(Snooze())
        return "", ()

    def context_menu(self, _x: int, _y: int) -> Body:
        """Nothing: hosts show the menu from the Menu property themselves."""
        return "", ()

    def scroll(self, _delta: int, _orientation: str) -> Body:
        """Nothing: scrolling over the icon has no meaning here."""
        return "", ()
