"""The tray menu as a com.canonical.dbusmenu object at /MenuBar, numbered from the core's menu entries.

Ids are positions in the menu tree (root 0, then depth-first from 1), so a view that only changes texts
and flags keeps every id and goes out as ItemsPropertiesUpdated; a different shape bumps the revision
and goes out as LayoutUpdated. Spec: libdbusmenu's com.canonical.dbusmenu.xml.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from hipbreak.adapters.tray.sni.export import ERROR, Body, CallError, Handler, Variant
from hipbreak.core.commands import Command
from hipbreak.core.menu import MenuEntry

INTERFACE = "com.canonical.dbusmenu"
PATH = "/MenuBar"

XML = """  <interface name="com.canonical.dbusmenu">
    <property name="Version" type="u" access="read"/>
    <property name="TextDirection" type="s" access="read"/>
    <property name="Status" type="s" access="read"/>
    <property name="IconThemePath" type="as" access="read"/>
    <method name="GetLayout">
      <arg name="parentId" type="i" direction="in"/>
      <arg name="recursionDepth" type="i" direction="in"/>
      <arg name="propertyNames" type="as" direction="in"/>
      <arg name="revision" type="u" direction="out"/>
      <arg name="layout" type="(ia{sv}av)" direction="out"/>
    </method>
    <method name="GetGroupProperties">
      <arg name="ids" type="ai" direction="in"/>
      <arg name="propertyNames" type="as" direction="in"/>
      <arg name="properties" type="a(ia{sv})" direction="out"/>
    </method>
    <method name="GetProperty">
      <arg name="id" type="i" direction="in"/>
      <arg name="name" type="s" direction="in"/>
      <arg name="value" type="v" direction="out"/>
    </method>
    <method name="Event">
      <arg name="id" type="i" direction="in"/>
      <arg name="eventId" type="s" direction="in"/>
      <arg name="data" type="v" direction="in"/>
      <arg name="timestamp" type="u" direction="in"/>
    </method>
    <method name="EventGroup">
      <arg name="events" type="a(isvu)" direction="in"/>
      <arg name="idErrors" type="ai" direction="out"/>
    </method>
    <method name="AboutToShow">
      <arg name="id" type="i" direction="in"/>
      <arg name="needUpdate" type="b" direction="out"/>
    </method>
    <method name="AboutToShowGroup">
      <arg name="ids" type="ai" direction="in"/>
      <arg name="updatesNeeded" type="ai" direction="out"/>
      <arg name="idErrors" type="ai" direction="out"/>
    </method>
    <signal name="ItemsPropertiesUpdated">
      <arg name="updatedProps" type="a(ia{sv})"/>
      <arg name="removedProps" type="a(ias)"/>
    </signal>
    <signal name="LayoutUpdated">
      <arg name="revision" type="u"/>
      <arg name="parent" type="i"/>
    </signal>
    <signal name="ItemActivationRequested">
      <arg name="id" type="i"/>
      <arg name="timestamp" type="u"/>
    </signal>
  </interface>
"""  # not user text: D-Bus introspection

ROOT = 0


def escape_label(label: str) -> str:
    """Return `label` with each "_" doubled: dbusmenu reads a single one as the mnemonic marker."""
    return label.replace("_", "__")


def item_properties(entry: MenuEntry) -> dict[str, Variant]:
    """Return the dbusmenu properties of one entry, every one spelled out (hosts keep stale ones)."""
    if entry.separator:
        return {"type": ("s", "separator"), "visible": ("b", entry.visible)}
    props: dict[str, Variant] = {
        "label": ("s", escape_label(entry.label)),
        "enabled": ("b", entry.enabled),
        "visible": ("b", entry.visible),
    }
    if entry.is_submenu:
        props["children-display"] = ("s", "submenu")
    if entry.checked is not None:
        props["toggle-type"] = ("s", "checkmark")
        props["toggle-state"] = ("i", 1 if entry.checked else 0)
    return props


@dataclass(frozen=True)
class Node:
    """One numbered menu item: its properties, its children's ids, and what a click posts."""

    props: dict[str, Variant]
    children: tuple[int, ...]
    command: Command | None
    clickable: bool


def number(entries: Iterable[MenuEntry]) -> dict[int, Node]:
    """Return the menu tree keyed by id: root 0, then entries depth-first from 1."""
    nodes: dict[int, Node] = {}
    next_id = 1

    def add(entry: MenuEntry) -> int:
        nonlocal next_id
        own = next_id
        next_id += 1
        children = tuple(add(child) for child in entry.children)
        clickable = entry.enabled and entry.visible and not entry.separator
        nodes[own] = Node(item_properties(entry), children, entry.command, clickable)
        return own

    top = tuple(add(entry) for entry in entries)
    nodes[ROOT] = Node({"children-display": ("s", "submenu")}, top, None, False)
    return nodes


