#!/usr/bin/env bash
# Set up this checkout for testing, then run every check: ruff, ruff format, mypy, and pytest
# (arguments go to pytest). Runs all of them and exits non-zero if any failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/setup.sh --test

# The tests must import the installed wheel, never the source tree: .venv/bin/pytest, unlike
# `python -m pytest`, does not put the current folder on sys.path, and tests/conftest.py checks it.
unset PYTHONPATH

failed=()
step() {
    printf '\n== %s\n' "$*" >&2
    "$@" || failed+=("$*")
}
step .venv/bin/ruff check hipbreak tests
step .venv/bin/ruff format --check hipbreak tests
step .venv/bin/mypy
step .venv/bin/pytest "$@"

if ((${#failed[@]})); then
    printf '\ntest: failed:\n' >&2
    printf '  %s\n' "${failed[@]}" >&2
    exit 1
fi
printf '\ntest: all checks passed\n' >&2
