#!/usr/bin/env bash
# Prepare this checkout on Debian 12 / Ubuntu 22.04+: system packages, .venv, hipbreak installed
# from the checkout (a built wheel, not editable). Safe to rerun.
#   scripts/setup.sh          what the app needs
#   scripts/setup.sh --test   plus linters, pytest and the headless desktop for end-to-end tests
# Elsewhere: install the packages below yourself, then run with HIPBREAK_SKIP_APT=1.
set -euo pipefail

RUNTIME_PACKAGES=(
    python3 python3-venv python3-tk             # the interpreter, venv, and Tk for the stretch window
    python3-dev gcc pkg-config                  # PyGObject and pycairo compile from PyPI ...
    libgirepository1.0-dev libcairo2-dev        # ... against these headers
    gir1.2-gtk-3.0                              # the tray icon and its menu (pystray gtk backend)
    gir1.2-ayatanaappindicator3-0.1             # pystray appindicator backend
    libxss1                                     # idle time on X11
    libxfixes3                                  # notice an XEmbed tray that starts after the app
    libnotify-bin                               # notify-send
    fonts-dejavu-core
    # Speech is optional and not installed here: desktops that have a screen reader already ship
    # speech-dispatcher with espeak-ng, and espeak-ng alone is ~13 MB of voices; without either the
    # stretch chimes instead (hipbreak doctor says so).
)
TEST_PACKAGES=(
    xvfb xauth                                  # a virtual X display
    trayer                                      # an XEmbed system tray that needs no window manager
    dunst                                       # a notification daemon to read bubbles back from
    dbus dbus-x11                               # a private session bus per test
    xdotool x11-utils imagemagick               # clicks and keys, window trees, screenshots
    desktop-file-utils                          # desktop-file-validate for the autostart entry and the launcher
    appstream                                   # appstreamcli validate for the AppStream metainfo
    librsvg2-bin                                # rsvg-convert: the scalable icon next to the Pillow one
    pipx                                        # the wheel installs with pipx as a user would
    flatpak-builder                             # --show-manifest reads the Flatpak manifest
    faketime                                    # move one process's wall clock
    tesseract-ocr tesseract-ocr-eng             # read the text of menus and windows from screenshots
    haskell-status-notifier-item-utils          # status-notifier-watcher: a StatusNotifierWatcher for the SNI tray tests
    lxqt-panel                                  # a real StatusNotifier host that runs on bare Xvfb
    pipewire pipewire-bin wireplumber           # a private PipeWire: capture streams start and stop (calls)
    pipewire-pulse pulseaudio-utils             # the PulseAudio protocol and pactl for the no-PipeWire path
    libglib2.0-bin                              # glib-compile-schemas, gsettings: GNOME's break and notification schemas in a temp dir
    openbox wmctrl                              # a window manager that sets full screen, and a way to ask it
    espeak-ng                                   # a real speech program: the stretch's spoken cues, written to WAV files
    gettext                                     # msgfmt --check on the translations
    locales                                     # localedef: the locales the language tests run in (below)
)
# Locales the language tests run hipbreak in: a 12-hour clock (en_US) and two translations by LC_ALL.
TEST_LOCALES=(en_US de_DE pt_BR)
# Real desktops for end-to-end tests, without what they recommend (whole desktop sessions otherwise).
TEST_DESKTOP_PACKAGES=(
    gnome-shell gjs gnome-shell-extension-appindicator  # GNOME Shell: Mutter's idle monitor, a top-bar tray
    xfce4-panel openbox                         # Xfce's panel: its systray plugin hosts StatusNotifier items
)

cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

test_mode=false
case "${1:-}" in
    "") ;;
    --test) test_mode=true ;;
    *) die "unknown option ${1}; usage: scripts/setup.sh [--test]" ;;
esac

packages=("${RUNTIME_PACKAGES[@]}")
lean_packages=()
if $test_mode; then
    packages+=("${TEST_PACKAGES[@]}")
    lean_packages=("${TEST_DESKTOP_PACKAGES[@]}")
fi

missing_of() {
    local pkg
    for pkg in "$@"; do
        if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]]; then
            printf '%s\n' "$pkg"
        fi
    done
}

install_system_packages() {
    local missing=() lean=()
    mapfile -t missing < <(missing_of "${packages[@]}")
    mapfile -t lean < <(missing_of "${lean_packages[@]}")
    if ((${#missing[@]} + ${#lean[@]} == 0)); then
        return
    fi
    command -v apt-get >/dev/null \
        || die "apt-get not found: install the packages listed in scripts/setup.sh with your package manager, then rerun with HIPBREAK_SKIP_APT=1"
    local sudo=()
    if ((EUID != 0)); then
        command -v sudo >/dev/null || die "not root and no sudo: as root, run apt-get install ${missing[*]} ${lean[*]}"
        sudo=(sudo)
    fi
    say "installing system packages: ${missing[*]} ${lean[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    if ((${#missing[@]})); then
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
    fi
    if ((${#lean[@]})); then
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${lean[@]}"
    fi
}

make_venv() {
    local python=${PYTHON:-python3}
    if .venv/bin/python -m pip --version >/dev/null 2>&1; then
        return
    fi
    command -v "$python" >/dev/null || die "$python not found: install Python 3.10 or newer"
    "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
        || die "$python is older than 3.10: set PYTHON to a newer interpreter"
    say "creating .venv with $("$python" --version 2>&1)"
    # --clear replaces a half-made or moved venv that no longer runs.
    "$python" -m venv --clear .venv
    .venv/bin/python -m pip install -q --upgrade pip
}

install_hipbreak() {
    local pip=(.venv/bin/python -m pip -q --disable-pip-version-check)
    local extras=""
    if $test_mode; then
        extras="[test]"
    fi
    wheels=$(mktemp -d)
    trap 'rm -rf "$wheels"' EXIT
    # One wheel serves both steps below: dependencies from its metadata, then the package itself,
    # reinstalled every time because an unchanged version number would otherwise keep the old files.
    # Built from a copy, so no build/ or *.egg-info is left in the checkout.
    PYTHON=.venv/bin/python ./scripts/build-wheel.sh "$wheels" >/dev/null
    local wheel=("$wheels"/hipbreak-*.whl)
    "${pip[@]}" install "${wheel[0]}${extras}"
    "${pip[@]}" install --force-reinstall --no-deps "${wheel[0]}"
    say "installed $(.venv/bin/python -c 'import hipbreak; print("hipbreak", hipbreak.__version__)') into .venv"
    if ! .venv/bin/python -c 'import tkinter' 2>/dev/null; then
        say "warning: .venv's Python has no tkinter, so the stretch window cannot open (remove .venv and rerun)"
    fi
}

make_test_locales() {
    local name sudo=()
    [[ $(id -u) == 0 ]] || sudo=(sudo)
    for name in "${TEST_LOCALES[@]}"; do
        # locale -a spells them "de_DE.utf8"; localedef adds one to the archive without touching locale.gen.
        if ! locale -a 2>/dev/null | grep -qx "$name.utf8"; then
            say "adding the $name.UTF-8 locale for the language tests"
            "${sudo[@]}" localedef -i "$name" -f UTF-8 "$name.UTF-8" || say "warning: could not add $name.UTF-8"
        fi
    done
}

if [[ "${HIPBREAK_SKIP_APT:-}" == 1 ]]; then
    say "HIPBREAK_SKIP_APT=1: not checking system packages"
else
    install_system_packages
    if $test_mode; then
        make_test_locales
    fi
fi
make_venv
install_hipbreak
