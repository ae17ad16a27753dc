"""Answering method calls on exported D-Bus objects: their own interface, Properties, Introspectable, Peer.

Pure functions over plain values (no socket), so each reply can be tested without a bus. A bad call ends
in a `CallError`, which the loop sends back as a D-Bus error instead of letting it stop the tray.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

PROPERTIES = "org.freedesktop.DBus.Properties"
INTROSPECTABLE = "org.freedesktop.DBus.Introspectable"
PEER = "org.freedesktop.DBus.Peer"
ERROR = "org.freedesktop.DBus.Error."

Variant = tuple[str, Any]
Body = tuple[str, tuple[Any, ...]]  # (signature, values) of a reply
Handler = Callable[..., Body]

_STANDARD_XML = """  <interface name="org.freedesktop.DBus.Properties">
    <method name="Get">
      <arg name="interface_name" type="s" direction="in"/>
      <arg name="property_name" type="s" direction="in"/>
      <arg name="value" type="v" direction="out"/>
    </method>
    <method name="GetAll">
      <arg name="interface_name" type="s" direction="in"/>
      <arg name="properties" type="a{sv}" direction="out"/>
    </method>
    <method name="Set">
      <arg name="interface_name" type="s" direction="in"/>
      <arg name="property_name" type="s" direction="in"/>
      <arg name="value" type="v" direction="in"/>
    </method>
    <signal name="PropertiesChanged">
      <arg name="interface_name" type="s"/>
      <arg name="changed_properties" type="a{sv}"/>
      <arg name="invalidated_properties" type="as"/>
    </signal>
  </interface>
  <interface name="org.freedesktop.DBus.Introspectable">
    <method name="Introspect">
      <arg name="xml_data" type="s" direction="out"/>
    </method>
  </interface>
  <interface name="org.freedesktop.DBus.Peer">
    <method name="Ping"/>
  </interface>
"""  # not user text: D-Bus introspection

_DOCTYPE = (
    '<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"\n'
    ' "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">\n'
)


class CallError(Exception):
    """A call the object cannot answer; `name` is the D-Bus error name sent back."""

    def __init__(self, name: str, text: str) -> None:
        super().__init__(text)
        self.name = name
        self.text = text


class Exported(Protocol):
    """An object served at `path` with one interface of its own; its methods run on the bus thread."""

    path: str
    interface: str
    xml: str  # the <interface> element of `interface`, for Introspect

    def properties(self) -> dict[str, Variant]:
        """Return every property of `interface` with its value now."""
        ...

    def methods(self) -> Mapping[str, tuple[str, Handler]]:
        """Return member name → (input signature, handler taking the body's values)."""
        ...


def introspect(obj: Exported | None, children: tuple[str, ...] = ()) -> str:
    """Return the introspection XML of `obj` (None: an object with only `children` below it)."""
    parts = [_DOCTYPE, "<node>\n"]
    if obj is not None:
        parts += [obj.xml, _STANDARD_XML]
    parts += [f'  <node name="{child}"/>\n' for child in children]  # not user text
    parts.append("</node>\n")
    return "".join(parts)


def answer(
    objects: Mapping[str, Exported],
    path: str,
    interface: str | None,
    member: str,
    signature: str,
    body: tuple,
) -> Body:
    """Return the reply to one method call, or raise CallError; `interface` None means "whichever has it"."""
    obj = objects.get(path)
    if obj is None:
        children = tuple(p.lstrip("/") for p in objects if p.count("/") == 1) if path == "/" else ()
        if children and interface in (None, INTROSPECTABLE) and member == "Introspect":
            return "s", (introspect(None, children),)
        raise CallError(ERROR + "UnknownObject", f"no object at {path}")  # not user text
    if interface in (None, PROPERTIES) and member in ("Get", "GetAll", "Set"):
        return _properties(obj, member, signature, body)
    if interface in (None, INTROSPECTABLE) and member == "Introspect":
        return "s", (introspect(obj),)
    if interface in (None, PEER) and member == "Ping":
        return "", ()
    if interface not in (None, obj.interface):
        raise CallError(ERROR + "UnknownInterface", f"{path} has no interface {interface}")  # not user text
    method = obj.methods().get(member)
    if method is None:
        raise CallError(ERROR + "UnknownMethod", f"{obj.interface} has no method {member}")  # not user text
    expected, handler = method
    if signature != expected:
        raise CallError(ERROR + "InvalidArgs", f"{member} takes ({expected}), not ({signature})")
    return handler(*body)


def _properties(obj: Exported, member: str, signature: str, body: tuple) -> Body:
    expected = {"Get": "ss", "GetAll": "s", "Set": "ssv"}[member]
    if signature != expected:
        raise CallError(ERROR + "InvalidArgs", f"{member} takes ({expected}), not ({signature})")
    if body[0] not in ("", obj.interface):  # "" means any interface, as the spec allows
        if member == "GetAll":
            return "a{sv}", ({},)
        message = f"{obj.path} has no properties on {body[0]!r}"  # not user text: a D-Bus error for the panel
        raise CallError(ERROR + "UnknownInterface", message)
    if member == "GetAll":
        return "a{sv}", (obj.properties(),)
    properties = obj.properties()
    if body[1] not in properties:
        message = f"{obj.interface} has no property {body[1]}"  # not user text: a D-Bus error for the panel
        raise CallError(ERROR + "UnknownProperty", message)
    if member == "Set":
        message = f"{obj.interface}.{body[1]} is read-only"  # not user text: a D-Bus error for the panel
        raise CallError(ERROR + "PropertyReadOnly", message)
    return "v", (properties[body[1]],)
