"""The state thread beside GNOME's own movement breaks: ask once, act on the answer, offer the stretch.

core/gnome_breaks.py decides who reminds; this carries it out through the ports. State thread only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from hipbreak.adapters.history import HistoryError
from hipbreak.adapters.history_keeper import HistoryKeeper
from hipbreak.app.ports import Ports
from hipbreak.core.bubble_texts import gnome_break_offer, gnome_question
from hipbreak.core.gnome_breaks import GnomeBreaksChoice, plan_gnome_breaks
from hipbreak.core.reminders import Refused, Reminders
from hipbreak.core.settings import Settings
from hipbreak.language import N_, _

log = logging.getLogger(__name__)
STATE_KEY = "gnome_breaks"  # {"asked": true} once the question was shown: it is not asked at every start

# What the app answers to each choice; N_-marked English, translated with _() where it is said.
ANSWERS = {
    GnomeBreaksChoice.HIPBREAK: N_("hipbreak reminds you; GNOME's movement breaks are off."),
    GnomeBreaksChoice.GNOME: N_("hipbreak follows GNOME's movement breaks."),
}


class GnomeWiring:
    """Who reminds beside GNOME's movement breaks, as the state thread last decided it."""

    def __init__(self) -> None:
        self.asked = False  # the question was shown (saved in the history's state table)
        self.following = False  # hipbreak offers the stretch at GNOME's movement breaks, and no more

    def load(self, history: HistoryKeeper) -> None:
        """Read whether the question was asked before (at start)."""
        self.asked = bool((history.load_state(STATE_KEY) or {}).get("asked"))

    def plan(
        self,
        settings: Settings,
        reminders: Reminders,
        ports: Ports,
        history: HistoryKeeper | None,
        tell: Callable[[list[str]], None],
    ) -> None:
        """Decide who reminds now, ask once, switch GNOME's off when chosen, and follow GNOME or not."""
        choice = GnomeBreaksChoice(settings.hold.gnome_breaks)
        movement_on = ports.gnome_movement_on()
        plan = plan_gnome_breaks(choice, movement_on, self.asked)
        if plan.switch_gnome_off:  # chosen before; GNOME's came back on (Settings, another machine's file)
            problem = ports.switch_gnome_movement_off()
            if problem is not None:  # GNOME's stay on: follow them rather than nag beside them
                tell([problem])
                plan = plan_gnome_breaks(GnomeBreaksChoice.GNOME, True, True)
        if plan.ask:
            ports.notify("gnome", *gnome_question())
            self.asked = True
            if history is not None:
                try:
                    history.save_state(STATE_KEY, {"asked": True})
                except HistoryError as exc:
                    log.warning("%s", exc)
        log.info("GNOME's movement breaks on: %s; %s", movement_on, plan)
        reminders.own_reminders = plan.own_reminders
        self.following = plan.follow_gnome
        ports.follow_gnome(plan.follow_gnome)

    def answer(
        self, choice: GnomeBreaksChoice, settings: Settings, ports: Ports, tell: Callable[[list[str]], None]
    ) -> Settings:
        """Carry out the user's answer; return the settings with it. Raises Refused when it cannot be."""
        if choice is GnomeBreaksChoice.ASK:
            # Translators: "hipbreak" and "gnome" are config values: keep them as they are.
            raise Refused(_('choose "hipbreak" or "gnome"'))
        if choice is GnomeBreaksChoice.HIPBREAK:
            problem = ports.switch_gnome_movement_off()
            if problem is not None:  # GNOME's stay on: hipbreak keeps following rather than nag beside them
                ports.notify("problem", _("GNOME's movement breaks are still on"), problem, ())
                raise Refused(problem)
        problem = ports.save_gnome_breaks(choice.value)
        if problem is not None:  # the choice holds until hipbreak stops
            tell([problem])
        return replace(settings, hold=replace(settings.hold, gnome_breaks=choice.value))

    def movement_break(self, ports: Ports) -> None:
        """GNOME's movement break started: offer the guided stretch when following GNOME."""
        if self.following and not ports.stretch_running():
            ports.notify("gnome", *gnome_break_offer())
