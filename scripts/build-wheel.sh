#!/usr/bin/env bash
# Build hipbreak's wheel into DIR (default: dist/) without leaving build/ or *.egg-info in the checkout:
# setuptools writes those next to the sources it builds, so it builds a copy in a temp folder.
#   scripts/build-wheel.sh [DIR]
# PYTHON picks the interpreter whose pip builds it (default: .venv's, else python3 with a throwaway venv).
# SOURCE_DATE_EPOCH, when set, fixes the times inside the wheel: two builds are then byte-identical.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

die() { printf 'build-wheel: %s\n' "$*" >&2; exit 1; }

out=${1:-dist}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# What the wheel and sdist are made of, and nothing else (no .venv, no caches).
mkdir "$work/src"
cp -R pyproject.toml setup.py MANIFEST.in README.md LICENSE hipbreak po "$work/src/"
find "$work/src" -name __pycache__ -prune -exec rm -rf {} +
# Modes from this checkout's umask would otherwise end up in the wheel.
chmod -R u=rwX,go=rX "$work/src"

python=${PYTHON:-}
if [[ -z "$python" && -x .venv/bin/python ]]; then
    python=.venv/bin/python
fi
if [[ -z "$python" ]] || ! "$python" -m pip --version >/dev/null 2>&1; then
    base=${python:-python3}
    command -v "$base" >/dev/null || die "$base not found: install Python 3.10 or newer"
    "$base" -m venv "$work/venv" || die "cannot create a venv with $base (Debian: apt install python3-venv)"
    python=$work/venv/bin/python
fi
"$python" -m pip -q --disable-pip-version-check wheel --no-deps --wheel-dir "$out" "$work/src"
ls "$out"/hipbreak-*.whl
