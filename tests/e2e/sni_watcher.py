"""A minimal StatusNotifierWatcher on a private bus, so the app takes its AppIndicator path in tests.

Run as `python sni_watcher.py`: it owns org.kde.StatusNotifierWatcher on the session bus named by
DBUS_SESSION_BUS_ADDRESS and prints each registered item as "item <bus name> <object path>".
"""

from __future__ import annotations

import sys

from jeepney import HeaderFields, MessageType, new_error, new_method_return
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

WATCHER = "org.kde.StatusNotifierWatcher"


def main() -> None:
    """Serve the watcher until killed."""
    connection = open_dbus_connection(bus="SESSION")
    connection.send_and_get_reply(message_bus.RequestName(WATCHER, 4))
    items: list[str] = []
    print("ready", flush=True)
    while True:
        message = connection.receive()
        header = message.header
        if header.message_type != MessageType.method_call:
            continue
        member = header.fields.get(HeaderFields.member)
        interface = header.fields.get(HeaderFields.interface)
        sender = header.fields.get(HeaderFields.sender)
        if member == "RegisterStatusNotifierItem":
            service = message.body[0]
            path = service if service.startswith("/") else "/StatusNotifierItem"
            name = sender if service.startswith("/") else service
            items.append(f"{name}{path}")
            print(f"item {name} {path}", flush=True)
            connection.send(new_method_return(message))
        elif member == "RegisterStatusNotifierHost":
            connection.send(new_method_return(message))
        elif interface == "org.freedesktop.DBus.Properties" and member in ("Get", "GetAll"):
            values = {
                "IsStatusNotifierHostRegistered": ("b", True),
                "ProtocolVersion": ("i", 0),
                "RegisteredStatusNotifierItems": ("as", items),
            }
            if member == "GetAll":
                connection.send(new_method_return(message, "a{sv}", (values,)))
            elif message.body[1] in values:
                connection.send(new_method_return(message, "v", (values[message.body[1]],)))
            else:
                connection.send(new_error(message, "org.freedesktop.DBus.Error.UnknownProperty"))
        elif interface == "org.freedesktop.DBus.Introspectable":
            connection.send(new_method_return(message, "s", ("<node/>",)))
        else:
            connection.send(new_error(message, "org.freedesktop.DBus.Error.UnknownMethod"))


if __name__ == "__main__":
    sys.exit(main())
