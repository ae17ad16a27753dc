#!/usr/bin/env bash
# Refresh po/hipbreak.pot from the marked strings in hipbreak/, then bring each po/<lang>.po up to date
# (new strings empty, changed ones marked fuzzy). Needs the test extras (Babel): ./scripts/setup.sh --test.
#   scripts/update-messages.sh            refresh the template and every translation
#   scripts/update-messages.sh --check    exit 1 when the template is out of date (the test suite runs it)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
pybabel=${PYBABEL:-.venv/bin/pybabel}
[[ -x "$pybabel" ]] || { echo "update-messages: $pybabel not found: run ./scripts/setup.sh --test" >&2; exit 1; }

# The marks hipbreak.language defines: N_ and NC_ mark without translating.
keywords=(-k _ -k N_ -k ngettext:1,2 -k pgettext:1c,2 -k NC_:1c,2)
extract() {
    "$pybabel" -q extract -F po/babel.cfg --no-wrap --sort-by-file --add-comments=Translators: \
        --project=hipbreak --copyright-holder="The hipbreak authors" "${keywords[@]}" --no-default-keywords \
        -o "$1" .
}

if [[ "${1:-}" == "--check" ]]; then
    fresh=$(mktemp)
    trap 'rm -f "$fresh"' EXIT
    extract "$fresh"
    # Only the messages count: not where they stand nor when the template was made.
    if ! diff -q <(grep -v '^#:\|POT-Creation-Date' "$fresh") <(grep -v '^#:\|POT-Creation-Date' po/hipbreak.pot) \
        >/dev/null; then
        echo "update-messages: po/hipbreak.pot is out of date: run scripts/update-messages.sh" >&2
        exit 1
    fi
    exit 0
fi
extract po/hipbreak.pot
for po in po/*.po; do
    [[ -e "$po" ]] || continue
    lang=$(basename "$po" .po)
    "$pybabel" -q update --no-wrap -i po/hipbreak.pot -l "$lang" -o "$po" --ignore-obsolete
done
echo "update-messages: $(grep -c '^msgid ' po/hipbreak.pot) messages in po/hipbreak.pot"
