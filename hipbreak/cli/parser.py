"""The `hipbreak` command's grammar: its commands, options and help, in the user's language.

argparse's own words ("usage:", "options", its errors) come from the catalog too: see parser_words.py.
"""

from __future__ import annotations

import argparse

from hipbreak.language import _, pgettext


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of the `hipbreak` command, its help in the language already chosen."""
    parser = argparse.ArgumentParser(
        prog="hipbreak",
        description=_(
            "A tray app that reminds you to stand up and guides a hip-flexor stretch. "
            "Without a command it starts the tray app."
        ),
    )
    # Not argparse's "version" action: it wraps the line, and the folder's path can be long.
    parser.add_argument(
        "--version", action="store_true", help=_("show the version and the folder it runs from")
    )
    parser.add_argument("-v", "--verbose", action="store_true", help=_("also log to the terminal"))
    # Translators: the placeholder for a command in "usage: hipbreak [-h] COMMAND ..."; one word, capitals.
    commands = parser.add_subparsers(dest="command", metavar=pgettext("command-line placeholder", "COMMAND"))
    commands.add_parser("run", help=_("start the tray app (the default)"))
    status = commands.add_parser("status", help=_("show the next reminder and today's breaks"))
    status.add_argument("--json", action="store_true", help=_("print one JSON object"))
    commands.add_parser(
        "stretch",
        help=_("open the guided stretch now; with a stretch window already open, say so and exit 0"),
    )
    snooze = commands.add_parser("snooze", help=_("put off the next reminder"))
    # Translators: the placeholder for a length of time in "hipbreak snooze [duration]"; one word.
    duration = pgettext("command-line placeholder", "duration")
    snooze.add_argument(
        "duration",
        nargs="?",
        metavar=duration,
        # Translators: "10m" is typed as is (the command reads English durations).
        help=_('how long, like "10m" (default: the first snooze option)'),
    )
    commands.add_parser("skip", help=_("skip this reminder; the interval starts again"))
    pause = commands.add_parser(
        "pause",
        help=_("pause reminders (without a duration: until tomorrow)"),
        description=_(
            "Pause reminders for a while. Without a duration the pause lasts until tomorrow: "
            "until the next day starts (day_starts in the settings, 06:00 unless you changed it)."
        ),
    )
    pause.add_argument(
        "duration",
        nargs="?",
        metavar=duration,
        default="tomorrow",
        # Translators: "30m", "2h" and "tomorrow" are typed as is (the command reads them in English).
        help=_('how long, like "30m" or "2h"; "tomorrow" (the default) lasts until the next day starts'),
    )
    commands.add_parser("resume", help=_("resume paused reminders"))
    commands.add_parser("reload", help=_("make the running app read its settings file again"))
    commands.add_parser("quit", help=_("quit the running app"))
    stats = commands.add_parser("stats", help=_("breaks per day"))
    stats.add_argument(
        "--days",
        type=int,
        default=7,
        # Translators: the placeholder for a number of days in "--days DAYS"; one word, capitals.
        metavar=pgettext("command-line placeholder", "DAYS"),
        help=_("how many days back (default 7)"),
    )
    form = stats.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help=_("print JSON"))
    form.add_argument("--csv", action="store_true", help=_("print CSV"))
    # Translators: the placeholder for a file name in "--chart FILE"; one word, capitals.
    file = pgettext("command-line placeholder", "FILE")
    stats.add_argument(
        "--chart",
        metavar=file,
        # Translators: {file} is the placeholder for the file name translated above ("FILE").
        help=_("also write a bar chart to {file} (.png, .jpg, .webp or .gif)").format(file=file),
    )
    config = commands.add_parser("config", help=_("the settings file"))
    config.add_argument("action", choices=["path", "check", "edit"])
    autostart = commands.add_parser("autostart", help=_("start hipbreak at login"))
    autostart.add_argument("action", choices=["on", "off", "status"])
    commands.add_parser("doctor", help=_("check the desktop: tray, notifications, idle time, paths"))
    commands.add_parser(
        "install-desktop", help=_("add hipbreak to the application menu and start it at login (Linux)")
    )
    commands.add_parser(
        "uninstall-desktop", help=_("take away the menu entry, icons and start at login; keep your data")
    )
    return parser
