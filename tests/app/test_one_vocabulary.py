"""One vocabulary: a command does exactly the same thing whichever surface sends it.

Each intent (snooze, skip, pause, ...) is sent to a fresh App, with fakes at its ports, a FakeClock and a
real History, through every surface that offers it:

- tray: a click on the real TrayIcon menu (built against a stand-in pystray), posting to App.post as the
  composition root wires it;
- bubble: a reminder bubble's button key, looked up in BUBBLE_COMMANDS and posted, as compose does;
- wire: encode_request -> decode_request -> App.call, as the control server does;
- link: the control window's ControlLink, with a sender that goes through the wire to App.call.

Every run must leave the same history rows, the same status record, the same saved state and the same
effects on the ports.
"""

from __future__ import annotations

import functools
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fakes import ZONE, FakeClock, FakePorts
from temp_env import temp_env

from hipbreak.adapters.history import History
from hipbreak.adapters.history_keeper import HistoryKeeper
from hipbreak.adapters.tray.pystray_tray import TrayIcon
from hipbreak.app.state import STATE_KEY, App
from hipbreak.core import commands as c
from hipbreak.core.settings import ReminderSettings, Settings, StretchSettings
from hipbreak.core.view import BUBBLE_COMMANDS
from hipbreak.environment import Environment
from hipbreak.ipc.wire import Reply, decode_request, encode_request
from hipbreak.ui.control_link import Answer, ControlLink

DAY = "2026-11-24"  # FakeClock's first day


def _settings() -> Settings:
    return Settings(
        reminders=ReminderSettings(
            every=timedelta(minutes=45),
            idle_reset=timedelta(minutes=5),
            snooze=(timedelta(minutes=5), timedelta(minutes=15)),
        ),
        stretch=StretchSettings(hold=timedelta(seconds=1)),
    )


# -- a stand-in for pystray: the real TrayIcon builds its real menu out of these -----------------------


class _Item:
    def __init__(
        self,
        text: Any,
        action: Any,
        *,
        default: bool = False,
        enabled: Any = True,
        visible: Any = True,
        checked: Any = None,
    ) -> None:
        self.text, self.action, self.default = text, action, default
        self._enabled, self._visible, self._checked = enabled, visible, checked

    def _read(self, value: Any) -> Any:
        return value(self) if callable(value) else value

    @property
    def label(self) -> str:
        return str(self._read(self.text))

    @property
    def enabled(self) -> bool:
        return bool(self._read(self._enabled))

    @property
    def visible(self) -> bool:
        return bool(self._read(self._visible))


class _Menu:
    SEPARATOR = _Item("----", None)

    def __init__(self, *items: Any) -> None:
        self._items = items

    @property
    def items(self) -> tuple[_Item, ...]:
        if len(self._items) == 1 and callable(self._items[0]) and not isinstance(self._items[0], _Item):
            return tuple(self._items[0]())  # a submenu built when it opens, as pystray allows
        return self._items


class _Icon:
    def __init__(self, name: str, icon: Any, title: str, menu: _Menu) -> None:
        self.name, self.icon, self.title, self.menu = name, icon, title, menu


