#!/bin/sh
# Installs the three browsers and their WebDriver servers the recorder
# drives, from Debian's packages (and geckodriver from crates.io). Run as
# root on a fresh Debian 12 machine. CI never needs them: it replays the
# committed recordings.
set -eu
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y \
    chromium chromium-driver \
    firefox-esr \
    webkit2gtk-driver libwebkit2gtk-4.1-0 xvfb
cargo install --locked geckodriver --version 0.37.1
chromium --version
firefox-esr --version
dpkg-query -W -f '${Package} ${Version}\n' webkit2gtk-driver libwebkit2gtk-4.1-0
"${CARGO_HOME:-$HOME/.cargo}/bin/geckodriver" --version | head -1
