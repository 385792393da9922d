#!/usr/bin/env bash
# Checks the micro benchmarks (ordo-one/benchmark) against the static thresholds in
# Benchmarks/Thresholds/:
#   WireBenchmarks   decoding MSG and HMSG frames and encoding PUB frames must allocate nothing, and
#                    the control benchmark must count exactly its 1000 allocations (so a malloc
#                    counter that is not loaded, which reads 0 everywhere, fails the gate instead of
#                    passing it);
#   CodecBenchmarks  the Person service's per-command work in the pure domain (decoding a command,
#                    decide + apply, encoding the event envelope and the reply, and all of it
#                    together) must allocate exactly as often as recorded: fewer fails too (the tool
#                    reports BETTER), so an improvement is recorded, and a missing malloc counter
#                    (0 everywhere) fails here as well.
# Only allocation counts are stored there, since they are the same on every machine; times are not
# gated (they belong to cim-bench's ratios). Exits non-zero on a regression or an unrecorded change.
#
#   scripts/bench-gate.sh
#
# To record thresholds after an intended change (then keep only "mallocCountTotal" in each file):
#   CIM_BENCHMARKS=1 swift package --scratch-path .build-bench --allow-writing-to-package-directory \
#     benchmark thresholds update --target WireBenchmarks --path Benchmarks/Thresholds
# (and the same with --target CodecBenchmarks).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CIM_BENCHMARKS=1
swift package --scratch-path .build-bench benchmark thresholds check --target WireBenchmarks --target CodecBenchmarks \
  --path Benchmarks/Thresholds --no-progress