@pytest.fixture
def fake_pystray(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("pystray")
    module.MenuItem = _Item  # type: ignore[attr-defined]
    module.Menu = _Menu  # type: ignore[attr-defined]
    module.Icon = _Icon  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pystray", module)
    # TrayIcon sets these before importing pystray; let the test put them back afterwards.
    for name in ("PYSTRAY_BACKEND", "GDK_GL", "NO_AT_BRIDGE"):
        monkeypatch.setenv(name, "test")


def click(tray: TrayIcon, *path: str) -> None:
    """Click through the tray menu along `path`, each step the start of a label; only what a user could."""
    menu: _Menu = tray._build().menu
    for depth, prefix in enumerate(path):
        found = [item for item in menu.items if item.visible and item.label.startswith(prefix)]
        assert len(found) == 1, f"{prefix!r} in {[item.label for item in menu.items if item.visible]}"
        [item] = found
        assert item.enabled, f"{item.label!r} is greyed out"
        if depth < len(path) - 1:
            assert isinstance(item.action, _Menu), f"{item.label!r} has no submenu"
            menu = item.action
        else:
            assert callable(item.action) and not isinstance(item.action, _Menu)
            item.action()


# -- one fresh app per run -----------------------------------------------------------------------------


@dataclass
class World:
    """A fresh App on its state thread, with fakes at its ports and a real history."""

    db: Path
    env: Environment
    clock: FakeClock = field(default_factory=FakeClock)
    ports: FakePorts = field(default_factory=FakePorts)
    posted: list[c.Command] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.app = App(
            _settings(),
            self.clock,
            self.ports,
            lambda: HistoryKeeper.open(self.db, self.clock.now),
            self._settings,
        )
        self.thread = threading.Thread(target=self.app.run, args=(ZONE,), daemon=True)
        self.thread.start()

    @staticmethod
    def _settings() -> tuple[Settings, list[str]]:
        return _settings(), []

    def post(self, command: c.Command) -> None:
        """What the composition root hands the tray and the notifier: App.post (recorded)."""
        self.posted.append(command)
        self.app.post(command)

    def do(self, command: c.Command) -> None:
        """Set the scene directly (not a surface under test)."""
        reply = self.app.call(command)
        assert reply.ok, reply.message

    def handle(self, command: c.Command) -> Reply:
        """What the control server runs for a decoded request (compose's `handle`)."""
        reply = self.app.call(command)
        return Reply.success(reply.message, reply.data) if reply.ok else Reply.failure(reply.message)


def stop(world: World) -> None:
    if world.thread.is_alive():
        world.app.post(c.Quit())
        world.thread.join(timeout=5)
    assert not world.thread.is_alive()


# -- the surfaces: each delivers one intent and returns what the sender was told, if anything -------------

Told = tuple[bool, str, dict[str, Any]] | None


def via_tray(world: World, path: tuple[str, ...]) -> Told:
    tray = TrayIcon("xorg", world.post, lambda _size, _badge: None, world.ports.views[-1])
    tray.show(world.ports.views[-1])  # what LivePorts.show_tray does after every command
    click(tray, *path)
    return None


def via_bubble(world: World, key: str) -> Told:
    kind, _summary, _body, buttons = world.ports.notes[-1]
    assert kind == "reminder" and key in {button for button, _label in buttons}, "the bubble offers it"
    command = BUBBLE_COMMANDS.get(key)  # compose's bubble_pressed
    assert command is not None
    world.post(command)
    return None


def through_the_wire(world: World, command: c.Command) -> Reply:
    return world.handle(decode_request(encode_request(command)))


def via_wire(world: World, command: c.Command) -> Told:
    reply = through_the_wire(world, command)
    return reply.ok, reply.message if reply.ok else reply.error, dict(reply.data)


def via_link(world: World, command: c.Command) -> Told:
    sent: list[c.Command] = []

    def sender(env: Environment, command: c.Command) -> Reply:
        assert env is world.env
        sent.append(command)
        return through_the_wire(world, command)

    link = ControlLink(world.env, sender)
    link.start()
    try:
        link.ask(command)
        answers: list[Answer] = []
        deadline = time.monotonic() + 5
        while not answers and time.monotonic() < deadline:
            answers = link.answers()
            time.sleep(0.005)
    finally:
        link.stop()
    [answer] = answers
    assert sent == [command] and answer.command == command.name and answer.running
    return answer.ok, answer.text, dict(answer.data)


# -- the intents ---------------------------------------------------------------------------------------


def reminder_due(world: World) -> None:
    world.clock.advance(minutes=45)
    world.do(c.Tick())
    assert world.ports.notes and world.ports.notes[-1][0] == "reminder"


def paused(world: World) -> None:
    world.do(c.Pause(1800))


def nothing(world: World) -> None:
    pass


@dataclass(frozen=True)
class Intent:
    command: c.Command  # what the wire and the control window send
    tray: tuple[str, ...] | None  # the menu path, when the tray offers it
    bubble: tuple[str, ...] = ()  # the bubble keys that ask for it
    setup: Callable[[World], None] = nothing
    new_kinds: tuple[str, ...] = ()  # history rows the command adds (before app_stopped)


INTENTS: dict[str, Intent] = {
    "stretch now": Intent(
        c.StretchNow(),
        ("Stretch now",),
        ("default", "stretch"),
        reminder_due,
        ("stretch_started", "stretch_completed"),
    ),
    "snooze the first choice": Intent(
        c.Snooze(300), ("Snooze", "5 min"), ("snooze",), reminder_due, ("snoozed",)
    ),
    "snooze another choice": Intent(c.Snooze(900), ("Snooze", "15 min"), (), reminder_due, ("snoozed",)),
    "skip": Intent(c.Skip(), ("Skip this reminder",), (), reminder_due, ("skipped",)),
    "pause 30 min": Intent(c.Pause(1800), ("Pause", "30 min"), new_kinds=("paused",)),
    "pause 1 hour": Intent(c.Pause(3600), ("Pause", "1 hour"), new_kinds=("paused",)),
    "pause 2 hours": Intent(c.Pause(7200), ("Pause", "2 hours"), new_kinds=("paused",)),
    "pause until tomorrow": Intent(c.Pause(), ("Pause", "Until tomorrow"), new_kinds=("paused",)),
    "resume": Intent(c.Resume(), ("Resume",), (), paused, ("resumed",)),
    "statistics": Intent(c.OpenWindow(c.WindowKind.STATISTICS), ("Statistics",)),
    "statistics from the breaks line": Intent(c.OpenWindow(c.WindowKind.STATISTICS), ("Breaks today",)),
    "settings": Intent(c.OpenWindow(c.WindowKind.SETTINGS), ("Settings",)),
    "control window": Intent(c.OpenWindow(c.WindowKind.CONTROL), None),
    "start at login": Intent(c.SetAutostart(), ("Start at login",)),
    "reload": Intent(c.Reload(), None),
    "quit": Intent(c.Quit(), ("Quit",)),
}


@dataclass(frozen=True)
class Trace:
    """Everything a run left behind that a user or the next start could see."""

    rows: list[tuple[str, str, dict[str, Any]]]
    status: dict[str, Any] | None
    state: dict[str, Any] | None
    view: Any
    notes: list[Any]
    withdrawn: int
    windows: list[c.WindowKind]
    stretch_args: dict[str, Any] | None
    autostart: bool
    idle_watches: int
    stopped: bool
    quit_by_itself: bool  # the command (not the test's clean-up) stopped the app


def run(
    tmp_path: Path, name: str, intent: Intent, deliver: Callable[[World], Told] | None
) -> tuple[Trace, Told, World]:
    """Set the scene for `intent` on a fresh app, `deliver` it (None: do nothing) and collect the trace."""
    world = World(tmp_path / f"{name}.db", temp_env(tmp_path / name))
    try:
        world.do(c.Status())  # started
        intent.setup(world)
        world.clock.advance(seconds=30)
        told = deliver(world) if deliver is not None else None
        if not isinstance(intent.command, c.Quit):
            world.do(c.Status())  # a posted command is done once a later call is answered
        if isinstance(intent.command, c.StretchNow) and deliver is not None:
            # The stretch window reports back through the post it was given, whoever opened it.
            report = world.ports.stretch_post
            assert report is not None, "no stretch window was opened"
            world.clock.advance(seconds=40)
            report(c.StretchStarted())
            world.clock.advance(seconds=70)
            report(c.StretchEnded(c.Outcome.COMPLETED, {"seconds": 70.0, "steps": 4}))
        status = None
        if not isinstance(intent.command, c.Quit):
            reply = world.app.call(c.Status())  # also waits until every posted command is done
            assert reply.ok
            status = reply.data
        elif deliver is not None:
            world.thread.join(timeout=5)  # a posted Quit ends the state thread soon
        quit_by_itself = not world.thread.is_alive()
    finally:
        stop(world)
    history = History.open(world.db)
    try:
        rows = [(e.kind, e.at.isoformat(), e.data) for e in history.events(DAY, DAY)]
        state = history.load_state(STATE_KEY)
    finally:
        history.close()
    ports = world.ports
    trace = Trace(
        rows=rows,
        status=status,
        state=state,
        view=ports.views[-1],
        notes=list(ports.notes),
        withdrawn=ports.withdrawn,
        windows=[kind for kind, _settings in ports.windows],
        # Each stretch gets a fresh id; the rest of its arguments must agree between surfaces.
        stretch_args=(
            None
            if ports.stretch_args is None
            else {key: value for key, value in ports.stretch_args.items() if key != "stretch_id"}
        ),
        autostart=ports.autostart,
        idle_watches=len(ports.idle_watches),
        stopped=ports.stopped.is_set(),
        quit_by_itself=quit_by_itself,
    )
    return trace, told, world


@pytest.mark.parametrize("name", INTENTS)
def test_a_command_from_any_surface_does_exactly_the_same_thing(
    name: str, tmp_path: Path, fake_pystray: None
) -> None:
    intent = INTENTS[name]
    reference, told, world = run(tmp_path, "wire", intent, lambda w: via_wire(w, intent.command))
    assert told is not None and told[0], told

    # The reference run did what the intent means, so agreeing with it is not agreeing on nothing.
    kinds = [row[0] for row in reference.rows]
    assert kinds[0] == "app_started" and kinds[-1] == "app_stopped"
    assert kinds.count("app_stopped") == 1
    baseline, _told, _world = run(tmp_path, "nothing", intent, None)
    assert reference.rows[: len(baseline.rows) - 1] == baseline.rows[:-1]
    added = [row[0] for row in reference.rows[len(baseline.rows) - 1 : -1]]
    assert added == list(intent.new_kinds)
    assert reference.windows == ([intent.command.kind] if isinstance(intent.command, c.OpenWindow) else [])
    assert reference.autostart is reference.view.autostart_on is isinstance(intent.command, c.SetAutostart)
    assert reference.idle_watches == (1 if isinstance(intent.command, c.Reload) else 0)
    assert reference.quit_by_itself is isinstance(intent.command, c.Quit) and not baseline.quit_by_itself
    assert (reference.stretch_args is not None) is isinstance(intent.command, c.StretchNow)

    surfaces: dict[str, Callable[[World], Told]] = {"link": lambda w: via_link(w, intent.command)}
    if intent.tray is not None:
        path = intent.tray
        surfaces["tray"] = lambda w: via_tray(w, path)
    for key in intent.bubble:
        surfaces[f"bubble {key}"] = functools.partial(via_bubble, key=key)
    # Snooze without seconds means the first configured choice: it must act exactly the same.
    if intent.command == c.Snooze(300):
        surfaces["wire, no seconds"] = lambda w: via_wire(w, c.Snooze())

    for surface, deliver in surfaces.items():
        trace, answer, world = run(tmp_path, surface.replace(" ", "-").replace(",", ""), intent, deliver)
        assert trace.rows == reference.rows, surface
        assert trace.status == reference.status, surface
        assert trace == reference, surface
        if answer is not None:
            assert answer == told, surface
        if surface == "tray":
            assert world.posted == [intent.command], "the tray posts the very command the wire carries"


def test_every_user_command_is_reachable_from_some_surface() -> None:
    sent = {type(intent.command) for intent in INTENTS.values()}
    # Status is asked, not done; the stretch window's own reports travel through its post (see above).
    assert sent | {c.Status, c.StretchStarted, c.StretchEnded} == set(c.USER_COMMANDS)


def leaves(menu: _Menu, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], _Item]]:
    """Every visible item a user could click, with its path; greyed-out submenus are not opened."""
    for item in menu.items:
        if item is _Menu.SEPARATOR or not item.visible:
            continue
        if isinstance(item.action, _Menu):
            if item.enabled:
                yield from leaves(item.action, (*path, item.label))
        else:
            yield (*path, item.label), item