def _shape(nodes: Mapping[int, Node]) -> tuple[tuple[tuple[int, ...], bool], ...]:
    return tuple((nodes[key].children, "type" in nodes[key].props) for key in sorted(nodes))


def _pick(props: dict[str, Variant], names: list[str]) -> dict[str, Variant]:
    return {k: v for k, v in props.items() if k in names} if names else dict(props)


class DbusMenu:
    """The /MenuBar object; all methods run on the tray's bus thread."""

    path = PATH
    interface = INTERFACE
    xml = XML

    def __init__(self, entries: Iterable[MenuEntry], post: Callable[[Command], None]) -> None:
        self._nodes = number(entries)
        self._post = post
        self.revision = 1

    def update(self, entries: Iterable[MenuEntry]) -> tuple[bool, list[tuple[int, dict[str, Variant]]]]:
        """Take new entries; return (layout changed, [(id, properties that changed)])."""
        nodes = number(entries)
        old, self._nodes = self._nodes, nodes
        if _shape(old) != _shape(nodes):
            self.revision += 1
            return True, []
        changed = []
        for key in sorted(nodes):
            props = {k: v for k, v in nodes[key].props.items() if old[key].props.get(k) != v}
            if props:
                changed.append((key, props))
        return False, changed

    def properties(self) -> dict[str, Variant]:
        """Return the object's D-Bus properties."""
        return {
            "Version": ("u", 3),
            "TextDirection": ("s", "ltr"),
            "Status": ("s", "normal"),
            "IconThemePath": ("as", []),
        }

    def methods(self) -> Mapping[str, tuple[str, Handler]]:
        """Return the com.canonical.dbusmenu methods by name, with their input signatures."""
        return {
            "GetLayout": ("iias", self.get_layout),
            "GetGroupProperties": ("aias", self.get_group_properties),
            "GetProperty": ("is", self.get_property),
            "Event": ("isvu", self.event),
            "EventGroup": ("a(isvu)", self.event_group),
            "AboutToShow": ("i", self.about_to_show),
            "AboutToShowGroup": ("ai", self.about_to_show_group),
        }

    def _node(self, key: int) -> Node:
        node = self._nodes.get(key)
        if node is None:
            raise CallError(ERROR + "InvalidArgs", f"no menu item with id {key}")  # not user text
        return node

    def _layout(self, key: int, depth: int, names: list[str]) -> tuple[int, dict[str, Variant], list[Any]]:
        node = self._node(key)
        children = []
        if depth != 0:
            children = [("(ia{sv}av)", self._layout(child, depth - 1, names)) for child in node.children]
        return key, _pick(node.props, names), children

    def get_layout(self, parent: int, depth: int, names: list[str]) -> Body:
        """Return (revision, the subtree at `parent`, `depth` levels deep; -1 is all)."""
        return "u(ia{sv}av)", (self.revision, self._layout(parent, depth, names))

    def get_group_properties(self, ids: list[int], names: list[str]) -> Body:
        """Return the properties of `ids` (all items when empty); unknown ids are left out."""
        keys = ids or sorted(k for k in self._nodes if k != ROOT)
        found = [(k, _pick(self._nodes[k].props, names)) for k in keys if k in self._nodes]
        return "a(ia{sv})", (found,)

    def get_property(self, key: int, name: str) -> Body:
        """Return one property of one item."""
        props = self._node(key).props
        if name not in props:
            message = (
                f"menu item {key} has no property {name!r}"  # not user text: a D-Bus error for the panel
            )
            raise CallError(ERROR + "InvalidArgs", message)
        return "v", (props[name],)

    def _clicked(self, key: int, event_id: str) -> bool:
        node = self._nodes.get(key)
        if node is None:
            return False
        if event_id == "clicked" and node.clickable and node.command is not None:
            self._post(node.command)
        return True

    def event(self, key: int, event_id: str, _data: Variant, _timestamp: int) -> Body:
        """Post the command of a clicked item; other events ("hovered", "opened") need nothing."""
        if not self._clicked(key, event_id):
            raise CallError(ERROR + "InvalidArgs", f"no menu item with id {key}")  # not user text
        return "", ()

    def event_group(self, events: list[tuple[int, str, Variant, int]]) -> Body:
        """Handle each event as Event would; return the ids that were not found."""
        missing = [key for key, event_id, _data, _stamp in events if not self._clicked(key, event_id)]
        return "ai", (missing,)

    def about_to_show(self, key: int) -> Body:
        """Say no update is needed: show() already sent every change as it happened."""
        self._node(key)
        return "b", (False,)

    def about_to_show_group(self, ids: list[int]) -> Body:
        """Say no item needs an update; return the ids that were not found."""
        return "aiai", ([], [key for key in ids if key not in self._nodes])
