"""The StatusNotifierItem's pieces without a bus: pixmaps, menu numbering and updates, replies, XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from hipbreak.adapters.tray.sni.dbusmenu import DbusMenu, escape_label, item_properties
from hipbreak.adapters.tray.sni.export import CallError, answer
from hipbreak.adapters.tray.sni.item import StatusNotifierItem
from hipbreak.adapters.tray.sni.pixmap import MAGIC, SIZES, argb32, encode_pixmaps, pixmaps, shipped_pixmaps
from hipbreak.adapters.tray.sni.watch import RETRY_DELAYS, WatcherTracker
from hipbreak.core.commands import Command, Pause, Snooze, StretchNow
from hipbreak.core.menu import MenuEntry, menu_items
from hipbreak.core.view import TrayView

VIEW = TrayView(
    title="hipbreak: 0 breaks today · next reminder at 14:30",
    breaks_line="Breaks today: 0",
    next_line="Next reminder at 14:30",
    snooze_choices=(("5 min", 300),),
    snooze_enabled=True,
    snooze_label="Snooze",
    can_skip=True,
    paused=False,
    badge=None,
)


def draw(size: int, badge: str | None) -> Image.Image:
    """A flat square: red with a badge, green without."""
    return Image.new("RGBA", (size, size), (200, 0, 0, 255) if badge else (0, 160, 0, 128))


def test_a_pixmap_is_argb_in_network_byte_order() -> None:
    image = Image.new("RGBA", (2, 1))
    image.putpixel((0, 0), (0x11, 0x22, 0x33, 0x44))
    image.putpixel((1, 0), (0xAA, 0xBB, 0xCC, 0xFF))
    assert argb32(image) == (2, 1, bytes([0x44, 0x11, 0x22, 0x33, 0xFF, 0xAA, 0xBB, 0xCC]))


def test_an_rgb_image_gets_an_opaque_alpha() -> None:
    assert argb32(Image.new("RGB", (1, 1), (1, 2, 3))) == (1, 1, bytes([255, 1, 2, 3]))


def test_the_icon_comes_at_every_panel_size() -> None:
    drawn = pixmaps(draw, None)
    assert [(w, h) for w, h, _ in drawn] == [(size, size) for size in SIZES] == [
        (16, 16), (22, 22), (24, 24), (32, 32), (48, 48), (64, 64)
    ]  # fmt: skip
    assert all(len(data) == w * h * 4 for w, h, data in drawn)
    assert drawn[0][2][:4] == bytes([128, 0, 160, 0])


def test_shipped_pixmaps_give_back_each_badge_as_drawn(tmp_path: Path) -> None:
    path = tmp_path / "tray-pixmaps.bin"
    path.write_bytes(encode_pixmaps(draw, ["due", "paused"]))
    assert shipped_pixmaps(None, path) == pixmaps(draw, None)
    assert shipped_pixmaps("paused", path) == shipped_pixmaps("due", path) == pixmaps(draw, "due")
    assert shipped_pixmaps(None, path) != pixmaps(draw, "due")
    assert shipped_pixmaps("away", path) is None  # a badge the file lacks is drawn instead


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",  # empty
        lambda data: data.replace(MAGIC, b"hipbreak tray pixmaps 9\n"),  # a later format
        lambda data: data.replace(b"16,22,", b"16,23,"),  # other sizes than the tray sends
        lambda data: data[:-40],  # cut short
        lambda data: data.split(b"\n", 2)[0] + b"\n16,22,24,32,48,64 ,due\n" + zlib.compress(b"x"),
    ],
)
def test_a_missing_or_damaged_pixmap_file_means_drawing(
    tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    path = tmp_path / "tray-pixmaps.bin"
    assert shipped_pixmaps(None, path) is None  # missing
    path.write_bytes(damage(encode_pixmaps(draw, ["due"])))
    assert shipped_pixmaps(None, path) is None
    item = StatusNotifierItem(VIEW, draw, lambda _c: None, shipped=lambda badge: shipped_pixmaps(badge, path))
    assert item.icon(None) == pixmaps(draw, None)


def test_the_item_sends_the_shipped_pixmaps_without_drawing() -> None:
    def no_drawing(size: int, badge: str | None) -> Image.Image:
        raise AssertionError("drew the icon though the package ships it")

    item = StatusNotifierItem(VIEW, no_drawing, lambda _c: None)
    for badge in (None, "due", "paused", "away", "off_hours"):
        assert [(w, h) for w, h, _ in item.icon(badge)] == [(size, size) for size in SIZES]


def test_underscores_are_doubled_so_hosts_show_them() -> None:
    assert escape_label("snake_case_name") == "snake__case__name"
    assert item_properties(MenuEntry("a_b"))["label"] == ("s", "a__b")


def menu(view: TrayView = VIEW, autostart: bool = False) -> tuple[DbusMenu, list[Command]]:
    posted: list[Command] = []
    return DbusMenu(menu_items(replace(view, autostart_on=autostart)), posted.append), posted


def labels(node: tuple) -> list[str]:
    """Every label in a GetLayout node, depth-first."""
    _id, props, children = node
    own = [props["label"][1]] if "label" in props else []
    return own + [label for _sig, child in children for label in labels(child)]


def test_get_layout_gives_the_whole_tree_and_events_post_commands() -> None:
    dbus_menu, posted = menu()
    signature, (revision, root) = dbus_menu.get_layout(0, -1, [])
    assert signature == "u(ia{sv}av)" and revision == 1
    assert labels(root)[:3] == ["Stretch now", "Breaks today: 0", "Next reminder at 14:30"]
    assert "5 min" in labels(root) and "Quit" in labels(root)
    # Depth 1 stops at the top level: the Snooze submenu comes without its children.
    _sig, (_rev, shallow) = dbus_menu.get_layout(0, 1, ["label"])
    assert all(child[2] == [] for _s, child in shallow[2])
    assert all(set(child[1]) <= {"label"} for _s, child in shallow[2])
    ids = {props["label"][1]: key for _s, (key, props, _c) in root[2] if "label" in props}
    dbus_menu.event(ids["Stretch now"], "clicked", ("s", ""), 0)
    dbus_menu.event(ids["Stretch now"], "hovered", ("s", ""), 0)
    _sig, (missing,) = dbus_menu.event_group(
        [(ids["Pause"] + 4, "clicked", ("s", ""), 0), (999, "clicked", ("s", ""), 0)]
    )
    assert posted == [StretchNow(), Pause()] and missing == [999]


def test_clicks_on_disabled_or_hidden_items_post_nothing() -> None:
    dbus_menu, posted = menu(replace(VIEW, can_skip=False, paused=False))
    _sig, (_rev, root) = dbus_menu.get_layout(0, 1, [])
    ids = {props["label"][1]: key for _s, (key, props, _c) in root[2] if "label" in props}
    dbus_menu.event(ids["Skip this reminder"], "clicked", ("s", ""), 0)
    dbus_menu.event(ids["Resume"], "clicked", ("s", ""), 0)
    assert posted == []


def test_a_changed_text_or_flag_updates_only_those_properties() -> None:
    dbus_menu, _ = menu()
    relaid, changed = dbus_menu.update(menu_items(replace(VIEW, next_line="Next reminder at 14:35")))
    assert not relaid and changed == [(4, {"label": ("s", "Next reminder at 14:35")})]
    relaid, changed = dbus_menu.update(
        menu_items(replace(VIEW, next_line="Next reminder at 14:35", autostart_on=True))
    )
    assert not relaid and [props for _id, props in changed] == [{"toggle-state": ("i", 1)}]
    assert dbus_menu.update(
        menu_items(replace(VIEW, next_line="Next reminder at 14:35", autostart_on=True))
    ) == (
        False,
        [],
    )
    assert dbus_menu.revision == 1


def test_another_shape_bumps_the_revision() -> None:
    dbus_menu, _ = menu()
    relaid, _changed = dbus_menu.update(
        menu_items(replace(VIEW, snooze_choices=(("5 min", 300), ("9 min", 540))))
    )
    assert relaid and dbus_menu.revision == 2
    assert "9 min" in labels(dbus_menu.get_layout(0, -1, [])[1][1])


def test_the_item_asks_for_attention_while_due_and_says_only_what_changed() -> None:
    posted: list[Command] = []
    item = StatusNotifierItem(VIEW, draw, posted.append, shipped=lambda badge: None)
    props = item.properties()
    assert props["Status"] == ("s", "Active") and props["Menu"] == ("o", "/MenuBar")
    assert props["ToolTip"] == ("(sa(iiay)ss)", ("", [], VIEW.title, ""))
    assert props["IconPixmap"][1][0][2][:4] == bytes([128, 0, 160, 0])
    assert item.update(VIEW) == []
    signals = item.update(replace(VIEW, badge="due", title="hipbreak: time to stretch!"))
    assert [name for name, _sig, _body in signals] == ["NewIcon", "NewTitle", "NewToolTip", "NewStatus"]
    assert signals[-1][2] == ("NeedsAttention",)
    assert item.properties()["IconPixmap"][1][0][2][:4] == bytes([255, 200, 0, 0])
    item.activate(0, 0)
    item.secondary_activate(0, 0)
    item.update(replace(VIEW, snooze_enabled=False))
    item.secondary_activate(0, 0)  # Snooze is greyed out in the menu: the middle click does nothing too
    assert posted == [StretchNow(), Snooze()]


def test_answers_cover_properties_introspection_and_bad_calls() -> None:
    dbus_menu, _ = menu()
    item = StatusNotifierItem(VIEW, draw, lambda _c: None)
    objects = {"/StatusNotifierItem": item, "/MenuBar": dbus_menu}
    props = "org.freedesktop.DBus.Properties"
    assert answer(objects, "/MenuBar", props, "Get", "ss", ("com.canonical.dbusmenu", "Version")) == (
        "v",
        (("u", 3),),
    )
    _sig, (everything,) = answer(
        objects, "/StatusNotifierItem", props, "GetAll", "s", ("org.kde.StatusNotifierItem",)
    )
    assert everything["Id"] == ("s", "hipbreak") and everything["ItemIsMenu"] == ("b", False)
    with pytest.raises(CallError) as error:
        answer(
            objects,
            "/StatusNotifierItem",
            props,
            "Set",
            "ssv",
            ("org.kde.StatusNotifierItem", "Title", ("s", "x")),
        )
    assert error.value.name == "org.freedesktop.DBus.Error.PropertyReadOnly"
    with pytest.raises(CallError) as error:
        answer(objects, "/MenuBar", None, "Event", "is", (1, "clicked"))
    assert error.value.name == "org.freedesktop.DBus.Error.InvalidArgs"
    with pytest.raises(CallError) as error:
        answer(objects, "/Elsewhere", None, "Ping", "", ())
    assert error.value.name == "org.freedesktop.DBus.Error.UnknownObject"
    assert answer(objects, "/StatusNotifierItem", None, "Activate", "ii", (0, 0)) == ("", ())


@pytest.mark.parametrize("path", ["/StatusNotifierItem", "/MenuBar"])
def test_introspection_names_every_method_with_the_signature_served(path: str) -> None:
    dbus_menu, _ = menu()
    objects = {"/StatusNotifierItem": StatusNotifierItem(VIEW, draw, lambda _c: None), "/MenuBar": dbus_menu}
    _sig, (text,) = answer(objects, path, "org.freedesktop.DBus.Introspectable", "Introspect", "", ())
    tree = ET.fromstring(text.split("\n", 2)[2])  # past the DOCTYPE
    obj = objects[path]
    (own,) = [node for node in tree.iter("interface") if node.get("name") == obj.interface]
    served = {name: signature for name, (signature, _h) in obj.methods().items()}
    declared = {
        method.get("name"): "".join(
            arg.get("type", "") for arg in method.iter("arg") if arg.get("direction") == "in"
        )
        for method in own.iter("method")
    }
    assert declared == served
    assert {prop.get("name") for prop in own.iter("property")} == set(obj.properties())
    assert {node.get("name") for node in tree.iter("interface")} >= {
        "org.freedesktop.DBus.Properties",
        "org.freedesktop.DBus.Introspectable",
    }


def test_the_item_registers_once_per_watcher_and_retries_a_refusal_a_few_times() -> None:
    tracker = WatcherTracker()
    assert not tracker.owner_is("")
    assert tracker.owner_is(":1.5")
    assert not tracker.owner_is(":1.5")  # the same watcher, seen twice (GetNameOwner and the signal)
    assert tracker.retry_at is None
    delays = []
    while (delay := tracker.refused(now=100.0)) is not None:
        delays.append(delay)
        assert not tracker.retry_due(100.0 + delay - 0.01)
        assert tracker.retry_due(100.0 + delay) and not tracker.retry_due(100.0 + delay)
    assert delays == list(RETRY_DELAYS) and tracker.retry_at is None
    assert tracker.owner_is(":1.9")  # a restarted watcher: register again, with fresh retries
    assert tracker.refused(now=0.0) == RETRY_DELAYS[0]
    tracker.owner_is("")  # it went away: nothing left to retry
    assert tracker.retry_at is None and not tracker.retry_due(10.0)
