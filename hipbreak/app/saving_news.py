"""What the user hears about the history: breaks waiting to be saved (told once, and once saved)."""

from __future__ import annotations

from typing import Protocol

from hipbreak.language import N_, _, ngettext

BREAK = "stretch_completed"

# N_-marked English, translated where the bubble is built.
WAITING_SUMMARY = N_("Break not saved yet")
SAVED_SUMMARY = N_("Break saved")
# Whole sentences, one per cause, so that each can be translated as it stands.
_WAITING = {
    "busy": N_("Your last break is waiting to be saved: the history is busy. hipbreak will keep trying."),
    "full": N_(
        "Your last break is waiting to be saved: the disk is full. hipbreak will keep trying; "
        "freeing some space helps."
    ),
    "other": N_(
        "Your last break is waiting to be saved: the history cannot be written. hipbreak will keep trying."
    ),
}
_IN_MEMORY = {
    "full": N_(
        "Your last break is waiting to be saved: the disk is full, so hipbreak keeps it in memory. "
        "Free some space before you quit hipbreak, or the break will be lost."
    ),
    "other": N_(
        "Your last break is waiting to be saved, and hipbreak can keep it only in memory for now. "
        "hipbreak will keep trying; if you quit hipbreak before then, the break will be lost."
    ),
}


class Waiting(Protocol):
    """What the news reads from the history keeper."""

    problem: str | None
    recovered: int

    @property
    def memory_only(self) -> bool: ...
    def waiting(self, kind: str | None = None, day: str | None = None) -> int: ...


class SavingNews:
    """Decides what to tell about waiting breaks, each thing once; state thread only."""

    def __init__(self) -> None:
        self._told = 0  # the most breaks that waited since the user was told; 0 = nothing told
        self._told_memory = False
        self._recovered_seen = False

    def update(self, keeper: Waiting) -> tuple[str, str] | None:
        """Return (summary, body) of a notification to show now, or None."""
        waiting = keeper.waiting(BREAK)
        if waiting:
            news = None
            if not self._told or (keeper.memory_only and not self._told_memory):
                news = _(WAITING_SUMMARY), waiting_text(keeper.problem, keeper.memory_only)
                self._told_memory = keeper.memory_only
            self._told = max(self._told, waiting)
            return news
        saved, self._told = self._told, 0
        if not saved and not self._recovered_seen:
            saved = keeper.recovered  # left waiting by the last run, saved at this start
        self._recovered_seen = True
        return (_(SAVED_SUMMARY), saved_text(saved)) if saved else None


def waiting_text(problem: str | None, memory_only: bool) -> str:
    """The sentence telling that the last break waits to be saved, and why."""
    cause = problem if problem in ("busy", "full") else "other"
    if memory_only:
        return _(_IN_MEMORY["full" if cause == "full" else "other"])
    return _(_WAITING[cause])


def open_problem(error: str, reason: str) -> str:
    """The line telling the user at start that the history could not be opened (`error` names it)."""
    if reason == "busy":
        # Translators: {problem} names the history file and why it could not be opened.
        message = _(
            "{problem}; another program is using it, so hipbreak keeps your breaks aside until it is free"
        )
        return message.format(problem=error)
    # Translators: {problem} names the history file and why it could not be opened.
    return _("{problem}; breaks will not be saved until that is fixed").format(problem=error)


def saved_text(count: int) -> str:
    """The sentence telling that the breaks that waited are saved now."""
    if count == 1:
        return _("Your break that was waiting is saved in the history now.")
    # Translators: {count} is more than one in English; keep {count} in every form.
    message = ngettext(
        "Your {count} break that was waiting is saved in the history now.",
        "Your {count} breaks that were waiting are saved in the history now.",
        count,
    )
    return message.format(count=count)