@pytest.mark.parametrize("setup", [nothing, reminder_due, paused], ids=["running", "due", "paused"])
def test_every_tray_menu_item_sends_a_command_tested_here(
    fake_pystray: None, tmp_path: Path, setup: Callable[[World], None]
) -> None:
    world = World(tmp_path / "menu.db", temp_env(tmp_path / "menu"))
    try:
        world.do(c.Status())
        setup(world)
        view = world.ports.views[-1]
    finally:
        stop(world)
    posted: list[c.Command] = []
    tray = TrayIcon("xorg", posted.append, lambda _size, _badge: None, view)
    menu = tray._build().menu
    assert posted == []  # building the menu sends nothing
    sent: dict[tuple[str, ...], list[c.Command]] = {}
    greyed = []
    for path, item in leaves(menu):
        if not item.enabled:
            greyed.append(path)
            continue
        before = len(posted)
        item.action()
        sent[path] = posted[before:]
    if setup is paused:
        assert greyed == [("Skip this reminder",)]
    tested = {intent.command for intent in INTENTS.values() if intent.tray is not None}
    assert all(len(commands) <= 1 for commands in sent.values()), sent
    assert {command for commands in sent.values() for command in commands} <= tested, sent
    # Only the informational "next reminder" line sends nothing.
    silent = [path for path, commands in sent.items() if not commands]
    assert all(path[-1].startswith(("Next reminder", "Time to", "Paused until")) for path in silent), silent
