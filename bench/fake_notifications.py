"""A notification server that only takes note: when each bubble arrived, on the monotonic and wall clocks.

`python bench/fake_notifications.py LOG` owns org.freedesktop.Notifications on the session bus in
DBUS_SESSION_BUS_ADDRESS and appends one line per Notify call to LOG: "<monotonic> <wall> <id> <summary>".
Nothing is drawn, so an arrival is timed when the message is read, not after a daemon has laid out a bubble.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from jeepney import HeaderFields, MessageType, new_error, new_method_return
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


def serve(log: Path) -> None:
    """Answer the notification interface until killed."""
    connection = open_dbus_connection(bus="SESSION")
    reply = connection.send_and_get_reply(message_bus.RequestName(NAME, 4))  # 4: do not queue
    if reply.body[0] != 1:  # 1: primary owner
        sys.exit(f"fake_notifications: could not own {NAME} (RequestName answered {reply.body[0]})")
    next_id = 1
    with log.open("a", encoding="utf-8") as out:
        while True:
            message = connection.receive()
            arrived, wall = time.monotonic(), time.time()
            header = message.header
            if header.message_type != MessageType.method_call:
                continue
            member = header.fields.get(HeaderFields.member)
            if header.fields.get(HeaderFields.path) != PATH:
                connection.send(new_error(message, "org.freedesktop.DBus.Error.UnknownObject"))
            elif member == "Notify":
                replaces = int(message.body[1])
                bubble = replaces or next_id
                next_id += 0 if replaces else 1
                connection.send(new_method_return(message, "u", (bubble,)))
                summary = str(message.body[3]).replace("\n", " ")
                out.write(f"{arrived:.6f} {wall:.6f} {bubble} {summary}\n")
                out.flush()
            elif member == "GetCapabilities":
                connection.send(new_method_return(message, "as", (["actions", "body"],)))
            elif member == "GetServerInformation":
                connection.send(new_method_return(message, "ssss", ("bench", "hipbreak", "1", "1.2")))
            elif member == "CloseNotification":
                connection.send(new_method_return(message))
            else:
                connection.send(new_error(message, "org.freedesktop.DBus.Error.UnknownMethod"))


def read_arrivals(log: Path) -> list[tuple[float, float]]:
    """Return (monotonic, wall) of every bubble recorded in `log` so far, oldest first."""
    try:
        text = log.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    complete = text[: text.rfind("\n") + 1]  # a line still being written is left for the next read
    return [(float(line.split()[0]), float(line.split()[1])) for line in complete.splitlines()]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: fake_notifications.py LOG")
    serve(Path(sys.argv[1]))
