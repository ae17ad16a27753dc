"""The words argparse prints, marked here so hipbreak's catalog carries their translations.

argparse looks its words up through gettext's global domain, which `hipbreak.language.choose` points at
hipbreak's catalog; Python itself ships no translations of them. These are the msgids of Python 3.11's
argparse that `hipbreak`'s parser can show.
"""

from __future__ import annotations

from hipbreak.language import N_

PARSER_WORDS = (
    # Translators: starts the usage line, "usage: hipbreak [-h] ..."; keep the space at the end.
    N_("usage: "),
    # Translators: a heading in `hipbreak --help`, above the commands and other arguments without dashes.
    N_("positional arguments"),
    # Translators: a heading in `hipbreak --help`, above the options (-h, --version, ...).
    N_("options"),
    N_("show this help message and exit"),
    # Translators: %(argument_name)s is an option or placeholder, e.g. --days; %(message)s says what is wrong.
    N_("argument %(argument_name)s: %(message)s"),
    # Translators: %(prog)s is "hipbreak"; keep the line break at the end.
    N_("%(prog)s: error: %(message)s\n"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"),
)
