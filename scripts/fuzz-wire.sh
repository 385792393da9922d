#!/usr/bin/env bash
# Fuzzes the NATS wire decoder with libFuzzer for a bounded time.
#   scripts/fuzz-wire.sh [seconds]   (default 600)
# Builds Fuzz/WireDecoder with -sanitize=fuzzer,address into .build-fuzz, seeds a corpus from
# Fuzz/seeds, and prints libFuzzer's final statistics. Crashes are written to fuzz-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"

# -sanitize=fuzzer instruments for coverage and links libFuzzer; our own main (Fuzz/WireDecoder/
# main.swift, which SwiftPM requires) calls libFuzzer's driver, so libFuzzer's main is not used.
flags=(-c release --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address)
CIM_FUZZ=1 swift build "${flags[@]}" --product FuzzWireDecoder
binary="$(CIM_FUZZ=1 swift build "${flags[@]}" --show-bin-path)/FuzzWireDecoder"

mkdir -p fuzz-corpus fuzz-artifacts
cp -n Fuzz/seeds/* fuzz-corpus/ 2>/dev/null || true

"$binary" fuzz-corpus \
    -max_total_time="$seconds" \
    -max_len=8192 \
    -rss_limit_mb=2048 \
    -timeout=5 \
    -print_final_stats=1 \
    -artifact_prefix=fuzz-artifacts/
