#!/bin/sh
# Runs every target in turn, one at a time and niced (the fuzzer is
# single-threaded; the machine is shared): up to SECONDS_PER_TARGET seconds
# or 10 million executions each, whichever comes first. Logs go to
# logs/TARGET.log; the last `DONE` line of each has the numbers.
#
#   ./run-all.sh [TARGET...]        (from fuzz/; default: every target)
set -eu
cd "$(dirname "$0")"
seconds="${SECONDS_PER_TARGET:-600}"
targets="${*:-$(cargo fuzz list)}"
mkdir -p logs
for target in $targets; do
    mkdir -p "corpus/$target"
    dict=""
    case "$target" in request|fetch) dict="-dict=dictionaries/script.dict" ;; esac
    echo "== $target"
    # Safe Rust: no sanitizer (five times the executions); debug assertions on.
    RUSTC_BOOTSTRAP=1 nice cargo fuzz run --sanitizer none --debug-assertions \
        "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -runs=10000000 \
        -rss_limit_mb=2048 -timeout=10 $dict \
        >"logs/$target.log" 2>&1 || echo "   $target FAILED: see logs/$target.log"
    grep -E '^#[0-9]+[[:space:]]+DONE' "logs/$target.log" | tail -n 1 || true
done
