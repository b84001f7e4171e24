#!/bin/sh
# Records every browser twice: the first run into browser-vectors/<browser>/,
# the second into a scratch folder, then compares the two runs vector by
# vector. Run as root after install-browsers.sh; needs ports 80 and 4444.
set -eu
cd "$(dirname "$0")/.."
cargo build --release -p fetch-cors-recorder
bin=target/release/fetch-cors-recorder
second=${SECOND_RUN_DIR:-/tmp/fetch-cors-second-run}
for browser in ${BROWSERS:-chromium firefox webkit}; do
    "$bin" record --browser "$browser"
    "$bin" record --browser "$browser" --out "$second/$browser"
    "$bin" compare-runs "browser-vectors/$browser" "$second/$browser" | tail -n 12
done
"$bin" matrix --write
